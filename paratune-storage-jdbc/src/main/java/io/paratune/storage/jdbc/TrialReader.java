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
 * trial table, in four queries whatever the number of trials.
 */
final class TrialReader {
    private TrialReader() {}

    /**
     * The trials matching {@code where}, a condition on the trial table aliased {@code t}, ordered
     * by number.
     *
     * @param args the values of the condition's {@code ?} placeholders
     */
    static List<FrozenTrial> read(Connection c, String where, Object... args) throws SQLException {
        LinkedHashMap<Long, Row> rows = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT t.id, t.number, t.state, t.trial_values, t.started_ns,"
                + " t.finished_ns, t.failure_message FROM paratune_trial t WHERE " + where + " ORDER BY t.number")) {
            bind(s, args);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Row row = new Row(r.getLong(1), r.getInt(2), TrialState.valueOf(r.getString(3)), r.getString(4),
                            instant(r, 5), instant(r, 6), r.getString(7));
                    rows.put(row.id, row);
                }
            }
        }
        if (rows.isEmpty()) {
            return List.of();
        }
        try (PreparedStatement s = c.prepareStatement("SELECT p.trial_id, p.param_name, p.internal_value,"
                + " p.distribution_json FROM paratune_trial_param p JOIN paratune_trial t ON t.id = p.trial_id"
                + " WHERE " + where + " ORDER BY p.trial_id, p.param_order")) {
            bind(s, args);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Row row = rows.get(r.getLong(1));
                    if (row != null) {
                        String name = r.getString(2);
                        row.params.put(name, r.getDouble(3));
                        row.distributions.put(name, Json.readDistribution(r.getString(4)));
                    }
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement("SELECT i.trial_id, i.step, i.step_value"
                + " FROM paratune_trial_intermediate i JOIN paratune_trial t ON t.id = i.trial_id WHERE " + where)) {
            bind(s, args);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Row row = rows.get(r.getLong(1));
                    if (row != null) {
                        int step = r.getInt(2);
                        double v = r.getDouble(3);
                        row.intermediate.put(step, r.wasNull() ? Double.NaN : v);
                    }
                }
            }
        }
        try (PreparedStatement s = c.prepareStatement("SELECT a.trial_id, a.kind, a.attr_key, a.value_json"
                + " FROM paratune_trial_attribute a JOIN paratune_trial t ON t.id = a.trial_id WHERE " + where
                + " ORDER BY a.trial_id, a.kind, a.attr_order")) {
            bind(s, args);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Row row = rows.get(r.getLong(1));
                    if (row != null) {
                        boolean user = "u".equals(r.getString(2));
                        String key = r.getString(3);
                        Object value = Json.read((user ? "user" : "system") + " attribute '" + key + "'",
                                r.getString(4));
                        (user ? row.userAttributes : row.systemAttributes).put(key, value);
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
    private static final class Row {
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
