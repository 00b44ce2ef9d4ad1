package io.paratune.storage.jdbc;

import io.paratune.FrozenTrial;
import io.paratune.StudyNotFoundException;
import io.paratune.internal.JsonValues;
import io.paratune.space.Distribution;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A trial evaluated elsewhere, written already finished (Optuna's {@code add_trial}): the row with
 * its state, values, times and failure message, its parameters, intermediate values and
 * attributes, numbered under the study's row lock like every new trial, in one transaction; on
 * PostgreSQL in one statement, whatever its size (the parts travel as arrays). So no other reader
 * ever sees it RUNNING or in part, and a failure leaves nothing behind. The template is checked and
 * turned into its stored form when this is built, before anything is written.
 */
final class FinishedTrialInsert {
    /** PostgreSQL: everything in one statement; it returns the new trial's id and number. */
    private static final String POSTGRESQL_SQL = "WITH n AS (UPDATE paratune_study SET trial_count = trial_count + 1"
            + " WHERE id = ? RETURNING id, trial_count - 1 AS number),"
            + " t AS (INSERT INTO paratune_trial (study_id, number, state, trial_values, started_ns, finished_ns,"
            + " failure_message) SELECT id, number, ?, ?, ?, ?, ? FROM n RETURNING id, number),"
            + " p AS (INSERT INTO paratune_trial_param (trial_id, param_name, param_order, internal_value,"
            + " distribution_json) SELECT t.id, v.name, v.pos - 1, v.val, v.dist FROM t, unnest(CAST(? AS text[]),"
            + " CAST(? AS float8[]), CAST(? AS text[])) WITH ORDINALITY AS v (name, val, dist, pos)),"
            + " i AS (INSERT INTO paratune_trial_intermediate (trial_id, step, step_value) SELECT t.id, v.step, v.val"
            + " FROM t, unnest(CAST(? AS int4[]), CAST(? AS float8[])) AS v (step, val)),"
            + " a AS (INSERT INTO paratune_trial_attribute (trial_id, kind, attr_key, attr_order, value_json)"
            + " SELECT t.id, v.kind, v.attr_key, v.pos, v.json FROM t, unnest(CAST(? AS text[]), CAST(? AS text[]),"
            + " CAST(? AS int8[]), CAST(? AS text[])) AS v (kind, attr_key, pos, json))"
            + " SELECT id, number" + Dialect.POSTGRESQL.durableCommitColumn() + " FROM t";

    private final FrozenTrial expected;
    private final String values;
    private final Long started;
    private final Long finished;
    private final List<ParamBuffer.Param> params;
    private final Map<String, String> user;
    private final Map<String, String> system;

    private FinishedTrialInsert(
            FrozenTrial template,
            List<ParamBuffer.Param> params,
            Map<String, String> user,
            Map<String, String> system) {
        this.values = Json.writeValues(template.values());
        this.started = template.started() == null ? null : Times.nanos(template.started());
        this.finished = template.finished() == null ? null : Times.nanos(template.finished());
        this.params = params;
        this.user = user;
        this.system = system;
        this.expected = stored(template, -1, -1);
    }

    /**
     * Checks {@code template} as {@link io.paratune.storage.Storage#createFinishedTrial} asks and
     * turns it into what the tables hold.
     *
     * @throws IllegalArgumentException if it is not finished, a parameter is not a member of its
     *     distribution, or an attribute value is not JSON-like (each naming the culprit)
     */
    static FinishedTrialInsert of(FrozenTrial template) {
        if (!template.state().isFinished()) {
            throw new IllegalArgumentException(
                    "createFinishedTrial needs a COMPLETE, PRUNED or FAIL trial, not " + template.state());
        }
        List<ParamBuffer.Param> params = new ArrayList<>();
        template.internalParams().forEach((name, v) -> {
            Distribution d = template.distributions().get(name);
            SqlParams.checkMember(name, v, d);
            params.add(new ParamBuffer.Param(name, v, d, Json.writeDistribution(d)));
        });
        return new FinishedTrialInsert(
                template,
                List.copyOf(params),
                json("user", template.userAttributes()),
                json("system", template.systemAttributes()));
    }

    private static Map<String, String> json(String label, Map<String, Object> attributes) {
        Map<String, String> out = new LinkedHashMap<>();
        attributes.forEach((key, value) -> {
            Objects.requireNonNull(key, label + " attribute key");
            out.put(key, Json.write(JsonValues.copy(label + " attribute '" + key + "'", value)));
        });
        return out;
    }

    /** The trial as a read returns it once written with {@code id} and {@code number}. */
    private FrozenTrial stored(FrozenTrial template, long id, int number) {
        TrialReader.Row row = new TrialReader.Row(
                id,
                number,
                template.state(),
                values,
                started == null ? null : Times.instant(started),
                finished == null ? null : Times.instant(finished),
                template.failureMessage());
        for (int i = 0; i < params.size(); i++) {
            ParamBuffer.Param p = params.get(i);
            row.attach("p", p.name(), i, p.value(), p.json());
        }
        template.intermediateValues().forEach((step, v) -> row.attach("i", null, step, v, null));
        attach(row, "u", user);
        attach(row, "s", system);
        return row.freeze();
    }

    private static void attach(TrialReader.Row row, String kind, Map<String, String> attributes) {
        int order = 0;
        for (Map.Entry<String, String> a : attributes.entrySet()) {
            row.attach(kind, a.getKey(), order++, Double.NaN, a.getValue());
        }
    }

    private FrozenTrial stored(long id, int number) {
        return expected.withIdentity(id, number);
    }

    // ---- SQLite: one write transaction ----

    /** Writes the trial in the current write transaction (SQLite's {@code BEGIN IMMEDIATE}). */
    FrozenTrial inTransaction(Connection c, long studyId, boolean retried) throws SQLException {
        if (retried) {
            FrozenTrial earlier = earlierAttempt(c, studyId);
            if (earlier != null) {
                return earlier;
            }
        }
        int number = SqlRows.nextNumber(c, studyId, "add trial");
        long id;
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO paratune_trial (study_id, number, state,"
                        + " trial_values, started_ns, finished_ns, failure_message) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
            TrialReader.bind(
                    s, studyId, number, expected.state().name(), values, started, finished, expected.failureMessage());
            try (ResultSet r = s.executeQuery()) {
                r.next();
                id = r.getLong(1);
            }
        }
        if (!params.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO paratune_trial_param (trial_id, param_name,"
                    + " param_order, internal_value, distribution_json) VALUES (?, ?, ?, ?, ?)")) {
                for (int i = 0; i < params.size(); i++) {
                    ParamBuffer.Param p = params.get(i);
                    TrialReader.bind(s, id, p.name(), i, p.value(), p.json());
                    s.addBatch();
                }
                s.executeBatch();
            }
        }
        if (!expected.intermediateValues().isEmpty()) {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO paratune_trial_intermediate (trial_id, step," + " step_value) VALUES (?, ?, ?)")) {
                for (Map.Entry<Integer, Double> e :
                        expected.intermediateValues().entrySet()) {
                    s.setLong(1, id);
                    s.setInt(2, e.getKey());
                    if (e.getValue().isNaN()) {
                        s.setNull(3, Types.DOUBLE); // as setIntermediateValue stores NaN
                    } else {
                        s.setDouble(3, e.getValue());
                    }
                    s.addBatch();
                }
                s.executeBatch();
            }
        }
        if (!user.isEmpty() || !system.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO paratune_trial_attribute (trial_id, kind,"
                    + " attr_key, attr_order, value_json) VALUES (?, ?, ?, ?, ?)")) {
                addAttributes(s, id, "u", user);
                addAttributes(s, id, "s", system);
                s.executeBatch();
            }
        }
        return stored(id, number);
    }

    private static void addAttributes(PreparedStatement s, long id, String kind, Map<String, String> attributes)
            throws SQLException {
        int order = 0;
        for (Map.Entry<String, String> a : attributes.entrySet()) {
            TrialReader.bind(s, id, kind, a.getKey(), order++, a.getValue());
            s.addBatch();
        }
    }

    // ---- PostgreSQL: one statement ----

    /**
     * Writes the trial in one statement, run in auto-commit mode and made durable by it (see {@link
     * Database#writeStatementDurably}).
     */
    FrozenTrial inOneStatement(Connection c, long studyId, boolean retried) throws SQLException {
        if (retried) {
            FrozenTrial earlier = earlierAttempt(c, studyId);
            if (earlier != null) {
                return earlier;
            }
        }
        int n = params.size();
        String[] names = new String[n];
        Double[] internal = new Double[n];
        String[] distributions = new String[n];
        for (int i = 0; i < n; i++) {
            ParamBuffer.Param p = params.get(i);
            names[i] = p.name();
            internal[i] = p.value();
            distributions[i] = p.json();
        }
        int m = expected.intermediateValues().size();
        Integer[] steps = new Integer[m];
        Double[] stepValues = new Double[m];
        int k = 0;
        for (Map.Entry<Integer, Double> e : expected.intermediateValues().entrySet()) {
            steps[k] = e.getKey();
            stepValues[k++] = e.getValue().isNaN() ? null : e.getValue(); // NaN as setIntermediateValue stores it
        }
        int a = user.size() + system.size();
        String[] kinds = new String[a];
        String[] keys = new String[a];
        Long[] orders = new Long[a];
        String[] json = new String[a];
        int j = 0;
        for (Map<String, String> attributes : List.of(user, system)) {
            long order = 0;
            for (Map.Entry<String, String> e : attributes.entrySet()) {
                kinds[j] = attributes == user ? "u" : "s";
                keys[j] = e.getKey();
                orders[j] = order++;
                json[j++] = e.getValue();
            }
        }
        List<Array> arrays = List.of(
                c.createArrayOf("text", names),
                c.createArrayOf("float8", internal),
                c.createArrayOf("text", distributions),
                c.createArrayOf("int4", steps),
                c.createArrayOf("float8", stepValues),
                c.createArrayOf("text", kinds),
                c.createArrayOf("text", keys),
                c.createArrayOf("int8", orders),
                c.createArrayOf("text", json));
        try (PreparedStatement s = c.prepareStatement(POSTGRESQL_SQL)) {
            List<Object> args =
                    new ArrayList<>(List.of(studyId, expected.state().name()));
            args.add(values);
            args.add(started);
            args.add(finished);
            args.add(expected.failureMessage());
            args.addAll(arrays);
            TrialReader.bind(s, args.toArray());
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw new StudyNotFoundException("#" + studyId + " (add trial)");
                }
                return stored(r.getLong(1), r.getInt(2));
            }
        } finally {
            for (Array array : arrays) {
                array.free();
            }
        }
    }

    /**
     * After a transient failure, the trial an earlier attempt of this very call wrote before its
     * connection broke (only its answer lost), or null: a trial of the study that holds exactly what
     * this one would, started and finished at the same nanosecond.
     */
    private FrozenTrial earlierAttempt(Connection c, long studyId) throws SQLException {
        List<Object> args = new ArrayList<>(List.of(studyId, expected.state().name()));
        String where = "t.study_id = ? AND t.state = ?" + sameTime("started_ns", started, args)
                + sameTime("finished_ns", finished, args);
        for (FrozenTrial t : TrialReader.read(c, where, args.toArray())) {
            if (stored(t.id(), t.number()).equals(t)) {
                return t;
            }
        }
        return null;
    }

    private static String sameTime(String column, Long nanos, List<Object> args) {
        if (nanos == null) {
            return " AND t." + column + " IS NULL";
        }
        args.add(nanos);
        return " AND t." + column + " = ?";
    }
}
