package io.paratune.storage.jdbc;

import static io.paratune.storage.jdbc.SqlRows.TRIAL;
import static io.paratune.storage.jdbc.SqlRows.lockTrial;
import static io.paratune.storage.jdbc.SqlRows.upsertAttribute;

import io.paratune.Direction;
import io.paratune.FrozenTrial;
import io.paratune.TrialState;
import io.paratune.internal.JsonValues;
import io.paratune.space.Distribution;
import io.paratune.storage.HeartbeatStorage;
import io.paratune.storage.StudyInfo;
import io.paratune.storage.jdbc.SqlRows.TrialRef;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
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
 * Database}, delegating those of studies, new trials, parameters, finishing and heartbeats to
 * {@link SqlStudies}, {@link SqlTrials}, {@link SqlParams}, {@link SqlFinishing} and {@link
 * SqlHeartbeats}. Trial numbers are assigned under a lock on the study's row, so they stay dense
 * across processes; finishing is a conditional update of a RUNNING row; every write is committed
 * before the method returns; reads run in one snapshot transaction. {@link JdbcStorage} puts a
 * cache of finished trials in front of it.
 */
final class SqlStorage implements HeartbeatStorage {
    private final Database db;
    private final SqlStudies studies;
    private final SqlTrials trials;
    private final SqlParams parameters;
    private final SqlFinishing finishing;
    private final SqlHeartbeats heartbeats;
    private final LongAdder trialsRead = new LongAdder();

    SqlStorage(Database db) {
        this.db = db;
        this.studies = new SqlStudies(db);
        this.trials = new SqlTrials(db, studies);
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
        return trials.createTrial(studyId, state, systemAttributes, now);
    }

    @Override
    public FrozenTrial createFinishedTrial(long studyId, FrozenTrial template) {
        return trials.createFinishedTrial(studyId, template);
    }

    /**
     * Creates a RUNNING trial marked with the system attribute {@code quotaKey} only while fewer than
     * {@code limit} trials of the study carry it: the study's row is locked first (SQLite: the write
     * transaction), so processes creating at once are counted one after the other.
     */
    Optional<FrozenTrial> createTrialWithin(
            long studyId, Map<String, Object> systemAttributes, String quotaKey, int limit, Instant now) {
        return trials.createTrialWithin(studyId, systemAttributes, quotaKey, limit, now);
    }

    /** How many trials of the study carry the system attribute {@code key}, in any state. */
    int countMarked(long studyId, String key) {
        return trials.countMarked(studyId, key);
    }

    @Override
    public Optional<FrozenTrial> claimWaitingTrial(long studyId, Instant now) {
        return trials.claimWaitingTrial(studyId, now);
    }

    @Override
    public FrozenTrial startTrial(long studyId, Instant now) {
        return trials.startTrial(studyId, now);
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

    // ---- intermediate values and attributes ----

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

    // ---- finishing ----

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
