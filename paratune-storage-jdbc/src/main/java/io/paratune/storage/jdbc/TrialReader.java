package io.paratune.storage.jdbc;

import io.paratune.FrozenTrial;
import io.paratune.TrialState;
import io.paratune.space.Distribution;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads whole trials (row, parameters, intermediate values, attributes) for a condition on the
 * trial table, in two queries whatever the number of trials: the rows, then everything attached
 * to them in one {@code UNION ALL}.
 */
final class TrialReader {
    /** The trial table's columns a {@link Row} is made of, in order. */
    static final String COLUMNS = "id, number, state, trial_values, started_ns, finished_ns, failure_message";

    private TrialReader() {}

    /**
     * The trials matching {@code where}, a condition on the trial table aliased {@code t}, ordered
     * by number.
     *
     * @param args the values of the condition's {@code ?} placeholders
     */
    static List<FrozenTrial> read(Connection c, String where, Object... args) throws SQLException {
        LinkedHashMap<Long, Row> rows = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT t." + COLUMNS.replace(", ", ", t.")
                + " FROM paratune_trial t WHERE " + where + " ORDER BY t.number")) {
            bind(s, args);
            try (ResultSet r = s.executeQuery()) {
                collect(r, rows);
            }
        }
        return complete(c, rows, where, args);
    }

    /**
     * Runs a statement that returns trial rows ({@link #COLUMNS} first, as {@code UPDATE ...
     * RETURNING} can) and keeps the first, without what is attached to it.
     *
     * @return the row, or null when the statement returned none
     */
    static Row readRow(Connection c, String sql, Object... args) throws SQLException {
        LinkedHashMap<Long, Row> rows = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            try (ResultSet r = s.executeQuery()) {
                collect(r, rows);
            }
        }
        return rows.isEmpty() ? null : rows.values().iterator().next();
    }

    /** The trial of {@code row} with its parameters, intermediate values and attributes, in one query. */
    static FrozenTrial complete(Connection c, Row row) throws SQLException {
        LinkedHashMap<Long, Row> rows = new LinkedHashMap<>();
        rows.put(
                row.id,
                new Row(row.id, row.number, row.state, row.values, row.started, row.finished, row.failureMessage));
        return complete(c, rows, "t.id = ?", row.id).get(0);
    }

    /**
     * A trial just inserted, with nothing attached but its system attributes, as {@link #read}
     * would return it.
     *
     * @param systemAttributes the attributes as stored (JSON text)
     */
    static FrozenTrial inserted(
            long id, int number, TrialState state, Instant started, Map<String, String> systemAttributes) {
        Row row = new Row(id, number, state, null, started, null, null);
        systemAttributes.forEach(
                (k, json) -> row.systemAttributes.put(k, Json.read("system attribute '" + k + "'", json)));
        return row.freeze();
    }

    private static void collect(ResultSet r, Map<Long, Row> rows) throws SQLException {
        while (r.next()) {
            Row row = new Row(
                    r.getLong(1),
                    r.getInt(2),
                    TrialState.valueOf(r.getString(3)),
                    r.getString(4),
                    instant(r, 5),
                    instant(r, 6),
                    r.getString(7));
            rows.put(row.id, row);
        }
    }

    /** Reads the parameters, intermediate values and attributes of {@code rows}, selected by {@code where}. */
    private static List<FrozenTrial> complete(Connection c, LinkedHashMap<Long, Row> rows, String where, Object... args)
            throws SQLException {
        if (rows.isEmpty()) {
            return List.of();
        }
        // part: 'p' parameter, 'i' intermediate value, 's' / 'u' system / user attribute
        String sql = "SELECT p.trial_id, 'p', p.param_name, p.param_order, p.internal_value, p.distribution_json"
                + " FROM paratune_trial_param p JOIN paratune_trial t ON t.id = p.trial_id WHERE " + where
                + " UNION ALL SELECT i.trial_id, 'i', NULL, i.step, i.step_value, NULL"
                + " FROM paratune_trial_intermediate i JOIN paratune_trial t ON t.id = i.trial_id WHERE " + where
                + " UNION ALL SELECT a.trial_id, a.kind, a.attr_key, a.attr_order, NULL, a.value_json"
                + " FROM paratune_trial_attribute a JOIN paratune_trial t ON t.id = a.trial_id WHERE " + where
                + " ORDER BY 1, 2, 4";
        Object[] all = new Object[args.length * 3];
        for (int i = 0; i < 3; i++) {
            System.arraycopy(args, 0, all, i * args.length, args.length);
        }
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, all);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Row row = rows.get(r.getLong(1));
                    if (row == null) {
                        continue;
                    }
                    double v = r.getDouble(5);
                    double value = r.wasNull() ? Double.NaN : v;
                    row.attach(r.getString(2), r.getString(3), r.getInt(4), value, r.getString(6));
                }
            }
        }
        List<FrozenTrial> out = new ArrayList<>(rows.size());
        for (Row row : rows.values()) {
            out.add(row.freeze());
        }
        return out;
    }

    /**
     * PostgreSQL: the statement of {@link #updateAndRead}, from {@code updateReturning}, an {@code
     * UPDATE} of at most one trial ending in {@code RETURNING} {@link #COLUMNS} (extra columns may
     * follow), and {@code moreCtes}, further common table expressions ({@code , name AS (...)}), for
     * example one that writes parameters with the update.
     */
    static String updateAndReadSql(String updateReturning, String moreCtes) {
        // part: 'r' the row itself, then as in complete(): 'p', 'i', 's' / 'u'
        return "WITH u AS (" + updateReturning + ")" + moreCtes + " SELECT 'r', u.id, u.number, u.state,"
                + " u.trial_values, u.started_ns, u.finished_ns, u.failure_message, NULL, NULL, NULL, 0 FROM u"
                + " UNION ALL SELECT 'p', p.trial_id, p.param_order, NULL, NULL, NULL, NULL, NULL, p.param_name,"
                + " p.internal_value, p.distribution_json, 1 FROM paratune_trial_param p JOIN u ON u.id = p.trial_id"
                + " UNION ALL SELECT 'i', i.trial_id, i.step, NULL, NULL, NULL, NULL, NULL, NULL, i.step_value, NULL, 1"
                + " FROM paratune_trial_intermediate i JOIN u ON u.id = i.trial_id"
                + " UNION ALL SELECT a.kind, a.trial_id, a.attr_order, NULL, NULL, NULL, NULL, NULL, a.attr_key, NULL,"
                + " a.value_json, 1 FROM paratune_trial_attribute a JOIN u ON u.id = a.trial_id ORDER BY 12, 1, 3";
    }

    /**
     * PostgreSQL: runs a statement of {@link #updateAndReadSql} and returns the updated trial with
     * its parameters, intermediate values and attributes.
     *
     * @param written parameters the statement itself writes, which its reads do not see yet
     * @return the trial as updated, or null when the update changed no row
     */
    static FrozenTrial updateAndRead(Connection c, String sql, List<ParamBuffer.Param> written, Object... args)
            throws SQLException {
        Row row = null;
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    String part = r.getString(1);
                    if ("r".equals(part)) {
                        row = new Row(
                                r.getLong(2),
                                r.getInt(3),
                                TrialState.valueOf(r.getString(4)),
                                r.getString(5),
                                instant(r, 6),
                                instant(r, 7),
                                r.getString(8));
                    } else if (row != null) {
                        double v = r.getDouble(10);
                        double value = r.wasNull() ? Double.NaN : v;
                        row.attach(part, r.getString(9), r.getInt(3), value, r.getString(11));
                    }
                }
            }
        }
        if (row == null) {
            return null;
        }
        for (ParamBuffer.Param p : written) {
            if (!row.params.containsKey(p.name())) {
                row.params.put(p.name(), p.value());
                row.distributions.put(p.name(), p.distribution());
            }
        }
        return row.freeze();
    }

    static void bind(PreparedStatement s, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            s.setObject(i + 1, args[i]);
        }
    }

    private static Instant instant(ResultSet r, int column) throws SQLException {
        long nanos = r.getLong(column);
        return r.wasNull() ? null : Times.instant(nanos);
    }

    /** One trial being assembled. */
    static final class Row {
        final long id;
        final int number;
        final TrialState state;
        final String values;
        final Instant started;
        final Instant finished;
        final String failureMessage;
        final Map<String, Double> params = new LinkedHashMap<>();
        final Map<String, Distribution> distributions = new LinkedHashMap<>();
        final TreeMap<Integer, Double> intermediate = new TreeMap<>();
        final Map<String, Object> userAttributes = new LinkedHashMap<>();
        final Map<String, Object> systemAttributes = new LinkedHashMap<>();

        Row(
                long id,
                int number,
                TrialState state,
                String values,
                Instant started,
                Instant finished,
                String failureMessage) {
            this.id = id;
            this.number = number;
            this.state = state;
            this.values = values;
            this.started = started;
            this.finished = finished;
            this.failureMessage = failureMessage;
        }

        /**
         * Adds one attached part: {@code p} a parameter (name, value, distribution JSON), {@code i}
         * an intermediate value (order = step; NaN for SQL NULL), {@code s} / {@code u} a system /
         * user attribute (name = key, JSON value).
         */
        void attach(String part, String name, int order, double value, String json) {
            switch (part) {
                case "p" -> {
                    params.put(name, value);
                    distributions.put(name, Json.readDistribution(json));
                }
                case "i" -> intermediate.put(order, value);
                default -> {
                    boolean user = "u".equals(part);
                    (user ? userAttributes : systemAttributes)
                            .put(name, Json.read((user ? "user" : "system") + " attribute '" + name + "'", json));
                }
            }
        }

        FrozenTrial freeze() {
            return new FrozenTrial(
                    id,
                    number,
                    state,
                    params,
                    distributions,
                    Json.readValues(values),
                    intermediate,
                    started,
                    finished,
                    userAttributes,
                    systemAttributes,
                    failureMessage);
        }
    }
}
