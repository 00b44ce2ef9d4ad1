package io.paratune.storage.jdbc;

import io.paratune.FrozenTrial;
import io.paratune.StorageException;
import io.paratune.StudyNotFoundException;
import io.paratune.TrialAlreadyFinishedException;
import io.paratune.TrialState;
import io.paratune.internal.JsonValues;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The row-level statements that the parts of {@link SqlStorage} share, run on a connection they are given. */
final class SqlRows {
    static final String TRIAL = "paratune_trial";

    private SqlRows() {}

    /** Runs one update statement; returns how many rows it changed. */
    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            TrialReader.bind(s, args);
            return s.executeUpdate();
        }
    }

    /** Reads a trial in its own read transaction. */
    static FrozenTrial trial(Database db, long trialId) {
        return db.read("read trial #" + trialId, (c, retried) -> readTrial(c, trialId));
    }

    static FrozenTrial readTrial(Connection c, long trialId) throws SQLException {
        List<FrozenTrial> found = TrialReader.read(c, "t.id = ?", trialId);
        if (found.isEmpty()) {
            throw new StorageException("trial #" + trialId + " does not exist (its study may have been deleted)");
        }
        return found.get(0);
    }

    /** Inserts a trial with the study's next number; returns it as stored. */
    static FrozenTrial insertTrial(
            Connection c, long studyId, TrialState state, Map<String, String> attributes, Long started)
            throws SQLException {
        int number = nextNumber(c, studyId, "create trial");
        long id;
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + TRIAL + " (study_id, number, state,"
                + " started_ns) VALUES (?, ?, ?, ?) RETURNING id")) {
            TrialReader.bind(s, studyId, number, state.name(), started);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                id = r.getLong(1);
            }
        }
        for (Map.Entry<String, String> a : attributes.entrySet()) {
            upsertAttribute(c, "paratune_trial_attribute", "trial_id", id, "s", a.getKey(), a.getValue());
        }
        return TrialReader.inserted(id, number, state, started == null ? null : Times.instant(started), attributes);
    }

    /**
     * Takes the study's next trial number in the current write transaction, locking the study's
     * row until it commits (so numbers stay dense across processes).
     *
     * @throws StudyNotFoundException naming {@code operation} if the study does not exist
     */
    static int nextNumber(Connection c, long studyId, String operation) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE paratune_study SET trial_count = trial_count + 1" + " WHERE id = ? RETURNING trial_count")) {
            s.setLong(1, studyId);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw new StudyNotFoundException("#" + studyId + " (" + operation + ")");
                }
                return r.getInt(1) - 1;
            }
        }
    }

    static Map<String, String> attributeJson(Map<String, Object> systemAttributes) {
        Map<String, String> attributes = new LinkedHashMap<>();
        systemAttributes.forEach(
                (k, v) -> attributes.put(k, Json.write(JsonValues.copy("system attribute '" + k + "'", v))));
        return attributes;
    }

    static void upsertAttribute(
            Connection c, String table, String owner, long ownerId, String kind, String key, String json)
            throws SQLException {
        String kindColumn = kind == null ? "" : "kind, ";
        String kindValue = kind == null ? "" : "?, ";
        String kindMatch = kind == null ? "" : " AND kind = ?";
        String kindKey = kind == null ? "" : ", kind";
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + table + " (" + owner + ", " + kindColumn
                + "attr_key, attr_order, value_json) VALUES (?, " + kindValue + "?, (SELECT COUNT(*) FROM " + table
                + " WHERE " + owner + " = ?" + kindMatch + "), ?) ON CONFLICT (" + owner + kindKey + ", attr_key)"
                + " DO UPDATE SET value_json = excluded.value_json")) {
            List<Object> args = new ArrayList<>();
            args.add(ownerId);
            if (kind != null) {
                args.add(kind);
            }
            args.add(key);
            args.add(ownerId);
            if (kind != null) {
                args.add(kind);
            }
            args.add(json);
            TrialReader.bind(s, args.toArray());
            s.executeUpdate();
        }
    }

    /** Locks a trial's row for the rest of the transaction and returns its state. */
    static TrialRef lockTrial(Connection c, Dialect dialect, long trialId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT t.state, t.number, t.study_id, s.name,"
                + " t.failure_message FROM " + TRIAL
                + " t JOIN paratune_study s ON s.id = t.study_id WHERE t.id = ?"
                + (dialect == Dialect.POSTGRESQL ? " FOR UPDATE OF t" : ""))) {
            s.setLong(1, trialId);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw new StorageException(
                            "trial #" + trialId + " does not exist (its study may have been" + " deleted)");
                }
                return new TrialRef(
                        trialId,
                        TrialState.valueOf(r.getString(1)),
                        r.getInt(2),
                        r.getLong(3),
                        r.getString(4),
                        r.getString(5));
            }
        }
    }

    /** A trial's identity and state as read under its row lock. */
    record TrialRef(long id, TrialState state, int number, long studyId, String studyName, String failureMessage) {
        void requireRunning(String attempted) {
            if (state != TrialState.RUNNING) {
                requireNotFinished(attempted);
                throw new IllegalStateException("cannot " + attempted + " trial " + number + " of study '" + studyName
                        + "': it is " + state + ", not RUNNING");
            }
        }

        void requireNotFinished(String attempted) {
            if (state.isFinished()) {
                throw new TrialAlreadyFinishedException(studyName, number, state, attempted, failureMessage);
            }
        }
    }
}
