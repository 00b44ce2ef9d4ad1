package io.paratune.storage.jdbc;

import static io.paratune.storage.jdbc.SqlRows.TRIAL;
import static io.paratune.storage.jdbc.SqlRows.attributeJson;
import static io.paratune.storage.jdbc.SqlRows.insertTrial;
import static io.paratune.storage.jdbc.SqlRows.readTrial;
import static io.paratune.storage.jdbc.SqlRows.update;

import io.paratune.FrozenTrial;
import io.paratune.StorageException;
import io.paratune.StudyNotFoundException;
import io.paratune.TrialState;
import io.paratune.storage.HeartbeatStorage;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The SQL of {@link SqlStorage}'s heartbeats: recording and reading those of RUNNING trials, and
 * failing the trials whose heartbeat stopped.
 */
final class SqlHeartbeats {
    private static final String STALE = " AND state = 'RUNNING' AND COALESCE(heartbeat_ns, started_ns) < ?";

    private final Database db;
    private final SqlStudies studies;

    SqlHeartbeats(Database db, SqlStudies studies) {
        this.db = db;
        this.studies = studies;
    }

    /** As {@link HeartbeatStorage#recordHeartbeat}. */
    boolean recordHeartbeat(long trialId, Instant now) {
        long beat = Times.nanos(now);
        return db.write(
                "record the heartbeat of trial #" + trialId,
                (c, retried) -> update(
                                c,
                                "UPDATE " + TRIAL + " SET heartbeat_ns = ? WHERE id = ? AND state = 'RUNNING'",
                                beat,
                                trialId)
                        == 1);
    }

    /** The last recorded heartbeat of a trial, or null before the first. */
    Instant lastHeartbeat(long trialId) {
        return db.read("read the heartbeat of trial #" + trialId, (c, retried) -> {
            try (PreparedStatement s = c.prepareStatement("SELECT heartbeat_ns FROM " + TRIAL + " WHERE id = ?")) {
                s.setLong(1, trialId);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        throw new StorageException("trial #" + trialId + " does not exist");
                    }
                    long nanos = r.getLong(1);
                    return r.wasNull() ? null : Times.instant(nanos);
                }
            }
        });
    }

    /** As {@link HeartbeatStorage#failStaleTrials}. */
    List<FrozenTrial> failStaleTrials(
            long studyId,
            Instant now,
            Duration grace,
            String failureMessage,
            Function<FrozenTrial, Map<String, Object>> retry) {
        Objects.requireNonNull(retry, "retry");
        long nowNanos = Times.nanos(now);
        long cutoff = Times.nanos(now.minus(grace));
        String label = studies.studyLabel(studyId);
        boolean stale = db.readStatement("look for stale trials in " + label, (c, retried) -> {
            try (PreparedStatement s = c.prepareStatement("SELECT s.id, (SELECT MIN(number) FROM " + TRIAL
                    + " WHERE study_id = s.id" + STALE + ") FROM paratune_study s WHERE s.id = ?")) {
                TrialReader.bind(s, cutoff, studyId);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        throw new StudyNotFoundException("#" + studyId + " (fail stale trials)");
                    }
                    r.getInt(2);
                    return !r.wasNull();
                }
            }
        });
        if (!stale) {
            return List.of();
        }
        return db.writeDurably("fail stale trials of " + label, (c, retried) -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id FROM " + TRIAL + " WHERE study_id = ?" + STALE
                    + " ORDER BY number" + db.dialect().forUpdateSkipLocked())) {
                TrialReader.bind(s, studyId, cutoff);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        ids.add(r.getLong(1));
                    }
                }
            }
            List<FrozenTrial> failed = new ArrayList<>();
            for (long id : ids) {
                int changed = update(
                        c,
                        "UPDATE " + TRIAL + " SET state = 'FAIL', failure_message = ?, finished_ns = ?"
                                + " WHERE id = ?" + STALE,
                        failureMessage,
                        nowNanos,
                        id,
                        cutoff);
                if (changed == 1) {
                    FrozenTrial trial = readTrial(c, id);
                    failed.add(trial);
                    Map<String, Object> retryAttributes = retry.apply(trial);
                    if (retryAttributes != null) {
                        insertTrial(c, studyId, TrialState.WAITING, attributeJson(retryAttributes), null);
                    }
                }
            }
            return List.copyOf(failed);
        });
    }

    /** The study's RUNNING trials by number, each with its last heartbeat (its start before the first). */
    Map<Integer, Instant> lastBeats(long studyId) {
        return db.read("read the heartbeats of " + studies.studyLabel(studyId), (c, retried) -> {
            SqlStudies.requireStudy(c, studyId, "read heartbeats");
            Map<Integer, Instant> out = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT number, COALESCE(heartbeat_ns, started_ns) FROM "
                    + TRIAL + " WHERE study_id = ? AND state = 'RUNNING' ORDER BY number")) {
                s.setLong(1, studyId);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.put(r.getInt(1), Times.instant(r.getLong(2)));
                    }
                }
            }
            return out;
        });
    }
}
