package io.paratune.storage.jdbc;

import static io.paratune.storage.jdbc.StorageUrl.maskUserInfo;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Fills what a PostgreSQL storage URL leaves out from the environment, as libpq (psql) does: host,
 * port and user, and the password from {@code PGPASSWORD} or the password file ({@link PgPass}).
 */
final class PgEnvironment {
    private PgEnvironment() {}

    /**
     * @param password the password, or null when none was found
     * @param source where the password came from, or null
     * @param note why a password file was ignored, or null
     */
    record Credentials(String password, String source, String note) {}

    /** The password by libpq's order: the URL's, {@code PGPASSWORD}, the password file. */
    static Credentials credentials(
            String fromUrl, Map<String, String> env, String host, String port, String database, String user) {
        if (fromUrl != null) {
            return new Credentials(fromUrl, "the URL", null);
        }
        String fromEnv = env.get("PGPASSWORD");
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return new Credentials(fromEnv, "PGPASSWORD", null);
        }
        String file = env.get("PGPASSFILE");
        Path path;
        try {
            if (file != null && !file.isEmpty()) {
                path = Path.of(file);
            } else {
                String home = env.get("HOME");
                path = Path.of(home != null && !home.isEmpty() ? home : System.getProperty("user.home"), ".pgpass");
            }
        } catch (InvalidPathException e) {
            return new Credentials(null, null, "PGPASSFILE=" + file + " is not a valid path, so it was ignored");
        }
        PgPass.Lookup found = PgPass.find(path, host, port, database, user);
        return new Credentials(found.password(), found.source(), found.note());
    }

    /** The user for a URL that names none: {@code PGUSER}, else the operating-system user. */
    static String user(Map<String, String> env) {
        return env.get("PGUSER") != null && !env.get("PGUSER").isBlank()
                ? env.get("PGUSER")
                : System.getProperty("user.name");
    }

    /**
     * The host for a URL that names none: {@code PGHOST}, else localhost.
     *
     * @throws IllegalArgumentException naming {@code url} (password masked) if {@code PGHOST} names
     *     a Unix-domain socket or several hosts
     */
    static String host(String url, Map<String, String> env) {
        String host = env.get("PGHOST");
        if (host == null || host.isBlank()) {
            return "localhost";
        }
        host = host.strip();
        if (host.startsWith("/") || host.startsWith("@")) {
            throw new IllegalArgumentException("storage URL '" + maskUserInfo(url) + "' gives no host, and PGHOST="
                    + host + " names a Unix-domain socket, which Paratune cannot use; give the host in the URL"
                    + " (postgresql://user@host:5432/database) or set PGHOST to a host name");
        }
        if (host.contains(",")) {
            throw new IllegalArgumentException("storage URL '" + maskUserInfo(url) + "' gives no host, and PGHOST="
                    + host + " lists several; give one host in the URL or in PGHOST");
        }
        return host;
    }

    /**
     * The port for a URL that gives none, from {@code PGPORT}'s value {@code text}.
     *
     * @throws IllegalArgumentException naming {@code url} (password masked) if it is not a port
     *     number
     */
    static int port(String url, String text) {
        int port = StorageUrl.portNumber(text);
        if (port > 0) {
            return port;
        }
        throw new IllegalArgumentException("storage URL '" + maskUserInfo(url) + "' gives no port, and PGPORT=" + text
                + " is not a port number; set PGPORT to a number such as 5432 or give the port in the URL");
    }
}
