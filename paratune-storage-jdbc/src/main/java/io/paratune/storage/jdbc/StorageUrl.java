package io.paratune.storage.jdbc;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
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
 *       postgres://}); user, password and port are optional, options go to the JDBC driver;
 *   <li>{@code jdbc:postgresql://host:port/database?user=...&password=...}, passed on as is.
 * </ul>
 *
 * @param dialect which database
 * @param jdbcUrl the JDBC URL, without user and password
 * @param user the user, or null
 * @param password the password, or null
 * @param sqliteFile the database file for SQLite, else null
 * @param display the URL as shown in messages, with the password masked
 */
record StorageUrl(Dialect dialect, String jdbcUrl, String user, String password, Path sqliteFile, String display) {

    static final String FORMATS = "use sqlite:path/to/study.db, postgresql://user:password@host:5432/database"
            + " or a jdbc:sqlite: / jdbc:postgresql: URL";

    StorageUrl {
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    }

    @Override
    public String toString() {
        return display;
    }

    /**
     * Parses a storage URL.
     *
     * @throws IllegalArgumentException naming the URL (password masked), what is wrong and the
     *     accepted forms
     */
    static StorageUrl parse(String url) {
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
            return new StorageUrl(Dialect.POSTGRESQL, u, null, null, null, maskJdbcPassword(u));
        }
        if (lower.startsWith("postgresql://") || lower.startsWith("postgres://")) {
            return postgres(u);
        }
        int colon = u.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("storage URL '" + u + "' names no database kind; did you mean sqlite:"
                    + u + "? " + FORMATS);
        }
        String scheme = u.substring(0, colon);
        throw new IllegalArgumentException("storage URL '" + maskUserInfo(u) + "': unknown kind '" + scheme
                + "'; " + FORMATS);
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
            throw new IllegalArgumentException("storage URL '" + url + "': the SQLite file path is empty;"
                    + " write sqlite:path/to/study.db");
        }
        if (path.equals(":memory:") || path.startsWith("file:")) {
            throw new IllegalArgumentException("storage URL '" + url + "': give a file path; for a study in"
                    + " memory use Storage.inMemory()");
        }
        Path file;
        try {
            file = Path.of(path).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("storage URL '" + url + "': '" + path + "' is not a valid file path ("
                    + e.getReason() + "); write sqlite:path/to/study.db");
        }
        return new StorageUrl(Dialect.SQLITE, "jdbc:sqlite:" + file, null, null, file, "sqlite:" + file);
    }

    private static StorageUrl postgres(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("storage URL '" + maskUserInfo(url) + "' is malformed ("
                    + e.getReason() + " at index " + e.getIndex() + "); write"
                    + " postgresql://user:password@host:5432/database, percent-encoding special characters");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("storage URL '" + maskUserInfo(url) + "' has no host; write"
                    + " postgresql://user:password@host:5432/database");
        }
        String db = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (db.startsWith("/")) {
            db = db.substring(1);
        }
        if (db.isEmpty() || db.contains("/")) {
            throw new IllegalArgumentException("storage URL '" + maskUserInfo(url) + "' needs one database name"
                    + " after the host, got '" + db + "'; write postgresql://user:password@host:5432/database");
        }
        String user = null;
        String password = null;
        String userInfo = uri.getRawUserInfo();
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
                    throw new IllegalArgumentException("storage URL '" + maskUserInfo(url) + "': option '" + pair
                            + "' is not name=value; write ?name=value&other=value");
                }
                options.put(decode(url, "option name", pair.substring(0, eq)),
                        decode(url, "option value", pair.substring(eq + 1)));
            }
        }
        if (options.containsKey("password") || options.containsKey("user")) {
            throw new IllegalArgumentException("storage URL '" + maskUserInfo(url) + "': give user and password"
                    + " before the host (postgresql://user:password@host/database), not as options");
        }
        int port = uri.getPort();
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(uri.getRawAuthority().contains("[")
                ? "[" + host.replace("[", "").replace("]", "") + "]" : host);
        if (port >= 0) {
            jdbc.append(':').append(port);
        }
        jdbc.append('/').append(db);
        if (uri.getRawQuery() != null && !uri.getRawQuery().isEmpty()) {
            jdbc.append('?').append(uri.getRawQuery());
        }
        String display = "postgresql://" + (user == null ? "" : user + (password == null ? "" : ":***") + "@")
                + host + (port >= 0 ? ":" + port : "") + "/" + db;
        return new StorageUrl(Dialect.POSTGRESQL, jdbc.toString(), user, password, null, display);
    }

    private static String decode(String url, String what, String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("storage URL '" + maskUserInfo(url) + "': the " + what
                    + " has a bad percent-encoding; encode special characters as %XX (for example @ as %40)");
        }
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
