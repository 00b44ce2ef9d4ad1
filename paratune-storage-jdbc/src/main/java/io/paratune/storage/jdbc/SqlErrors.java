package io.paratune.storage.jdbc;

import io.paratune.StorageException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import org.sqlite.SQLiteException;

/** Classifies and describes database errors: transient or not, and what the user should do. */
final class SqlErrors {
    private static final int SQLITE_PERM = 3;
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_READONLY = 8;
    private static final int SQLITE_CANTOPEN = 14;
    private static final int SQLITE_CONSTRAINT = 19;
    private static final int SQLITE_NOTADB = 26;

    private SqlErrors() {}

    /** Whether {@code e} is SQLite's "the file is locked" ({@code SQLITE_BUSY} or {@code SQLITE_LOCKED}). */
    static boolean isLocked(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (x instanceof SQLiteException s) {
                int primary = s.getResultCode().code & 0xff;
                if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether retrying the transaction may succeed: a lost connection, a restart, a lock wait. */
    static boolean isTransient(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (x instanceof SQLTransientException) {
                return true;
            }
            if (x instanceof SQLiteException s) {
                int primary = s.getResultCode().code & 0xff;
                if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
                    return true;
                }
            }
            String state = x.getSQLState();
            if (state != null
                    && (state.startsWith("08")
                            || state.startsWith("57P")
                            || state.equals("40001")
                            || state.equals("40P01")
                            || state.equals("53300")
                            || state.equals("55P03"))) {
                return true;
            }
            if (x.getNextException() == x) {
                break;
            }
        }
        return false;
    }

    /** Whether the statement broke a unique constraint. */
    static boolean isUniqueViolation(SQLException e) {
        if (e instanceof SQLiteException s) {
            return (s.getResultCode().code & 0xff) == SQLITE_CONSTRAINT
                    && String.valueOf(e.getMessage()).contains("UNIQUE");
        }
        return "23505".equals(e.getSQLState());
    }

    /** The database's own message, without the driver's decoration. */
    static String describe(SQLException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage().strip();
        if (e.getSQLState() != null && !(e instanceof SQLiteException)) {
            message += " [SQLState " + e.getSQLState() + "]";
        }
        return message;
    }

    /** A clear failure for a storage that cannot be opened: unreachable, login refused, bad file. */
    static StorageException openFailure(StorageUrl url, Throwable cause) {
        String what = "cannot open storage " + url + ": ";
        SQLException sql = find(cause, SQLException.class);
        if (url.dialect() == Dialect.SQLITE) {
            String file = String.valueOf(url.sqliteFile());
            if (sql instanceof SQLiteException s) {
                int primary = s.getResultCode().code & 0xff;
                if (primary == SQLITE_CANTOPEN || primary == SQLITE_READONLY || primary == SQLITE_PERM) {
                    return new StorageException(
                            what + "SQLite cannot create or write the file " + file + " (" + s.getResultCode().message
                                    + "); make its folder writable or choose another path",
                            cause);
                }
                if (primary == SQLITE_NOTADB) {
                    return new StorageException(
                            what + file + " is not a SQLite database; point the URL at a"
                                    + " study database or at a new file",
                            cause);
                }
                if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
                    return new StorageException(
                            what + "the file " + file + " stayed locked by another process;"
                                    + " retry, or check for a process that holds it open",
                            cause);
                }
            }
            return new StorageException(what + message(cause) + "; check the path and its permissions", cause);
        }
        String state = sql == null ? null : sql.getSQLState();
        String detail = url.scrub(firstLine(sql != null ? sql : cause));
        Throwable safe = scrubbed(cause, url);
        String login = "user " + url.user();
        if ("28P01".equals(state) || "28000".equals(state) || isNoPassword(sql)) {
            if (url.password() == null || url.password().isEmpty()) {
                return new StorageException(
                        what + "PostgreSQL asks " + login + " for a password and none was"
                                + " given (" + detail
                                + "); set PGPASSWORD, add a line for this server to ~/.pgpass (or the"
                                + " file PGPASSFILE names), or put it in the URL (postgresql://user:password@host/database)"
                                + (url.passwordNote() != null ? "; note: " + url.passwordNote() : ""),
                        safe);
            }
            return new StorageException(
                    what + "PostgreSQL refused the login of " + login + " with the password from "
                            + url.passwordSource() + " (" + detail + "); check the user and password",
                    safe);
        }
        if ("3D000".equals(state)) {
            return new StorageException(
                    what + "the database does not exist (" + detail + "); create it"
                            + " (for example with createdb) or fix the database name in the URL",
                    safe);
        }
        if (find(cause, UnknownHostException.class) != null) {
            return new StorageException(
                    what + "unknown host (" + url.scrub(message(find(cause, UnknownHostException.class)))
                            + "); check the host name in the URL",
                    safe);
        }
        if ("08004".equals(state)) {
            return new StorageException(what + "PostgreSQL rejected the connection (" + detail + ")", safe);
        }
        if (find(cause, ConnectException.class) != null
                || find(cause, NoRouteToHostException.class) != null
                || find(cause, SocketTimeoutException.class) != null
                || (state != null && state.startsWith("08"))) {
            return new StorageException(
                    what + "cannot reach the PostgreSQL server (" + detail + "); check that it"
                            + " runs and that host and port in the URL are right",
                    safe);
        }
        return new StorageException(what + url.scrub(message(cause)), safe);
    }

    /**
     * The driver's "the server asked for a password and none was given" (or it was empty): a
     * rejected connection whose message is about the password.
     */
    private static boolean isNoPassword(SQLException e) {
        return e != null
                && "08004".equals(e.getSQLState())
                && String.valueOf(e.getMessage())
                        .toLowerCase(java.util.Locale.ROOT)
                        .contains("password");
    }

    /**
     * {@code t}, or a copy of its chain whose messages have the storage's password masked when any
     * of them shows it; the copies keep the original class name in their message and the original
     * stack traces.
     */
    static Throwable scrubbed(Throwable t, StorageUrl url) {
        if (t == null || !showsSecret(t, url)) {
            return t;
        }
        return copy(t, url, 0);
    }

    private static boolean showsSecret(Throwable t, StorageUrl url) {
        for (int depth = 0; t != null && depth < 20; t = t.getCause(), depth++) {
            String m = t.getMessage();
            if (m != null && !url.scrub(m).equals(m)) {
                return true;
            }
        }
        return false;
    }

    private static Throwable copy(Throwable t, StorageUrl url, int depth) {
        Throwable cause = t.getCause() == null || depth >= 20 ? null : copy(t.getCause(), url, depth + 1);
        Throwable c = new Scrubbed(t.getClass().getName() + ": " + url.scrub(String.valueOf(t.getMessage())), cause);
        c.setStackTrace(t.getStackTrace());
        return c;
    }

    /** A link of an exception chain whose message had a password in it. */
    static final class Scrubbed extends Exception {
        private static final long serialVersionUID = 1L;

        Scrubbed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static String firstLine(Throwable t) {
        String m = message(t);
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    private static String message(Throwable t) {
        return t.getMessage() == null ? t.toString() : t.getMessage().strip();
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (int depth = 0; t != null && depth < 20; t = t.getCause(), depth++) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
