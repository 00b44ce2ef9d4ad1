package io.paratune.storage.jdbc;

import static io.paratune.storage.jdbc.SqlRows.TRIAL;
import static io.paratune.storage.jdbc.SqlRows.attributeJson;
import static io.paratune.storage.jdbc.SqlRows.insertTrial;
import static io.paratune.storage.jdbc.SqlRows.lockTrial;
import static io.paratune.storage.jdbc.SqlRows.readTrial;
import static io.paratune.storage.jdbc.SqlRows.update;
import static io.paratune.storage.jdbc.SqlRows.upsertAttribute;

import io.paratune.Direction;
import io.paratune.FrozenTrial;
import io.paratune.StudyNotFoundException;
import io.paratune.TrialState;
import io.paratune.internal.JsonValues;
import io.paratune.space.Distribution;
import io.paratune.storage.HeartbeatStorage;
import io.paratune.storage.StudyInfo;
import io.paratune.storage.jdbc.SqlRows.TrialRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * The storage's SQL: every {@link HeartbeatStorage} operation as transactions on a {@link
 * Database}. Trial numbers are assigned under a lock on the study's row, so they stay dense across
 * processes; finishing is a conditional update of a RUNNING row; every write is committed before
 * the method returns; reads run in one snapshot transaction. {@link JdbcStorage} puts a cache of
 * finished trials in front of it.
 */
final class SqlStorage implements HeartbeatStorage {
    private final Database db;
    private final SqlStudies studies;
    private final SqlParams parameters;
    private final SqlFinishing finishing;
    private final SqlHeartbeats heartbeats;
    private final LongAdder trialsRead = new LongAdder();

    SqlStorage(Database db) {
        this.db = db;
        this.studies = new SqlStudies(db);
        this.parameters = new SqlParams(db);
        this.finishing = new SqlFinishing(db, parameters);
        this.heartbeats = new SqlHeartbeats(db, studies);
    }

    Database database() {
        return db;
    }

    @Override
    public String toString() {
        return "SqlStorage[" + db.url() + "]";
    }

    @Override
    public void close() {
        db.close();
    }

    // ---- studies ----

    @Override
    public StudyInfo createStudy(String name, List<Direction> directions, Instant now) {
        return studies.createStudy(name, directions, now);
    }

    @Override
    public Optional<StudyInfo> findStudy(String name) {
        return studies.findStudy(name);
    }

    @Override
    public StudyInfo study(long studyId) {
        return studies.study(studyId);
    }

    @Override
    public List<StudyInfo> studies() {
        return studies.studies();
    }

    @Override
    public void deleteStudy(long studyId) {
        studies.deleteStudy(studyId);
    }

    @Override
    public void setStudyAttribute(long studyId, String key, Object value) {
        studies.setStudyAttribute(studyId, key, value);
    }

    @Override
    public Map<String, Object> studyAttributes(long studyId) {
        return studies.studyAttributes(studyId);
    }

    @Override
    public long nextSequenceValue(long studyId, String key) {
        return studies.nextSequenceValue(studyId, key);
    }

    // ---- trials ----

    @Override
    public FrozenTrial createTrial(long studyId, TrialState state, Map<String, Object> systemAttributes, Instant now) {
        if (state != TrialState.RUNNING && state != TrialState.WAITING) {
            throw new IllegalArgumentException("a new trial is RUNNING or WAITING, not " + state);
        }
        Map<String, String> attributes = attributeJson(systemAttributes);
        Long started = state == TrialState.RUNNING ? Times.nanos(now) : null;
        String operation = "create a trial in " + studies.studyLabel(studyId);
        if (attributes.isEmpty() && db.dialect() == Dialect.POSTGRESQL) {
            // the study's row lock, taken by the UPDATE, orders the numbers until the statement commits
            return db.writeStatement(operation, (c, retried) -> {
                try (PreparedStatement s = c.prepareStatement(
                        "WITH n AS (UPDATE paratune_study SET trial_count ="
                                + " trial_count + 1 WHERE id = ? RETURNING trial_count - 1 AS number) INSERT INTO "
                                + TRIAL
                                + " (study_id, number, state, started_ns) SELECT ?, number, ?, ? FROM n RETURNING id, number")) {
                    TrialReader.bind(s, studyId, studyId, state.name(), started);
                    try (ResultSet r = s.executeQuery()) {
                        if (!r.next()) {
                            throw new StudyNotFoundException("#" + studyId + " (create trial)");
                        }
                        return TrialReader.inserted(
                                r.getLong(1),
                                r.getInt(2),
                                state,
                                started == null ? null : Times.instant(started),
                                attributes);
                    }
                }
            });
        }
        return db.write(operation, (c, retried) -> insertTrial(c, studyId, state, attributes, started));
    }

    /**
     * Adds a finished trial whole, as {@link FinishedTrialInsert} describes: one durable
     * transaction, one statement on PostgreSQL.
     */
    @Override
    public FrozenTrial createFinishedTrial(long studyId, FrozenTrial template) {
        FinishedTrialInsert insert = FinishedTrialInsert.of(template);
        String operation = "add a " + template.state() + " trial to " + studies.studyLabel(studyId);
        if (db.dialect() == Dialect.POSTGRESQL) {
            return db.writeStatementDurably(operation, (c, retried) -> insert.inOneStatement(c, studyId, retried));
        }
        return db.writeDurably(operation, (c, retried) -> insert.inTransaction(c, studyId, retried));
    }

    /**
     * Creates a RUNNING trial marked with the system attribute {@code quotaKey} only while fewer than
     * {@code limit} trials of the study carry it: the study's row is locked first (SQLite: the write
     * transaction), so processes creating at once are counted one after the other.
     */
    Optional<FrozenTrial> createTrialWithin(
            long studyId, Map<String, Object> systemAttributes, String quotaKey, int limit, Instant now) {
        Objects.requireNonNull(quotaKey, "quota key");
        Map<String, Object> marked = new LinkedHashMap<>(systemAttributes);
        marked.put(quotaKey, true);
        Map<String, String> attributes = attributeJson(marked);
        long started = Times.nanos(now);
        return db.write(
                "create a trial within " + limit + " '" + quotaKey + "' trials in " + studies.studyLabel(studyId),
                (c, retried) -> {
                    if (update(c, "UPDATE paratune_study SET trial_count = trial_count WHERE id = ?", studyId) != 1) {
                        throw new StudyNotFoundException("#" + studyId + " (create trial)");
                    }
                    if (countMarked(c, studyId, quotaKey) >= limit) {
                        return Optional.empty();
                    }
                    return Optional.of(insertTrial(c, studyId, TrialState.RUNNING, attributes, started));
                });
    }

    /** How many trials of the study carry the system attribute {@code key}, in any state. */
    int countMarked(long studyId, String key) {
        return db.read("count '" + key + "' trials of " + studies.studyLabel(studyId), (c, retried) -> {
            SqlStudies.requireStudy(c, studyId, "count trials");
            return countMarked(c, studyId, key);
        });
    }

    private static int countMarked(Connection c, long studyId, String key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM " + TRIAL + " t JOIN"
                + " paratune_trial_attribute a ON a.trial_id = t.id AND a.kind = 's' AND a.attr_key = ?"
                + " WHERE t.study_id = ?")) {
            TrialReader.bind(s, key, studyId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    @Override
    public Optional<FrozenTrial> claimWaitingTrial(long studyId, Instant now) {
        String label = studies.studyLabel(studyId);
        boolean waiting = db.readStatement("look for a waiting trial in " + label, (c, retried) -> {
            try (PreparedStatement s = c.prepareStatement("SELECT s.id, (SELECT MIN(t.number) FROM " + TRIAL + " t"
                    + " WHERE t.study_id = s.id AND t.state = 'WAITING') FROM paratune_study s WHERE s.id = ?")) {
                s.setLong(1, studyId);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        throw new StudyNotFoundException("#" + studyId + " (claim waiting trial)");
                    }
                    r.getInt(2);
                    return !r.wasNull();
                }
            }
        });
        if (!waiting) {
            return Optional.empty();
        }
        long started = Times.nanos(now);
        return db.write(
                "claim a waiting trial in " + label,
                (c, retried) -> Optional.ofNullable(claimInTransaction(c, studyId, started)));
    }

    /** Claims the oldest WAITING trial of the study in the current write transaction; null if none waits. */
    private FrozenTrial claimInTransaction(Connection c, long studyId, long started) throws SQLException {
        Long id = null;
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM " + TRIAL + " WHERE study_id = ? AND"
                + " state = 'WAITING' ORDER BY number LIMIT 1" + db.dialect().forUpdateSkipLocked())) {
            s.setLong(1, studyId);
            try (ResultSet r = s.executeQuery()) {
                if (r.next()) {
                    id = r.getLong(1);
                }
            }
        }
        if (id == null) {
            return null;
        }
        update(
                c,
                "UPDATE " + TRIAL + " SET state = 'RUNNING', started_ns = ? WHERE id = ? AND state = 'WAITING'",
                started,
                id);
        return readTrial(c, id);
    }

    /**
     * Claims the oldest WAITING trial or creates a RUNNING one, in one statement on PostgreSQL (the
     * study's row lock orders the numbers; a waiting trial another worker is claiming is skipped)
     * and in one write transaction on SQLite.
     */
    @Override
    public FrozenTrial startTrial(long studyId, Instant now) {
        long started = Times.nanos(now);
        String operation = "start a trial in " + studies.studyLabel(studyId);
        if (db.dialect() != Dialect.POSTGRESQL) {
            return db.write(operation, (c, retried) -> {
                FrozenTrial claimed = claimInTransaction(c, studyId, started);
                return claimed != null ? claimed : insertTrial(c, studyId, TrialState.RUNNING, Map.of(), started);
            });
        }
        long[] claimedId = {-1};
        FrozenTrial created = db.writeStatement(operation, (c, retried) -> {
            claimedId[0] = -1;
            try (PreparedStatement s = c.prepareStatement(
                    "WITH w AS (SELECT id FROM " + TRIAL + " WHERE study_id = ?"
                            + " AND state = 'WAITING' ORDER BY number LIMIT 1 FOR UPDATE SKIP LOCKED),"
                            + " claimed AS (UPDATE " + TRIAL + " t SET state = 'RUNNING', started_ns = ? FROM w"
                            + " WHERE t.id = w.id RETURNING t.id, t.number, 1 AS was_waiting),"
                            + " n AS (UPDATE paratune_study SET trial_count = trial_count + 1 WHERE id = ? AND NOT EXISTS"
                            + " (SELECT 1 FROM w) RETURNING trial_count - 1 AS number),"
                            + " created AS (INSERT INTO " + TRIAL
                            + " (study_id, number, state, started_ns) SELECT ?, number,"
                            + " 'RUNNING', ? FROM n RETURNING id, number, 0 AS was_waiting)"
                            + " SELECT id, number, was_waiting FROM claimed UNION ALL SELECT id, number, was_waiting FROM created")) {
                TrialReader.bind(s, studyId, started, studyId, studyId, started);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        return null;
                    }
                    if (r.getInt(3) == 1) {
                        claimedId[0] = r.getLong(1);
                        return null;
                    }
                    return TrialReader.inserted(
                            r.getLong(1), r.getInt(2), TrialState.RUNNING, Times.instant(started), Map.of());
                }
            }
        });
        if (created != null) {
            return created;
        }
        if (claimedId[0] >= 0) {
            return trial(claimedId[0]); // an enqueued trial: read what it carries
        }
        throw new StudyNotFoundException("#" + studyId + " (start trial)");
    }

    // ---- params ----

    @Override
    public void setParam(long trialId, String name, double internalValue, Distribution distribution) {
        parameters.setParam(trialId, name, internalValue, distribution);
    }

    /**
     * Writes parameters of a RUNNING trial in one statement; names it already has are skipped.
     *
     * @return how many were written: fewer when the trial is no longer RUNNING
     */
    int insertParams(long trialId, List<ParamBuffer.Param> params) {
        return parameters.insertParams(trialId, params);
    }

    // ---- attributes ----

    @Override
    public boolean setIntermediateValue(long trialId, int step, double value) {
        return db.write("report step " + step + " of trial #" + trialId, (c, retried) -> {
            TrialRef t = lockTrial(c, db.dialect(), trialId);
            t.requireRunning("report step " + step + " of");
            try (PreparedStatement s = c.prepareStatement("INSERT INTO paratune_trial_intermediate (trial_id, step,"
                    + " step_value) VALUES (?, ?, ?) ON CONFLICT (trial_id, step) DO NOTHING")) {
                s.setLong(1, trialId);
                s.setInt(2, step);
                if (Double.isNaN(value)) {
                    s.setNull(3, java.sql.Types.DOUBLE);
                } else {
                    s.setDouble(3, value);
                }
                return s.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void setUserAttribute(long trialId, String key, Object value) {
        setTrialAttribute(trialId, "u", "user", key, value);
    }

    @Override
    public void setSystemAttribute(long trialId, String key, Object value) {
        setTrialAttribute(trialId, "s", "system", key, value);
    }

    private void setTrialAttribute(long trialId, String kind, String label, String key, Object value) {
        Objects.requireNonNull(key, "attribute key");
        String json = Json.write(JsonValues.copy(label + " attribute '" + key + "'", value));
        db.write("set " + label + " attribute '" + key + "' of trial #" + trialId, (c, retried) -> {
            lockTrial(c, db.dialect(), trialId).requireNotFinished("set " + label + " attribute '" + key + "' of");
            upsertAttribute(c, "paratune_trial_attribute", "trial_id", trialId, kind, key, json);
            return null;
        });
    }

    @Override
    public FrozenTrial finishTrial(
            long trialId, TrialState state, double[] values, String failureMessage, Instant now) {
        return finishTrial(trialId, state, values, failureMessage, now, List.of());
    }

    /**
     * Finishes a trial as {@link #finishTrial(long, TrialState, double[], String, Instant)} does,
     * writing {@code params} (parameters not yet stored) with it, in the same statement on
     * PostgreSQL and in the same transaction on SQLite.
     */
    FrozenTrial finishTrial(
            long trialId,
            TrialState state,
            double[] values,
            String failureMessage,
            Instant now,
            List<ParamBuffer.Param> params) {
        return finishing.finishTrial(trialId, state, values, failureMessage, now, params);
    }

    // ---- heartbeats ----

    @Override
    public boolean recordHeartbeat(long trialId, Instant now) {
        return heartbeats.recordHeartbeat(trialId, now);
    }

    /** The last recorded heartbeat of a trial, or null before the first. */
    Instant lastHeartbeat(long trialId) {
        return heartbeats.lastHeartbeat(trialId);
    }

    /** The study's RUNNING trials by number, each with its last heartbeat (its start before the first). */
    Map<Integer, Instant> lastBeats(long studyId) {
        return heartbeats.lastBeats(studyId);
    }

    @Override
    public List<FrozenTrial> failStaleTrials(
            long studyId,
            Instant now,
            Duration grace,
            String failureMessage,
            Function<FrozenTrial, Map<String, Object>> retry) {
        return heartbeats.failStaleTrials(studyId, now, grace, failureMessage, retry);
    }

    // ---- reads ----

    @Override
    public FrozenTrial trial(long trialId) {
        return SqlRows.trial(db, trialId);
    }

    @Override
    public Optional<FrozenTrial> trialByNumber(long studyId, int number) {
        return db.read("read trial " + number + " of " + studies.studyLabel(studyId), (c, retried) -> {
            SqlStudies.requireStudy(c, studyId, "read trial");
            List<FrozenTrial> found = TrialReader.read(c, "t.study_id = ? AND t.number = ?", studyId, number);
            return found.isEmpty() ? Optional.<FrozenTrial>empty() : Optional.of(found.get(0));
        });
    }

    @Override
    public List<FrozenTrial> trials(long studyId, Set<TrialState> states, int minNumber) {
        String where = "t.study_id = ? AND t.number >= ?" + stateCondition(states);
        return db.read("list trials of " + studies.studyLabel(studyId), (c, retried) -> {
            SqlStudies.requireStudy(c, studyId, "list trials");
            if (states.isEmpty()) {
                return List.<FrozenTrial>of();
            }
            return TrialReader.read(c, where, studyId, Math.max(0, minNumber));
        });
    }

    /**
     * All trials of a study numbered at least {@code minNumber}, plus those of the given ids, in one
     * snapshot, ordered by number.
     */
    List<FrozenTrial> trialsSince(long studyId, int minNumber, Set<Long> alsoIds) {
        String where = "t.study_id = ? AND t.number >= ?";
        List<Object> args = new ArrayList<>(List.of(studyId, minNumber));
        if (!alsoIds.isEmpty()) {
            // not "... OR t.id IN (...)": databases without statistics answer that by scanning the
            // whole study; this form reads only the new trials (by number) and the listed ones (by id)
            StringJoiner marks = new StringJoiner(", ");
            for (Long id : alsoIds) {
                marks.add("?");
                args.add(id);
            }
            where = "t.id IN (SELECT id FROM " + TRIAL + " WHERE study_id = ? AND number >= ? UNION ALL SELECT id FROM "
                    + TRIAL + " WHERE id IN (" + marks + "))";
        }
        String condition = where;
        List<FrozenTrial> read = db.read("list trials of " + studies.studyLabel(studyId), (c, retried) -> {
            SqlStudies.requireStudy(c, studyId, "list trials");
            return TrialReader.read(c, condition, args.toArray());
        });
        trialsRead.add(read.size());
        return read;
    }

    /** How many trials {@link #trialsSince} has read from the database so far. */
    long trialsRead() {
        return trialsRead.sum();
    }

    private static String stateCondition(Set<TrialState> states) {
        if (states.isEmpty() || states.containsAll(EnumSet.allOf(TrialState.class))) {
            return "";
        }
        StringJoiner in = new StringJoiner("', '", " AND t.state IN ('", "')");
        states.forEach(s -> in.add(s.name()));
        return in.toString();
    }
}
