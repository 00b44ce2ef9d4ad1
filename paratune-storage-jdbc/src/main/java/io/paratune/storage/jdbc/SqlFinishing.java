package io.paratune.storage.jdbc;

import static io.paratune.storage.jdbc.SqlRows.TRIAL;
import static io.paratune.storage.jdbc.SqlRows.lockTrial;
import static io.paratune.storage.jdbc.SqlRows.readTrial;
import static io.paratune.storage.jdbc.SqlRows.update;

import io.paratune.FrozenTrial;
import io.paratune.TrialAlreadyFinishedException;
import io.paratune.TrialState;
import io.paratune.storage.HeartbeatStorage;
import io.paratune.storage.jdbc.SqlRows.TrialRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SQL that finishes trials: a conditional update of a RUNNING row, with the trial's parameters
 * not yet written.
 */
final class SqlFinishing {
    private static final String FINISH_UPDATE = "UPDATE " + TRIAL + " SET state = ?, trial_values = ?,"
            + " failure_message = ?, finished_ns = ? WHERE id = ? AND state = 'RUNNING'";

    private final Database db;
    private final SqlParams parameters;

    /** PostgreSQL's finishing statements by number of parameters written with them, built once. */
    private final Map<Integer, String> finishStatements = new ConcurrentHashMap<>();

    SqlFinishing(Database db, SqlParams parameters) {
        this.db = db;
        this.parameters = parameters;
    }

    /**
     * Finishes a trial as {@link HeartbeatStorage#finishTrial} does, writing {@code params}
     * (parameters not yet stored) with it, in the same statement on PostgreSQL and in the same
     * transaction on SQLite.
     */
    FrozenTrial finishTrial(
            long trialId,
            TrialState state,
            double[] values,
            String failureMessage,
            Instant now,
            List<ParamBuffer.Param> params) {
        if (!state.isFinished()) {
            throw new IllegalArgumentException("finishTrial needs COMPLETE, PRUNED or FAIL, not " + state);
        }
        String valueText = Json.writeValues(values);
        long finished = Times.nanos(now);
        String operation = "finish trial #" + trialId + " as " + state;
        String update = FINISH_UPDATE;
        Object[] args = {state.name(), valueText, failureMessage, finished, trialId};
        boolean[] attempted = {false};
        if (db.dialect() == Dialect.POSTGRESQL) {
            // one statement in auto-commit mode: the update, the parameters not yet written, and
            // what is attached to the trial (which no longer changes once it is finished) read with it
            List<Object> all = new ArrayList<>(Arrays.asList(args));
            SqlParams.paramArgs(params, all);
            String sql = finishStatement(params.size());
            FrozenTrial done = db.writeStatementDurably(operation, (c, retried) -> {
                attempted[0] |= retried;
                return TrialReader.updateAndRead(c, sql, params, all.toArray());
            });
            if (done != null) {
                return done;
            }
        } else {
            TrialReader.Row row = db.writeStatementDurably(operation, (c, retried) -> {
                attempted[0] |= retried;
                if (!params.isEmpty()) {
                    parameters.insertParams(c, trialId, params); // only while RUNNING, in the finish's transaction
                }
                return TrialReader.readRow(c, update + " RETURNING " + TrialReader.COLUMNS, args);
            });
            if (row != null) {
                return db.readStatement(operation, (c, retried) -> TrialReader.complete(c, row));
            }
        }
        return finishChecked(operation, update, args, trialId, state, valueText, finished, attempted[0], params);
    }

    private String finishStatement(int params) {
        return finishStatements.computeIfAbsent(
                params,
                n -> TrialReader.updateAndReadSql(
                        FINISH_UPDATE + " RETURNING " + TrialReader.COLUMNS
                                + db.dialect().durableCommitColumn(),
                        n == 0 ? "" : ", np AS (" + parameters.paramInsertSql("u", n) + ")"));
    }

    /**
     * Finishes a trial the first statement did not: explains why it is not RUNNING (or does not
     * exist), unless an earlier attempt of this very call finished it and only the answer was lost;
     * finishes it if it has become RUNNING since (a WAITING trial claimed meanwhile).
     *
     * @param attempted whether the first statement was retried after a transient failure
     * @throws TrialAlreadyFinishedException if the trial was finished otherwise
     */
    private FrozenTrial finishChecked(
            String operation,
            String update,
            Object[] args,
            long trialId,
            TrialState state,
            String valueText,
            long finished,
            boolean attempted,
            List<ParamBuffer.Param> params) {
        return db.writeDurably(operation, (c, retried) -> {
            TrialRef t = lockTrial(c, db.dialect(), trialId);
            if ((attempted || retried) && t.state() == state) {
                FrozenTrial earlier = readTrial(c, trialId);
                if (Objects.equals(earlier.finished(), Times.instant(finished))
                        && Arrays.equals(earlier.values(), Json.readValues(valueText))) {
                    return earlier; // our earlier attempt was committed before its connection broke
                }
            }
            t.requireRunning("finish");
            if (!params.isEmpty()) {
                parameters.insertParams(c, trialId, params);
            }
            update(c, update, args);
            return readTrial(c, trialId);
        });
    }
}
