package io.paratune.cli;

import io.paratune.StorageException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;

/**
 * Storage outages as the launcher sees them: a {@link StorageException} whose cause says that the
 * database could not be reached or was busy (a restarting PostgreSQL server, a SQLite file locked by
 * another process), after the storage's own retries (about a minute) ran out. The launcher then
 * keeps what a trial reported and tries again, for up to {@link #PATIENCE} since the outage began.
 */
final class Outages {
    /**
     * How long the launcher keeps trying to record a trial's reports and its end while the storage
     * is unreachable, counted from the first failure; then it gives up loudly (the trial's log keeps
     * what could not be recorded).
     */
    static final Duration PATIENCE = Duration.ofMinutes(5);

    private Outages() {}

    /** Whether {@code e} says the storage is unreachable or busy for now (worth trying again later). */
    static boolean isOutage(Throwable e) {
        if (!(e instanceof StorageException)) {
            return false;
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                String message = String.valueOf(s.getMessage());
                if (state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("53300"))) {
                    return true;
                }
                if (message.contains("SQLITE_BUSY") || message.contains("SQLITE_LOCKED")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The wait before try {@code attempt} (1, 2, ...): 0.5 s, doubling up to 10 s. */
    static long backoffMillis(int attempt) {
        return Math.min(10_000, 500L << Math.min(attempt - 1, 5));
    }
}
