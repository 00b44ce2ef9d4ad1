package io.paratune.storage.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import io.paratune.StorageException;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

/**
 * The connection pools of one storage ({@link DataSources} builds them) and the transactions run on
 * them: write transactions (SQLite {@code BEGIN IMMEDIATE}, PostgreSQL read committed with row
 * locks) and read-only snapshot transactions (SQLite deferred, PostgreSQL repeatable read), and
 * single statements, which need no transaction around them on PostgreSQL (one round trip instead
 * of three). Failures with a transient cause are retried for {@link Settings#retryFor()}; any other
 * failure becomes a {@link StorageException} naming the operation and the storage.
 *
 * <p>Durability: a {@link #writeDurably} commit waits until it, and with it every commit before it,
 * is on stable storage (SQLite {@code synchronous = FULL}, PostgreSQL {@code synchronous_commit =
 * on}); other writes are committed, visible to all and survive a crash of the process, but only
 * reach stable storage with the next durable commit or within a fraction of a second (SQLite
 * {@code synchronous = NORMAL} in WAL mode, PostgreSQL {@code synchronous_commit = off}), so a
 * crash of the machine or the server may undo the last of them. Both databases write their logs in
 * commit order, so a durable commit never survives without the writes committed before it.
 */
final class Database implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Database.class.getName());

    /** A unit of work in a transaction. */
    interface Work<T> {
        /**
         * @param c the connection, inside a transaction that commits when this returns
         * @param retried whether an earlier attempt failed with a transient error, so its effects
         *     may or may not have been committed
         */
        T run(Connection c, boolean retried) throws SQLException;
    }

    private final StorageUrl url;
    private final Settings settings;
    private final boolean readOnly;
    private final HikariDataSource writes;
    private volatile HikariDataSource reads;
    /** For a SQLite file read as immutable: how it looked when opened, else null. */
    private volatile SqliteFiles.Snapshot immutable;

    private volatile boolean closed;

    private Database(
            StorageUrl url,
            Settings settings,
            boolean readOnly,
            HikariDataSource writes,
            HikariDataSource reads,
            SqliteFiles.Snapshot immutable) {
        this.url = url;
        this.settings = settings;
        this.readOnly = readOnly;
        this.writes = writes;
        this.reads = reads;
        this.immutable = immutable;
    }

    /**
     * Opens the pools and checks that the database answers.
     *
     * @throws StorageException naming the URL and the fix when the database cannot be reached,
     *     refuses the login, or the SQLite file cannot be opened
     */
    static Database open(StorageUrl url, Settings settings) {
        if (url.dialect() == Dialect.SQLITE) {
            SqliteFiles.checkFolder(url);
            HikariDataSource writes =
                    DataSources.pool(url, settings, DataSources.sqlite(url, settings, true), 1, "write", false);
            try {
                HikariDataSource reads = DataSources.pool(
                        url, settings, DataSources.sqlite(url, settings, true), settings.poolSize(), "read", false);
                return new Database(url, settings, false, writes, reads, null);
            } catch (RuntimeException e) {
                writes.close();
                throw e;
            }
        }
        HikariDataSource pool = DataSources.pool(url, settings, null, settings.poolSize(), "pool", false);
        return new Database(url, settings, false, pool, pool, null);
    }

    /**
     * Opens the database for reading only: nothing is created or changed, and every write fails.
     * A SQLite file must exist. A SQLite file whose write-ahead log is absent (no process has it
     * open) is read as immutable, so that no {@code -wal} or {@code -shm} file is created beside it
     * (a read-only folder or file is then fine); should a writer open it meanwhile, reads go back to
     * SQLite's shared read-only mode.
     *
     * @throws StorageException as {@link #open} does
     */
    static Database openReadOnly(StorageUrl url, Settings settings) {
        if (url.dialect() == Dialect.SQLITE) {
            SqliteFiles.Snapshot quiet = SqliteFiles.quiet(url.sqliteFile());
            HikariDataSource reads = DataSources.pool(
                    url,
                    settings,
                    DataSources.sqliteReadOnly(url, settings, quiet != null),
                    settings.poolSize(),
                    "read",
                    true);
            return new Database(url, settings, true, reads, reads, quiet);
        }
        HikariDataSource pool = DataSources.pool(url, settings, null, settings.poolSize(), "read", true);
        return new Database(url, settings, true, pool, pool, null);
    }

    /** Whether this database was opened by {@link #openReadOnly}. */
    boolean readOnly() {
        return readOnly;
    }

    StorageUrl url() {
        return url;
    }

    Settings settings() {
        return settings;
    }

    /** A data source without a pool, for the schema migration. */
    DataSource unpooledDataSource() {
        return DataSources.unpooled(url, settings);
    }

    Dialect dialect() {
        return url.dialect();
    }

    /**
     * Runs {@code work} in a write transaction and commits it. The commit survives a crash of the
     * process; a crash of the machine or of the PostgreSQL server may undo it until the next {@link
     * #writeDurably}.
     */
    <T> T write(String operation, Work<T> work) {
        return run(true, false, operation, work);
    }

    /**
     * Runs {@code work} in a write transaction and commits it to stable storage: it survives a
     * crash of the process, the operating system or the power, with all commits before it.
     */
    <T> T writeDurably(String operation, Work<T> work) {
        return run(true, true, operation, work);
    }

    /** Runs {@code work} in a read-only transaction that sees one snapshot of the database. */
    <T> T read(String operation, Work<T> work) {
        return run(false, false, operation, work);
    }

    /**
     * Runs {@code work}, which executes exactly one statement that writes, atomically; commits as
     * {@link #write} does. On PostgreSQL the statement runs in auto-commit mode, in one round trip.
     */
    <T> T writeStatement(String operation, Work<T> work) {
        return run(true, false, true, operation, work);
    }

    /**
     * Runs {@code work}, which executes exactly one statement that writes, and commits it as {@link
     * #writeDurably} does. On PostgreSQL the statement runs in auto-commit mode, in one round trip,
     * and must make its commit durable itself: it ends in {@code RETURNING ...} {@link
     * Dialect#durableCommitColumn()}.
     */
    <T> T writeStatementDurably(String operation, Work<T> work) {
        return run(true, true, true, operation, work);
    }

    /**
     * Runs {@code work}, which executes exactly one query, in one snapshot (the statement's own). On
     * PostgreSQL it runs in auto-commit mode, in one round trip.
     */
    <T> T readStatement(String operation, Work<T> work) {
        return run(false, false, true, operation, work);
    }

    private <T> T run(boolean write, boolean durable, String operation, Work<T> work) {
        return run(write, durable, false, operation, work);
    }

    private <T> T run(boolean write, boolean durable, boolean single, String operation, Work<T> work) {
        if (write && readOnly) {
            throw new IllegalStateException("storage " + url + " was opened read-only; cannot " + operation);
        }
        long deadline = System.nanoTime() + settings.retryFor().toNanos();
        int attempt = 0;
        while (true) {
            if (closed) {
                throw new IllegalStateException("storage " + url + " is closed; cannot " + operation);
            }
            SqliteFiles.Snapshot before = immutable;
            HikariDataSource pool = write ? writes : reads;
            try (Connection c = pool.getConnection()) {
                T result = single && dialect() == Dialect.POSTGRESQL
                        ? autoCommitted(c, work, attempt > 0)
                        : inTransaction(pool, c, write, durable, work, attempt > 0);
                if (before == null || !leaveImmutable(before)) {
                    return result;
                }
                continue; // the file changed while it was read as immutable: read it again, sharing locks
            } catch (SQLException e) {
                if (closed) {
                    throw new IllegalStateException("storage " + url + " was closed during " + operation, e);
                }
                if (before != null && leaveImmutable(before)) {
                    continue;
                }
                if (!SqlErrors.isTransient(e) || System.nanoTime() >= deadline) {
                    throw new StorageException(
                            operation + " failed on " + url + ": " + url.scrub(SqlErrors.describe(e)),
                            SqlErrors.scrubbed(e, url));
                }
                attempt++;
                int n = attempt;
                LOG.log(Level.DEBUG, () -> operation + " failed on " + url + " (attempt " + n + "), retrying: " + e);
                backoff(attempt, deadline);
            }
        }
    }

    /** Runs one statement in PostgreSQL's auto-commit mode: no BEGIN, no COMMIT round trip. */
    private static <T> T autoCommitted(Connection c, Work<T> work, boolean retried) throws SQLException {
        c.setAutoCommit(true);
        T result;
        try {
            result = work.run(c, retried);
        } catch (SQLException | RuntimeException e) {
            try {
                c.setAutoCommit(false);
            } catch (SQLException x) {
                e.addSuppressed(x);
            }
            throw e;
        }
        c.setAutoCommit(false); // back to the pool's setting; nothing is sent to the server
        return result;
    }

    private <T> T inTransaction(
            HikariDataSource pool, Connection c, boolean write, boolean durable, Work<T> work, boolean retried)
            throws SQLException {
        boolean fullSync = durable && dialect() == Dialect.SQLITE;
        if (fullSync) {
            // in WAL mode a FULL commit syncs the log, and with it every commit before it
            synchronous(c, "FULL");
        }
        boolean committed = false;
        try {
            begin(c, write, durable);
            T result = work.run(c, retried);
            commit(c);
            committed = true;
            return result;
        } finally {
            if (!committed) {
                rollbackOrEvict(pool, c);
            }
            if (fullSync) {
                try {
                    synchronous(c, "NORMAL");
                } catch (SQLException e) {
                    LOG.log(Level.DEBUG, "could not reset synchronous; discarding the connection", e);
                    pool.evictConnection(c);
                }
            }
        }
    }

    private static void synchronous(Connection c, String level) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA synchronous = " + level);
        }
    }

    private void begin(Connection c, boolean write, boolean durable) throws SQLException {
        if (dialect() == Dialect.SQLITE) {
            try (Statement s = c.createStatement()) {
                s.execute(write ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
            }
        } else if (!write) {
            try (Statement s = c.createStatement()) {
                s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            }
        } else if (durable) {
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL synchronous_commit = on");
            }
        }
    }

    private void commit(Connection c) throws SQLException {
        if (dialect() == Dialect.SQLITE) {
            try (Statement s = c.createStatement()) {
                s.execute("COMMIT");
            }
        } else {
            c.commit();
        }
    }

    private void rollbackOrEvict(HikariDataSource pool, Connection c) {
        try {
            if (dialect() == Dialect.SQLITE) {
                try (Statement s = c.createStatement()) {
                    s.execute("ROLLBACK");
                } catch (SQLException e) {
                    if (String.valueOf(e.getMessage()).contains("no transaction is active")) {
                        return; // SQLite already ended the transaction
                    }
                    throw e;
                }
            } else {
                c.rollback();
            }
        } catch (SQLException | RuntimeException e) {
            // a connection that may still hold a transaction (and SQLite's write lock) must not be reused
            LOG.log(Level.DEBUG, "rollback failed; discarding the connection", e);
            pool.evictConnection(c);
        }
    }

    private static void backoff(int attempt, long deadline) {
        long millis = Math.min(1000, 10L << Math.min(attempt, 7));
        millis = millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1);
        long left = (deadline - System.nanoTime()) / 1_000_000;
        try {
            Thread.sleep(Math.max(1, Math.min(millis, left)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting to retry a storage operation", e);
        }
    }

    /**
     * For a SQLite file read as immutable: whether another process has opened or changed it since
     * (its write-ahead log appeared, or the file changed); if so, reads switch to SQLite's shared
     * read-only mode, which sees the writer's changes and locks against them.
     */
    private boolean leaveImmutable(SqliteFiles.Snapshot before) {
        if (SqliteFiles.unchanged(url.sqliteFile(), before)) {
            return false;
        }
        synchronized (this) {
            if (immutable == before) {
                HikariDataSource old = reads;
                reads = DataSources.pool(
                        url,
                        settings,
                        DataSources.sqliteReadOnly(url, settings, false),
                        settings.poolSize(),
                        "read",
                        true);
                immutable = null;
                old.close();
                LOG.log(Level.DEBUG, () -> url + " changed while read as immutable; reading it with shared locks");
            }
        }
        return true;
    }

    @Override
    public void close() {
        closed = true;
        reads.close();
        writes.close();
    }
}
