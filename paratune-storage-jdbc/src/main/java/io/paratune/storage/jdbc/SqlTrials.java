package io.paratune.storage.jdbc;

import static io.paratune.storage.jdbc.SqlRows.TRIAL;
import static io.paratune.storage.jdbc.SqlRows.attributeJson;
import static io.paratune.storage.jdbc.SqlRows.insertTrial;
import static io.paratune.storage.jdbc.SqlRows.readTrial;
import static io.paratune.storage.jdbc.SqlRows.update;

import io.paratune.FrozenTrial;
import io.paratune.StudyNotFoundException;
import io.paratune.TrialState;
import io.paratune.storage.HeartbeatStorage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The SQL that creates, claims and starts trials, numbering them under a lock on the study's row
 * so that numbers stay dense across processes.
 */
final class SqlTrials {
    private final Database db;
    private final SqlStudies studies;

    SqlTrials(Database db, SqlStudies studies) {
        this.db = db;
        this.studies = studies;
    }

    /** As {@link HeartbeatStorage#createTrial}: one statement on PostgreSQL when no attributes come with it. */
    FrozenTrial createTrial(long studyId, TrialState state, Map<String, Object> systemAttributes, Instant now) {
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
    FrozenTrial createFinishedTrial(long studyId, FrozenTrial template) {
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

    /** As {@link HeartbeatStorage#claimWaitingTrial}: a read first, the write only when a trial waits. */
    Optional<FrozenTrial> claimWaitingTrial(long studyId, Instant now) {
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
    FrozenTrial startTrial(long studyId, Instant now) {
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
            return SqlRows.trial(db, claimedId[0]); // an enqueued trial: read what it carries
        }
        throw new StudyNotFoundException("#" + studyId + " (start trial)");
    }
}
