package io.paratune.storage.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.paratune.StorageException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Builds the data sources and connection pools that {@link Database} runs its transactions on,
 * configured for the storage URL's database and the {@link Settings}.
 */
final class DataSources {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private DataSources() {}

    /** Opens one SQLite connection; see {@link #connectWaitingForLocks}. */
    @FunctionalInterface
    interface SqliteConnector {
        Connection connect() throws SQLException;
    }

    /**
     * Opens a SQLite connection, trying again while the file is locked, for up to the busy timeout.
     * Opening applies the connection's pragmas (WAL mode first) before SQLite's busy wait is in
     * effect, so a process that opens a new file while others create its tables or switch it to WAL
     * would otherwise fail at once with {@code SQLITE_BUSY}: several workers starting on one new
     * file at the same moment.
     */
    static Connection connectWaitingForLocks(SqliteConnector connector, Settings settings) throws SQLException {
        long deadline = System.nanoTime() + settings.busyTimeout().toNanos();
        long pauseMillis = 1;
        while (true) {
            try {
                return connector.connect();
            } catch (SQLException e) {
                if (!SqlErrors.isLocked(e) || System.nanoTime() - deadline >= 0) {
                    throw e;
                }
                try {
                    Thread.sleep(pauseMillis + ThreadLocalRandom.current().nextLong(pauseMillis + 1));
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pauseMillis = Math.min(50, pauseMillis * 2);
            }
        }
    }

    /**
     * A SQLite data source: WAL mode, normal sync, a busy wait of {@link Settings#busyTimeout()}
     * ({@link SqliteBusyWait}), foreign keys on.
     *
     * @param cacheStatements whether connections keep their compiled statements ({@link
     *     StatementCache}); for the pools, whose code closes every statement it prepares
     */
    static DataSource sqlite(StorageUrl url, Settings settings, boolean cacheStatements) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(
                (int) Math.min(Integer.MAX_VALUE, settings.busyTimeout().toMillis()));
        config.enforceForeignKeys(true);
        SQLiteDataSource ds = new SQLiteDataSource(config) {
            @Override
            public Connection getConnection() throws SQLException {
                Connection c = connectWaitingForLocks(super::getConnection, settings);
                try {
                    SqliteBusyWait.install(c, settings.busyTimeout()); // replaces the busy timeout above
                } catch (SQLException | RuntimeException e) {
                    c.close();
                    throw e;
                }
                return cacheStatements ? StatementCache.wrap(c) : c;
            }
        };
        ds.setUrl(url.jdbcUrl());
        return ds;
    }

    /**
     * A SQLite data source that only reads: opened read-only, no journal-mode change; {@code
     * immutable} also tells SQLite that nothing changes the file, so it takes no locks and needs no
     * {@code -shm} file.
     */
    static DataSource sqliteReadOnly(StorageUrl url, Settings settings, boolean immutable) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(
                (int) Math.min(Integer.MAX_VALUE, settings.busyTimeout().toMillis()));
        SQLiteDataSource ds = new SQLiteDataSource(config) {
            @Override
            public Connection getConnection() throws SQLException {
                Connection c = connectWaitingForLocks(super::getConnection, settings);
                try {
                    SqliteBusyWait.install(c, settings.busyTimeout());
                } catch (SQLException | RuntimeException e) {
                    c.close();
                    throw e;
                }
                return StatementCache.wrap(c);
            }
        };
        if (immutable) {
            config.setOpenMode(org.sqlite.SQLiteOpenMode.OPEN_URI);
            ds.setUrl("jdbc:sqlite:" + url.sqliteFile().toUri() + "?immutable=1");
        } else {
            ds.setUrl(url.jdbcUrl());
        }
        return ds;
    }

    /**
     * A pool of up to {@code size} connections on {@code sqlite}, or on PostgreSQL with the URL's
     * login when it is null.
     *
     * @throws StorageException as {@link Database#open} does
     */
    static HikariDataSource pool(
            StorageUrl url, Settings settings, DataSource sqlite, int size, String role, boolean readOnly) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("paratune-" + url.dialect().label() + "-" + POOLS.incrementAndGet() + "-" + role);
        if (sqlite != null) {
            config.setDataSource(sqlite);
            config.setAutoCommit(true);
        } else {
            config.setJdbcUrl(url.jdbcUrl());
            if (url.user() != null) {
                config.setUsername(url.user());
            }
            // always a password, "" when none was found: the driver would otherwise read ~/.pgpass itself,
            // without libpq's rules (StorageUrl found what libpq would)
            config.setPassword(url.password() == null ? "" : url.password());
            config.setAutoCommit(false);
            config.addDataSourceProperty("ApplicationName", "paratune");
            // writes wait for the disk only where asked to (writeDurably: SET LOCAL synchronous_commit)
            config.addDataSourceProperty(
                    "options", "-c synchronous_commit=off" + (readOnly ? " -c default_transaction_read_only=on" : ""));
            config.addDataSourceProperty(
                    "connectTimeout", Math.max(1, settings.connectTimeout().toSeconds()));
        }
        config.setReadOnly(readOnly);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(Math.min(size, 1));
        config.setConnectionTimeout(Math.max(250, settings.connectTimeout().toMillis()));
        config.setInitializationFailTimeout(1);
        try {
            return new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw SqlErrors.openFailure(url, cause);
        } catch (RuntimeException e) {
            throw SqlErrors.openFailure(url, e);
        }
    }

    /** A data source without a pool, for the schema migration. */
    static DataSource unpooled(StorageUrl url, Settings settings) {
        if (url.dialect() == Dialect.SQLITE) {
            return sqlite(url, settings, false);
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url.jdbcUrl());
        if (url.user() != null) {
            ds.setUser(url.user());
        }
        ds.setPassword(url.password() == null ? "" : url.password());
        ds.setApplicationName("paratune");
        return ds;
    }
}
