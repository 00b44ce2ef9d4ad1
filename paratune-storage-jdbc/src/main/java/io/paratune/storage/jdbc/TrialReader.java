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
        rows.put(row.id, new Row(row.id, row.number, row.state, row.values, row.started, row.finished,
                row.failureMessage));
        return complete(c, rows, "t.id = ?", row.id).get(0);
    }

    /**
     * A trial just inserted, with nothing attached but its system attributes, as {@link #read}
     * would return it.
     *
     * @param systemAttributes the attributes as stored (JSON text)
     */
    static FrozenTrial inserted(long id, int number, TrialState state, Instant started,
            Map<String, String> systemAttributes) {
        Row row = new Row(id, number, state, null, started, null, null);
        systemAttributes.forEach((k, json) -> row.systemAttributes.put(k, Json.read("system attribute '" + k + "'",
                json)));
        return row.freeze();
    }

    private static void collect(ResultSet r, Map<Long, Row> rows) throws SQLException {
        while (r.next()) {
            Row row = new Row(r.getLong(1), r.getInt(2), TrialState.valueOf(r.getString(3)), r.getString(4),
                    instant(r, 5), instant(r, 6), r.getString(7));
            rows.put(row.id, row);
        }
    }

    /** Reads the parameters, intermediate values and attributes of {@code rows}, selected by {@code where}. */
    private static List<FrozenTrial> complete(Connection c, LinkedHashMap<Long, Row> rows, String where,
            Object... args) throws SQLException {
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
                    String part = r.getString(2);
                    switch (part) {
                        case "p" -> {
                            String name = r.getString(3);
                            row.params.put(name, r.getDouble(5));
                            row.distributions.put(name, Json.readDistribution(r.getString(6)));
                        }
                        case "i" -> {
                            int step = r.getInt(4);
                            double v = r.getDouble(5);
                            row.intermediate.put(step, r.wasNull() ? Double.NaN : v);
                        }
                        default -> {
                            boolean user = "u".equals(part);
                            String key = r.getString(3);
                            Object value = Json.read((user ? "user" : "system") + " attribute '" + key + "'",
                                    r.getString(6));
                            (user ? row.userAttributes : row.systemAttributes).put(key, value);
                        }
                    }
                }
            }
        }
        List<FrozenTrial> out = new ArrayList<>(rows.size());
        for (Row row : rows.values()) {
            out.add(row.freeze());
        }
        return out;
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

        Row(long id, int number, TrialState state, String values, Instant started, Instant finished,
                String failureMessage) {
            this.id = id;
            this.number = number;
            this.state = state;
            this.values = values;
            this.started = started;
            this.finished = finished;
            this.failureMessage = failureMessage;
        }

        FrozenTrial freeze() {
            return new FrozenTrial(id, number, state, params, distributions, Json.readValues(values), intermediate,
                    started, finished, userAttributes, systemAttributes, failureMessage);
        }
    }
}
