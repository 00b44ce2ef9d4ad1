package io.paratune.storage.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps the compiled statements of one SQLite connection: {@code prepareStatement(sql)} hands out
 * the statement compiled for that SQL text before, and closing it only clears it (parameters and
 * batch) for the next use. The SQLite driver compiles every statement afresh, which costs as much as running the short
 * statements of a trial. At most {@value #CAPACITY} statements are kept (least recently used go);
 * a statement still in use when its SQL is prepared again is not shared (a fresh one is made).
 * Closing the connection closes them all. The connection is used by one thread at a time.
 */
final class StatementCache implements InvocationHandler {
    static final int CAPACITY = 64;

    private final Connection connection;
    private final Map<String, Entry> statements = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            if (size() <= CAPACITY) {
                return false;
            }
            eldest.getValue().discard();
            return true;
        }
    };
    private Connection proxy;

    private StatementCache(Connection connection) {
        this.connection = connection;
    }

    /** {@code connection}, with its prepared statements cached. */
    static Connection wrap(Connection connection) {
        StatementCache cache = new StatementCache(connection);
        cache.proxy = (Connection)
                Proxy.newProxyInstance(StatementCache.class.getClassLoader(), new Class<?>[] {Connection.class}, cache);
        return cache.proxy;
    }

    /** How many compiled statements are kept now. */
    int size() {
        return statements.size();
    }

    /** The cache behind a connection made by {@link #wrap}. */
    static StatementCache of(Connection wrapped) {
        return (StatementCache) Proxy.getInvocationHandler(wrapped);
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if (name.equals("prepareStatement") && args != null && args.length == 1) {
            return prepare((String) args[0]);
        }
        if (name.equals("close")) {
            for (Entry e : statements.values()) {
                e.discard();
            }
            statements.clear();
        }
        return call(connection, method, args);
    }

    private PreparedStatement prepare(String sql) throws SQLException {
        Entry e = statements.get(sql);
        if (e == null || e.statement.isClosed()) {
            e = new Entry(connection.prepareStatement(sql));
            statements.put(sql, e);
        } else if (e.inUse) {
            return connection.prepareStatement(sql); // not shared; closes for real
        }
        e.inUse = true;
        return e.lend();
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** A kept statement and whether it is lent out now. */
    private final class Entry {
        final PreparedStatement statement;
        boolean inUse;

        Entry(PreparedStatement statement) {
            this.statement = statement;
        }

        /** A view of the statement whose {@code close} returns it to the cache. */
        PreparedStatement lend() {
            boolean[] closed = {false};
            return (PreparedStatement) Proxy.newProxyInstance(
                    StatementCache.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class},
                    (self, method, args) -> {
                        switch (method.getName()) {
                            case "close" -> {
                                if (!closed[0]) {
                                    closed[0] = true;
                                    release();
                                }
                                return null;
                            }
                            case "isClosed" -> {
                                return closed[0];
                            }
                            case "getConnection" -> {
                                return proxy;
                            }
                            default -> {
                                if (closed[0]) {
                                    throw new SQLException("statement is closed");
                                }
                                return call(statement, method, args);
                            }
                        }
                    });
        }

        private void release() throws SQLException {
            inUse = false;
            try {
                statement.clearParameters();
                statement.clearBatch(); // a batch abandoned before it ran must not run with the next use
            } catch (SQLException | RuntimeException e) {
                discard();
                throw e;
            }
        }

        void discard() {
            try {
                statement.close();
            } catch (SQLException | RuntimeException e) {
                // the connection is being closed or the statement is broken; nothing to keep
            }
        }
    }
}
