package io.paratune.storage.jdbc;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed storage URL: the one place where Paratune reads the storage URL format used by the
 * library, the command line and the server.
 *
 * <ul>
 *   <li>{@code sqlite:path/to/study.db} (relative or absolute path; {@code jdbc:sqlite:...} too);
 *   <li>{@code postgresql://user:password@host:port/database?option=value} (also {@code
 *       postgres://}); user, password, host, port and database may be left out, options go to the
 *       JDBC driver;
 *   <li>{@code jdbc:postgresql://host:port/database?user=...&password=...}, passed on as is.
 * </ul>
 *
 * <p>For PostgreSQL, what the URL leaves out comes from the environment, as libpq (psql) takes it
 * ({@link PgEnvironment}): {@code PGUSER} (else the operating-system user), {@code PGHOST} (else
 * localhost), {@code PGPORT}, {@code PGDATABASE}, and the password from {@code PGPASSWORD}, else
 * from the password file ({@code PGPASSFILE}, else {@code ~/.pgpass}; see {@link PgPass}). The
 * URL's own values win. The {@code jdbc:postgresql:} form takes only the user and password from
 * the environment.
 *
 * @param dialect which database
 * @param jdbcUrl the JDBC URL, without user and password
 * @param user the user (for PostgreSQL; a {@code jdbc:} URL's own {@code user} option still wins)
 * @param password the password, or null when none was found
 * @param sqliteFile the database file for SQLite, else null
 * @param display the URL as shown in messages, with the password masked
 * @param passwordSource where the password came from ({@code the URL}, {@code PGPASSWORD}, {@code
 *     /home/u/.pgpass line 2}), or null
 * @param passwordNote why a password file was ignored, or null
 */
record StorageUrl(
        Dialect dialect,
        String jdbcUrl,
        String user,
        String password,
        Path sqliteFile,
        String display,
        String passwordSource,
        String passwordNote) {

    static final String FORMATS = "use sqlite:path/to/study.db, postgresql://user:password@host:5432/database"
            + " or a jdbc:sqlite: / jdbc:postgresql: URL";
    private static final String MASK = "***";

    StorageUrl {
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    }

    @Override
    public String toString() {
        return display;
    }

    /**
     * Parses a storage URL, filling what a PostgreSQL URL leaves out from this process's
     * environment.
     *
     * @throws IllegalArgumentException naming the URL (password masked), what is wrong and the
     *     accepted forms
     */
    static StorageUrl parse(String url) {
        return parse(url, System.getenv());
    }

    /**
     * Parses a storage URL, filling what a PostgreSQL URL leaves out from {@code env} ({@code
     * PGUSER}, {@code PGHOST}, {@code PGPORT}, {@code PGDATABASE}, {@code PGPASSWORD}, {@code
     * PGPASSFILE}, {@code HOME}).
     */
    static StorageUrl parse(String url, Map<String, String> env) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("storage URL is empty; " + FORMATS);
        }
        String u = url.strip();
        String lower = u.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:sqlite:")) {
            return sqlite(u, u.substring("jdbc:sqlite:".length()));
        }
        if (lower.startsWith("sqlite:")) {
            return sqlite(u, u.substring("sqlite:".length()));
        }
        if (lower.startsWith("jdbc:postgresql:")) {
            return jdbcPostgres(u, env);
        }
        if (lower.startsWith("postgresql://") || lower.startsWith("postgres://")) {
            return postgres(u, env);
        }
        int colon = u.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException(
                    "storage URL '" + u + "' names no database kind; did you mean sqlite:" + u + "? " + FORMATS);
        }
        String scheme = u.substring(0, colon);
        throw new IllegalArgumentException(
                "storage URL '" + maskUserInfo(u) + "': unknown kind '" + scheme + "'; " + FORMATS);
    }

    /** {@code text} with the password replaced by {@code ***}, wherever it appears (as is or URL-encoded). */
    String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = maskUrls(text);
        if (password != null && password.length() >= 3) {
            out = out.replace(password, MASK);
            String encoded = URLEncoder.encode(password, StandardCharsets.UTF_8);
            if (!encoded.equals(password)) {
                out = out.replace(encoded, MASK).replace(encoded.replace("+", "%20"), MASK);
            }
        }
        return out;
    }

    private static StorageUrl sqlite(String url, String rest) {
        String path = rest;
        int query = path.indexOf('?');
        if (query >= 0) {
            throw new IllegalArgumentException("storage URL '" + url + "': SQLite URLs take no options ("
                    + path.substring(query) + "); give only the file path, as in sqlite:path/to/study.db");
        }
        if (path.startsWith("//")) {
            // sqlite:///relative.db and sqlite:////abs/path.db, as SQLAlchemy and Optuna write them
            path = path.substring(2);
            if (path.startsWith("/") && !path.startsWith("//")) {
                path = path.substring(1);
            }
        }
        if (path.isBlank()) {
            throw new IllegalArgumentException(
                    "storage URL '" + url + "': the SQLite file path is empty;" + " write sqlite:path/to/study.db");
        }
        if (path.equals(":memory:") || path.startsWith("file:")) {
            throw new IllegalArgumentException(
                    "storage URL '" + url + "': give a file path; for a study in" + " memory use Storage.inMemory()");
        }
        Path file;
        try {
            file = Path.of(path).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("storage URL '" + url + "': '" + path + "' is not a valid file path ("
                    + e.getReason() + "); write sqlite:path/to/study.db");
        }
        return new StorageUrl(Dialect.SQLITE, "jdbc:sqlite:" + file, null, null, file, "sqlite:" + file, null, null);
    }

    private static StorageUrl postgres(String url, Map<String, String> env) {
        URI uri;
        try {
            uri = new URI(url.endsWith("://") ? url + "/" : url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("storage URL '" + maskUserInfo(url) + "' is malformed ("
                    + e.getReason() + " at index " + e.getIndex() + "); write"
                    + " postgresql://user:password@host:5432/database, percent-encoding special characters");
        }
        // the authority by hand: java.net.URI gives up on libpq's empty host (postgresql://user@/db)
        String hostPort = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
        String userInfo = null;
        int at = hostPort.lastIndexOf('@');
        if (at >= 0) {
            userInfo = hostPort.substring(0, at);
            hostPort = hostPort.substring(at + 1);
        }
        String host;
        String portText = "";
        boolean ipv6 = hostPort.startsWith("[");
        if (ipv6) {
            int close = hostPort.indexOf(']');
            if (close < 0 || (close + 1 < hostPort.length() && hostPort.charAt(close + 1) != ':')) {
                throw new IllegalArgumentException("storage URL '" + maskUserInfo(url) + "' has a malformed IPv6"
                        + " host; write postgresql://user@[::1]:5432/database");
            }
            host = hostPort.substring(1, close);
            portText = close + 1 < hostPort.length() ? hostPort.substring(close + 2) : "";
        } else {
            int colon = hostPort.lastIndexOf(':');
            host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            portText = colon < 0 ? "" : hostPort.substring(colon + 1);
        }
        int port = -1;
        if (!portText.isEmpty()) {
            port = portNumber(portText);
            if (port < 0) {
                throw new IllegalArgumentException("storage URL '" + maskUserInfo(url) + "': port '" + portText
                        + "' is not a port number; write postgresql://user:password@host:5432/database");
            }
        }
        if (host.isEmpty()) {
            host = PgEnvironment.host(url, env);
            ipv6 = host.contains(":");
        } else {
            host = decode(url, "host", host);
        }
        String db = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (db.startsWith("/")) {
            db = db.substring(1);
        }
        if (db.contains("/")) {
            throw new IllegalArgumentException("storage URL '" + maskUserInfo(url) + "' needs one database name"
                    + " after the host, got '" + db + "'; write postgresql://user:password@host:5432/database");
        }
        db = db.isEmpty() ? "" : decode(url, "database name", db);
        if (db.isEmpty()) {
            db = env.getOrDefault("PGDATABASE", "");
        }
        if (db.isEmpty()) {
            throw new IllegalArgumentException("storage URL '" + maskUserInfo(url) + "' needs one database name"
                    + " after the host, got ''; write postgresql://user:password@host:5432/database (or set"
                    + " PGDATABASE)");
        }
        String user = null;
        String password = null;
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(url, "user", colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(url, "password", userInfo.substring(colon + 1));
        }
        Map<String, String> options = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("storage URL '" + maskUserInfo(url) + "': option '"
                            + maskUserInfo(pair) + "' is not name=value; write ?name=value&other=value");
                }
                options.put(
                        decode(url, "option name", pair.substring(0, eq)),
                        decode(url, "option value", pair.substring(eq + 1)));
            }
        }
        if (options.containsKey("password") || options.containsKey("user")) {
            throw new IllegalArgumentException("storage URL '" + maskUserInfo(url) + "': give user and password"
                    + " before the host (postgresql://user:password@host/database), not as options");
        }
        boolean portGiven = port >= 0;
        if (!portGiven && env.get("PGPORT") != null && !env.get("PGPORT").isBlank()) {
            port = PgEnvironment.port(url, env.get("PGPORT").strip());
            portGiven = true;
        }
        if (user == null || user.isEmpty()) {
            user = PgEnvironment.user(env);
        }
        String shownHost = ipv6 ? "[" + host + "]" : host;
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(shownHost);
        if (portGiven) {
            jdbc.append(':').append(port);
        }
        jdbc.append('/').append(URLEncoder.encode(db, StandardCharsets.UTF_8).replace("+", "%20"));
        if (uri.getRawQuery() != null && !uri.getRawQuery().isEmpty()) {
            jdbc.append('?').append(uri.getRawQuery());
        }
        String display = "postgresql://" + user + (password == null ? "" : ":" + MASK) + "@" + shownHost
                + (portGiven ? ":" + port : "") + "/" + db;
        PgEnvironment.Credentials c =
                PgEnvironment.credentials(password, env, host, portGiven ? Integer.toString(port) : "5432", db, user);
        return new StorageUrl(
                Dialect.POSTGRESQL, jdbc.toString(), user, c.password(), null, display, c.source(), c.note());
    }

    /**
     * A {@code jdbc:postgresql:} URL goes to the driver as it is; only a user and password it lacks
     * come from the environment (the host, port and database of its first host for the password
     * file).
     */
    private static StorageUrl jdbcPostgres(String url, Map<String, String> env) {
        String rest = url.substring("jdbc:postgresql:".length());
        int q = rest.indexOf('?');
        String query = q < 0 ? "" : rest.substring(q + 1);
        String target = q < 0 ? rest : rest.substring(0, q);
        String host = "localhost";
        String port = "5432";
        String db = target;
        if (target.startsWith("//")) {
            int slash = target.indexOf('/', 2);
            String hosts = slash < 0 ? target.substring(2) : target.substring(2, slash);
            db = slash < 0 ? "" : target.substring(slash + 1);
            String first = hosts.split(",", -1)[0];
            if (first.startsWith("[")) {
                int close = first.indexOf(']');
                host = close < 0 ? first.substring(1) : first.substring(1, close);
                String after = close < 0 ? "" : first.substring(close + 1);
                port = after.startsWith(":") && after.length() > 1 ? after.substring(1) : port;
            } else if (!first.isEmpty()) {
                int colon = first.lastIndexOf(':');
                host = colon < 0 ? first : first.substring(0, colon);
                port = colon < 0 || colon == first.length() - 1 ? port : first.substring(colon + 1);
            }
        }
        String user = null;
        String password = null;
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                if (key.equals("user")) {
                    user = URLDecoder.decode(value, StandardCharsets.UTF_8);
                } else if (key.equals("password")) {
                    password = URLDecoder.decode(value, StandardCharsets.UTF_8);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("storage URL '" + maskJdbcPassword(url) + "': the " + key
                        + " has a bad percent-encoding; encode special characters as %XX");
            }
        }
        if (user == null || user.isEmpty()) {
            user = PgEnvironment.user(env);
        }
        if (db.isEmpty()) {
            db = user;
        }
        PgEnvironment.Credentials c = password != null
                ? new PgEnvironment.Credentials(password, "the URL", null)
                : PgEnvironment.credentials(null, env, host, port, db, user);
        return new StorageUrl(
                Dialect.POSTGRESQL, url, user, c.password(), null, maskJdbcPassword(url), c.source(), c.note());
    }

    /** The port, or -1 when the text is not a number from 1 to 65535. */
    static int portNumber(String text) {
        if (!text.matches("[0-9]{1,5}")) {
            return -1;
        }
        int port = Integer.parseInt(text);
        return port > 0 && port < 65536 ? port : -1;
    }

    private static String decode(String url, String what, String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("storage URL '" + maskUserInfo(url) + "': the " + what
                    + " has a bad percent-encoding; encode special characters as %XX (for example @ as %40)");
        }
    }

    /**
     * Masks every password that looks like one in free text (a message): the {@code :password@}
     * of any {@code scheme://user:password@host}, and {@code password=} options up to the next
     * {@code &} or space.
     */
    static String maskUrls(String text) {
        return text.replaceAll("([A-Za-z][A-Za-z0-9+.-]*://[^:/@\\s]*):[^@\\s/]*@", "$1:" + MASK + "@")
                .replaceAll("(?i)([?&;]password=)[^&\\s]*", "$1" + MASK);
    }

    /** Masks the password in {@code scheme://user:password@host} and in a {@code password=} option. */
    static String maskUserInfo(String url) {
        return maskJdbcPassword(maskAuthority(url));
    }

    private static String maskAuthority(String url) {
        int scheme = url.indexOf("://");
        int at = url.lastIndexOf('@');
        if (scheme < 0 || at < scheme) {
            return url;
        }
        int colon = url.indexOf(':', scheme + 3);
        if (colon < 0 || colon > at) {
            return url;
        }
        return url.substring(0, colon + 1) + "***" + url.substring(at);
    }

    private static String maskJdbcPassword(String url) {
        return url.replaceAll("(?i)([?&]password=)[^&]*", "$1***");
    }
}
