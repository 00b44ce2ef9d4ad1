package io.paratune.storage.jdbc;

import io.paratune.StorageException;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Brings a database to the schema this version of Paratune uses, with Flyway and the versioned
 * scripts in {@code io/paratune/storage/jdbc/migration}. Each script also records its version in
 * {@code paratune_meta}, so a database written by a newer Paratune is recognised and refused before
 * anything touches it.
 */
final class Migrations {
    private static final System.Logger LOG = System.getLogger(Migrations.class.getName());

    /** The schema version of the newest script; raise it with every new {@code V<n>__} script. */
    static final int LATEST = 2;

    static final String LOCATION = "classpath:io/paratune/storage/jdbc/migration";
    static final String HISTORY_TABLE = "paratune_schema_history";

    private static final Map<String, Object> LOCKS = new ConcurrentHashMap<>();

    private Migrations() {}

    /**
     * Migrates the database to {@link #LATEST} unless it is there already.
     *
     * @throws StorageException if the database has a newer schema than this Paratune knows, or the
     *     migration fails
     */
    static void migrate(Database db) {
        int version = schemaVersion(db);
        checkNotNewer(db, version);
        if (version == LATEST) {
            return;
        }
        // storages of this JVM take turns; other processes may still race, and the loser retries
        synchronized (LOCKS.computeIfAbsent(db.url().jdbcUrl(), url -> new Object())) {
            migrateRetrying(db, schemaVersion(db));
        }
    }

    private static void migrateRetrying(Database db, int version) {
        long deadline = System.nanoTime() + db.settings().retryFor().toNanos();
        while (version < LATEST) {
            try {
                flyway(db).migrate();
            } catch (FlywayException e) {
                // several processes opening a new database at once race to create its tables: the
                // loser fails, waits, and finds the schema created
                if (System.nanoTime() >= deadline) {
                    throw new StorageException(
                            "cannot migrate storage " + db.url() + " to schema version " + LATEST + ": "
                                    + e.getMessage(),
                            e);
                }
                LOG.log(Level.DEBUG, () -> "migration of " + db.url() + " failed, retrying: " + e.getMessage());
                pause();
            }
            version = schemaVersion(db);
            checkNotNewer(db, version);
        }
    }

    /**
     * Checks that a storage opened read-only can be read: its schema is this version's, neither
     * newer nor older (a read-only storage is never migrated).
     */
    static void checkReadable(Database db, int version) {
        checkNotNewer(db, version);
        if (version < LATEST) {
            throw new StorageException("storage " + db.url() + " has schema version " + version + ", written by an"
                    + " older Paratune; it was opened read-only, so it is not upgraded. Open it once for writing"
                    + " (for example run the study again) to upgrade it to version " + LATEST);
        }
    }

    private static void checkNotNewer(Database db, int version) {
        if (version > LATEST) {
            throw new StorageException("storage " + db.url() + " has schema version " + version + ", written by a"
                    + " newer Paratune; this version understands schema versions up to " + LATEST
                    + ". Upgrade Paratune to open it");
        }
    }

    /**
     * Flyway logs through SLF4J, as HikariCP does, never through {@code java.util.logging} by
     * itself: an application without an SLF4J provider sees nothing of the migrations, one that
     * has one routes them with the rest of its logging.
     */
    static Flyway flyway(Database db) {
        return Flyway.configure(Migrations.class.getClassLoader())
                .loggers("slf4j")
                .dataSource(db.unpooledDataSource())
                .locations(LOCATION)
                .table(HISTORY_TABLE)
                .placeholders(Map.of("id_pk", db.dialect().idPrimaryKey()))
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load();
    }

    /** The version in {@code paratune_meta}, or 0 for a database without Paratune's tables. */
    static int schemaVersion(Database db) {
        return db.read("read the schema version", (c, retried) -> {
            if (!tableExists(db.dialect(), c, "paratune_meta")) {
                return 0;
            }
            try (PreparedStatement s = c.prepareStatement(
                            "SELECT meta_value FROM paratune_meta WHERE meta_key = 'schema_version'");
                    ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return 0;
                }
                String text = r.getString(1);
                try {
                    return Integer.parseInt(text.strip());
                } catch (NumberFormatException e) {
                    throw new StorageException("storage " + db.url() + " has an unreadable schema version '" + text
                            + "'; it was changed outside Paratune");
                }
            }
        });
    }

    private static boolean tableExists(Dialect dialect, Connection c, String table) throws SQLException {
        String sql = dialect == Dialect.SQLITE
                ? "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
                : "SELECT 1 WHERE to_regclass(?) IS NOT NULL";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, table);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50 + ThreadLocalRandom.current().nextInt(200));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting to retry the schema migration", e);
        }
    }
}
