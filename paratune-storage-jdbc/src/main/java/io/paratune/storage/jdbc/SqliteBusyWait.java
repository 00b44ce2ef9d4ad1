package io.paratune.storage.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import org.sqlite.BusyHandler;

/**
 * How a SQLite connection waits for a lock another process holds: it retries after short, jittered
 * pauses (0.1 ms, growing to at most 2 ms) until {@code timeout} has passed. SQLite's own busy
 * timeout sleeps 1, 2, 5, 10 ... up to 100 ms between tries, so with several worker processes
 * writing small transactions a waiting process mostly sleeps while the lock is free. One instance
 * per connection; a connection is used by one thread at a time.
 */
final class SqliteBusyWait extends BusyHandler {
    private static final long FIRST_PAUSE_NANOS = 100_000;
    private static final long LONGEST_PAUSE_NANOS = 2_000_000;

    private final long timeoutNanos;
    private long waitingSince;

    private SqliteBusyWait(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
    }

    /** A handler not installed anywhere, for tests of its timing. */
    static SqliteBusyWait forTest(Duration timeout) {
        return new SqliteBusyWait(timeout);
    }

    /** Makes {@code c}, a SQLite connection, wait this way for up to {@code timeout}. */
    static void install(Connection c, Duration timeout) throws SQLException {
        BusyHandler.setHandler(c, new SqliteBusyWait(timeout));
    }

    /**
     * @param previousTries how often SQLite has called this for the same lock wait, from 0
     * @return 0 to give up (SQLite reports SQLITE_BUSY), else 1 to try again
     */
    @Override
    protected int callback(int previousTries) {
        long now = System.nanoTime();
        if (previousTries == 0) {
            waitingSince = now;
        } else if (now - waitingSince >= timeoutNanos) {
            return 0;
        }
        long pause = pauseCeilingNanos(previousTries);
        LockSupport.parkNanos(pause / 2 + ThreadLocalRandom.current().nextLong(pause / 2 + 1));
        return 1;
    }

    /** The longest pause after {@code previousTries} tries: 0.1 ms, doubling every 4 tries, at most 2 ms. */
    static long pauseCeilingNanos(int previousTries) {
        return Math.min(LONGEST_PAUSE_NANOS, FIRST_PAUSE_NANOS << Math.min(previousTries / 4, 5));
    }
}
