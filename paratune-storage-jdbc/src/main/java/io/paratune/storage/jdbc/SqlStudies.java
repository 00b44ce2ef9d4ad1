package io.paratune.storage.jdbc;

import static io.paratune.storage.jdbc.SqlRows.update;
import static io.paratune.storage.jdbc.SqlRows.upsertAttribute;

import io.paratune.Direction;
import io.paratune.DuplicateStudyException;
import io.paratune.StorageException;
import io.paratune.StudyNotFoundException;
import io.paratune.internal.JsonValues;
import io.paratune.storage.StudyInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SQL of {@link SqlStorage}'s study operations (studies, their attributes and sequences),
 * remembering the study names that label its messages.
 */
final class SqlStudies {
    private final Database db;
    private final Map<Long, String> studyNames = new ConcurrentHashMap<>();

    SqlStudies(Database db) {
        this.db = db;
    }

    static void checkStudyName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(
                    "study name '" + (name == null ? "null" : name) + "' is empty; give a non-blank name");
        }
        if (name.length() > JdbcStorage.MAX_STUDY_NAME_LENGTH) {
            throw new IllegalArgumentException("study name '" + name.substring(0, 40) + "...' is " + name.length()
                    + " characters long; the limit is " + JdbcStorage.MAX_STUDY_NAME_LENGTH
                    + ", choose a shorter name");
        }
    }

    /** How messages name a study: by its name once seen here, else by its id. */
    String studyLabel(long studyId) {
        String name = studyNames.get(studyId);
        return name != null ? "study '" + name + "'" : "study #" + studyId;
    }

    private StudyInfo remember(StudyInfo info) {
        studyNames.put(info.id(), info.name());
        return info;
    }

    StudyInfo createStudy(String name, List<Direction> directions, Instant now) {
        checkStudyName(name);
        if (directions.isEmpty()) {
            throw new IllegalArgumentException("study '" + name + "': directions are empty; give at least one");
        }
        StringJoiner dirs = new StringJoiner(",");
        directions.forEach(d -> dirs.add(d.name()));
        long created = Times.nanos(now);
        long id;
        try {
            id = db.writeDurably("create study '" + name + "'", (c, retried) -> {
                if (retried) {
                    Optional<StudyInfo> existing = findStudy(c, name);
                    if (existing.isPresent() && existing.get().created().equals(Times.instant(created))) {
                        return existing.get().id(); // our earlier attempt was committed
                    }
                }
                if (findStudy(c, name).isPresent()) {
                    throw new DuplicateStudyException(name);
                }
                try (PreparedStatement s = c.prepareStatement("INSERT INTO paratune_study (name, directions,"
                        + " created_ns, trial_count) VALUES (?, ?, ?, 0) RETURNING id")) {
                    s.setString(1, name);
                    s.setString(2, dirs.toString());
                    s.setLong(3, created);
                    try (ResultSet r = s.executeQuery()) {
                        r.next();
                        return r.getLong(1);
                    }
                }
            });
        } catch (StorageException e) {
            if (e.getCause() instanceof SQLException sql && SqlErrors.isUniqueViolation(sql)) {
                throw new DuplicateStudyException(name);
            }
            throw e;
        }
        return remember(new StudyInfo(id, name, directions, Times.instant(created)));
    }

    Optional<StudyInfo> findStudy(String name) {
        Objects.requireNonNull(name, "study name");
        return db.read("find study '" + name + "'", (c, retried) -> findStudy(c, name))
                .map(this::remember);
    }

    private static Optional<StudyInfo> findStudy(Connection c, String name) throws SQLException {
        List<StudyInfo> found = studies(c, "WHERE name = ?", name);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    StudyInfo study(long studyId) {
        return remember(db.read("read study #" + studyId, (c, retried) -> requireStudy(c, studyId, "read")));
    }

    /**
     * Reads a study in the current transaction.
     *
     * @throws StudyNotFoundException naming {@code operation} if the study does not exist
     */
    static StudyInfo requireStudy(Connection c, long studyId, String operation) throws SQLException {
        List<StudyInfo> found = studies(c, "WHERE id = ?", studyId);
        if (found.isEmpty()) {
            throw new StudyNotFoundException("#" + studyId + " (" + operation + ")");
        }
        return found.get(0);
    }

    private static List<StudyInfo> studies(Connection c, String where, Object... args) throws SQLException {
        List<StudyInfo> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT id, name, directions, created_ns FROM paratune_study " + where + " ORDER BY id")) {
            TrialReader.bind(s, args);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    List<Direction> directions = new ArrayList<>();
                    for (String d : r.getString(3).split(",")) {
                        directions.add(Direction.valueOf(d));
                    }
                    out.add(new StudyInfo(r.getLong(1), r.getString(2), directions, Times.instant(r.getLong(4))));
                }
            }
        }
        return out;
    }

    List<StudyInfo> studies() {
        List<StudyInfo> all = db.read("list studies", (c, retried) -> studies(c, ""));
        all.forEach(this::remember);
        return List.copyOf(all);
    }

    void deleteStudy(long studyId) {
        String label = studyLabel(studyId);
        db.write("delete " + label, (c, retried) -> {
            int deleted = update(c, "DELETE FROM paratune_study WHERE id = ?", studyId);
            if (deleted == 0 && !retried) {
                throw new StudyNotFoundException("#" + studyId + " (delete)");
            }
            return null;
        });
        studyNames.remove(studyId);
    }

    void setStudyAttribute(long studyId, String key, Object value) {
        Objects.requireNonNull(key, "attribute key");
        String json = Json.write(JsonValues.copy("study attribute '" + key + "'", value));
        db.write("set attribute '" + key + "' of " + studyLabel(studyId), (c, retried) -> {
            requireStudy(c, studyId, "set attribute");
            upsertAttribute(c, "paratune_study_attribute", "study_id", studyId, null, key, json);
            return null;
        });
    }

    Map<String, Object> studyAttributes(long studyId) {
        return db.read("read attributes of " + studyLabel(studyId), (c, retried) -> {
            requireStudy(c, studyId, "read attributes");
            Map<String, Object> out = new LinkedHashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT attr_key, value_json FROM paratune_study_attribute"
                    + " WHERE study_id = ? ORDER BY attr_order, attr_key")) {
                s.setLong(1, studyId);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        out.put(r.getString(1), Json.read("study attribute '" + r.getString(1) + "'", r.getString(2)));
                    }
                }
            }
            return io.paratune.internal.Checks.frozenMap(out);
        });
    }

    long nextSequenceValue(long studyId, String key) {
        Objects.requireNonNull(key, "sequence key");
        return db.write("next value of sequence '" + key + "' of " + studyLabel(studyId), (c, retried) -> {
            requireStudy(c, studyId, "next sequence value");
            try (PreparedStatement s = c.prepareStatement("INSERT INTO paratune_study_sequence (study_id, seq_key,"
                    + " next_value) VALUES (?, ?, 1) ON CONFLICT (study_id, seq_key) DO UPDATE SET next_value ="
                    + " paratune_study_sequence.next_value + 1 RETURNING next_value")) {
                s.setLong(1, studyId);
                s.setString(2, key);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    return r.getLong(1) - 1;
                }
            }
        });
    }
}
