package io.paratune.storage.jdbc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;

/**
 * Looks a password up in a PostgreSQL password file ({@code ~/.pgpass} or {@code PGPASSFILE}) by
 * libpq's rules: lines {@code hostname:port:database:username:password}, {@code #} comments, the
 * first matching line wins, a field {@code *} matches anything, backslash escapes {@code :} and
 * {@code \}. As libpq does, a file that is not a plain file, or that group or others may read or
 * write, is ignored (with a note saying why).
 */
final class PgPass {
    /**
     * What the lookup found.
     *
     * @param password the password, or null when no line matched or the file was ignored
     * @param source where the password came from ({@code /home/u/.pgpass line 3}), or null
     * @param note why the file was ignored, or null
     */
    record Lookup(String password, String source, String note) {
        static final Lookup NONE = new Lookup(null, null, null);
    }

    private PgPass() {}

    /** The password for a connection to {@code host:port/database} as {@code user}, from {@code file}. */
    static Lookup find(Path file, String host, String port, String database, String user) {
        if (!Files.exists(file)) {
            return Lookup.NONE;
        }
        if (!Files.isRegularFile(file)) {
            return new Lookup(null, null, "password file " + file + " is not a plain file, so it was ignored");
        }
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            for (PosixFilePermission bad : List.of(
                    PosixFilePermission.GROUP_READ,
                    PosixFilePermission.GROUP_WRITE,
                    PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_READ,
                    PosixFilePermission.OTHERS_WRITE,
                    PosixFilePermission.OTHERS_EXECUTE)) {
                if (p.contains(bad)) {
                    return new Lookup(
                            null,
                            null,
                            "password file " + file + " has group or world access, so it was"
                                    + " ignored; run chmod 600 " + file);
                }
            }
        } catch (UnsupportedOperationException notPosix) {
            // libpq checks the permissions on Unix only
        } catch (IOException e) {
            return new Lookup(null, null, "password file " + file + " cannot be read (" + e.getMessage() + ")");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException e) {
            return new Lookup(null, null, "password file " + file + " cannot be read (" + e.getMessage() + ")");
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String password = match(line, host, port, database, user);
            if (password != null) {
                return new Lookup(password, file + " line " + (i + 1), null);
            }
        }
        return Lookup.NONE;
    }

    /** The password of a line whose first four fields match, else null. */
    static String match(String line, String host, String port, String database, String user) {
        int at = 0;
        for (String token : new String[] {host, port, database, user}) {
            at = field(line, at, token);
            if (at < 0) {
                return null;
            }
        }
        // the password: up to the first unescaped ':' or the end, backslashes removed
        StringBuilder password = new StringBuilder();
        for (int i = at; i < line.length() && line.charAt(i) != ':'; i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                c = line.charAt(++i);
            }
            password.append(c);
        }
        return password.toString();
    }

    /**
     * Matches one field at {@code from} against {@code token}: {@code *:} matches anything,
     * otherwise the field must equal the token, with {@code \x} standing for {@code x}.
     *
     * @return the index after the field's ':', or -1 when it does not match
     */
    private static int field(String line, int from, String token) {
        if (line.startsWith("*:", from)) {
            return from + 2;
        }
        int t = 0;
        boolean escaped = false;
        for (int i = from; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && !escaped) {
                escaped = true;
                continue;
            }
            if (c == ':' && !escaped && t == token.length()) {
                return i + 1;
            }
            escaped = false;
            if (t >= token.length() || token.charAt(t) != c) {
                return -1;
            }
            t++;
        }
        return -1;
    }
}
