package io.paratune.storage.jdbc;

import static io.paratune.storage.jdbc.SqlRows.TRIAL;
import static io.paratune.storage.jdbc.SqlRows.lockTrial;
import static io.paratune.storage.jdbc.SqlRows.update;

import io.paratune.space.Distribution;
import io.paratune.storage.HeartbeatStorage;
import io.paratune.storage.jdbc.SqlRows.TrialRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SQL that writes trials' parameters: one at a time, or in batches for {@link ParamBuffer} and
 * for the statement that finishes a trial.
 */
final class SqlParams {
    private final Database db;

    /** Statements writing n parameters of a RUNNING trial, built once. */
    private final Map<Integer, String> insertStatements = new ConcurrentHashMap<>();

    SqlParams(Database db) {
        this.db = db;
    }

    /** Refuses an internal value outside its distribution, naming the parameter. */
    static void checkMember(String name, double internalValue, Distribution distribution) {
        Objects.requireNonNull(name, "parameter name");
        if (!distribution.contains(internalValue)) {
            throw new IllegalArgumentException("parameter '" + name + "': internal value " + internalValue
                    + " is not a member of " + distribution);
        }
    }

    /** As {@link HeartbeatStorage#setParam}: one statement in the usual case. */
    void setParam(long trialId, String name, double internalValue, Distribution distribution) {
        checkMember(name, internalValue, distribution);
        String json = Json.writeDistribution(distribution);
        String operation = "set parameter '" + name + "' of trial #" + trialId;
        // the usual case in one statement: the trial is RUNNING (locked against a concurrent finish
        // until the insert commits) and the parameter is new
        boolean inserted = db.writeStatement(
                operation,
                (c, retried) -> update(
                                c,
                                "INSERT INTO paratune_trial_param"
                                        + " (trial_id, param_name, param_order, internal_value, distribution_json) SELECT t.id, ?, (SELECT"
                                        + " COUNT(*) FROM paratune_trial_param WHERE trial_id = t.id), ?, ? FROM "
                                        + TRIAL + " t WHERE t.id = ?"
                                        + " AND t.state = 'RUNNING'"
                                        + db.dialect().forShare() + " ON CONFLICT (trial_id, param_name) DO"
                                        + " NOTHING",
                                name,
                                internalValue,
                                json,
                                trialId)
                        == 1);
        if (inserted) {
            return;
        }
        // not RUNNING, already set, or set by an earlier attempt of this call: find out which
        db.write(operation, (c, retried) -> {
            TrialRef t = lockTrial(c, db.dialect(), trialId);
            t.requireRunning("set parameter '" + name + "' of");
            try (PreparedStatement s = c.prepareStatement("SELECT internal_value, distribution_json FROM"
                    + " paratune_trial_param WHERE trial_id = ? AND param_name = ?")) {
                s.setLong(1, trialId);
                s.setString(2, name);
                try (ResultSet r = s.executeQuery()) {
                    if (r.next()) {
                        Distribution old = Json.readDistribution(r.getString(2));
                        if (!old.sameRange(distribution) || r.getDouble(1) != internalValue) {
                            throw new IllegalArgumentException("parameter '" + name + "' of trial " + t.number()
                                    + " is already set from " + old + "; a parameter is set once per trial");
                        }
                        return null;
                    }
                }
            }
            update(
                    c,
                    "INSERT INTO paratune_trial_param (trial_id, param_name, param_order, internal_value,"
                            + " distribution_json) VALUES (?, ?, (SELECT COUNT(*) FROM paratune_trial_param WHERE trial_id = ?),"
                            + " ?, ?)",
                    trialId,
                    name,
                    trialId,
                    internalValue,
                    json);
            return null;
        });
    }

    /**
     * Writes parameters of a RUNNING trial in one statement; names it already has are skipped.
     *
     * @return how many were written: fewer when the trial is no longer RUNNING
     */
    int insertParams(long trialId, List<ParamBuffer.Param> params) {
        return db.writeStatement(
                "set " + params.size() + " parameters of trial #" + trialId,
                (c, retried) -> insertParams(c, trialId, params));
    }

    /** As {@link #insertParams(long, List)}, in the current transaction. */
    int insertParams(Connection c, long trialId, List<ParamBuffer.Param> params) throws SQLException {
        List<Object> args = new ArrayList<>();
        paramArgs(params, args);
        args.add(trialId);
        return update(c, insertStatements.computeIfAbsent(params.size(), n -> paramInsertSql(null, n)), args.toArray());
    }

    /** Appends the placeholder values of {@link #paramInsertSql} for {@code params} to {@code args}. */
    static void paramArgs(List<ParamBuffer.Param> params, List<Object> args) {
        for (int i = 0; i < params.size(); i++) {
            ParamBuffer.Param p = params.get(i);
            args.add(p.name());
            args.add(i);
            args.add(p.value());
            args.add(p.json());
        }
    }

    /**
     * An INSERT of {@code count} parameters (name, position, internal value, distribution JSON each,
     * see {@link #paramArgs}) for the trial in the row source {@code from} (a CTE of the finishing
     * statement, whose {@code id} is the trial), or, when {@code from} is null, for the RUNNING trial
     * whose id is the next placeholder after them. Parameter orders continue from those already
     * stored; names already stored are skipped.
     */
    String paramInsertSql(String from, int count) {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < count; i++) {
            values.append(i == 0 ? "SELECT ? AS name, ? AS pos, ? AS val, ? AS dist" : " UNION ALL SELECT ?, ?, ?, ?");
        }
        String source = from != null ? from + " t" : TRIAL + " t";
        String where = from != null ? " WHERE true" : " WHERE t.id = ? AND t.state = 'RUNNING'";
        String lock = from != null ? "" : db.dialect() == Dialect.POSTGRESQL ? " FOR SHARE OF t" : "";
        return "INSERT INTO paratune_trial_param (trial_id, param_name, param_order, internal_value,"
                + " distribution_json) SELECT t.id, v.name, (SELECT COUNT(*) FROM paratune_trial_param WHERE"
                + " trial_id = t.id) + v.pos, v.val, v.dist FROM " + source + ", (" + values + ") v" + where + lock
                + " ON CONFLICT (trial_id, param_name) DO NOTHING";
    }
}
