package io.paratune.storage.jdbc;

import io.paratune.Direction;
import io.paratune.FrozenTrial;
import io.paratune.StorageException;
import io.paratune.StudyNotFoundException;
import io.paratune.TrialState;
import io.paratune.space.Distribution;
import io.paratune.storage.HeartbeatStorage;
import io.paratune.storage.Storage;
import io.paratune.storage.StudyInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A durable {@link Storage} in a SQLite file or a PostgreSQL database, shared safely by threads,
 * processes and machines: the database is the coordinator. It records heartbeats ({@link
 * HeartbeatStorage}), so studies can fail and retry the trials of workers that died.
 *
 * <p>Open one with {@link #open(String)} and a storage URL, {@code sqlite:path/to/study.db} (one
 * machine; the file is created) or {@code postgresql://user:password@host:5432/database} (many
 * machines). Opening migrates the schema to this version; a database written by a newer Paratune
 * is refused. Close it when done.
 *
 * <p>Beyond the {@link Storage} contract: trial numbers stay dense across processes; every write,
 * and a finished trial with a full sync to disk, is committed before the method returns (the
 * writes before a trial finishes reach the disk with it, or within a fraction of a second), with
 * one exception: the parameters suggested for a trial this storage started are written with the
 * trial's finish, in the same statement, or 20 ms after the suggestion, whichever comes first.
 * Reads through this storage see them at once; other processes see them at most 20 ms late; a
 * worker killed within those 20 ms leaves its trial without them (its retry draws them again).
 * So a short trial costs two statements: start, and finish with its parameters.
 * Operations that fail for a transient reason (a lost connection, a restarting server, a locked
 * SQLite file) are retried for up to a minute before a {@link StorageException} reports them.
 * Finished trials are cached, so listing a study's trials reads only the trials created or
 * changed since the last listing. Attribute numbers come back as JSON reads them: {@code
 * Integer}, {@code Long} or {@code Double}.
 */
public final class JdbcStorage implements HeartbeatStorage {
    /** The longest study name, in characters. */
    public static final int MAX_STUDY_NAME_LENGTH = 512;

    private final SqlStorage sql;
    private final ParamBuffer params;
    private final Map<Long, StudyCache> caches = new ConcurrentHashMap<>();

    private JdbcStorage(SqlStorage sql, Duration paramWriteDelay) {
        this.sql = sql;
        this.params = new ParamBuffer(sql, paramWriteDelay);
    }

    /**
     * Opens (and creates or migrates, as needed) the storage at {@code url}:
     *
     * <ul>
     *   <li>{@code sqlite:path/to/study.db}, relative to the working directory or absolute; the
     *       folder must exist. SQLite serves several processes on one machine;
     *   <li>{@code postgresql://user:password@host:5432/database?option=value}, with user,
     *       password and port optional and options passed to the JDBC driver (percent-encode
     *       special characters); PostgreSQL serves many machines;
     *   <li>a plain {@code jdbc:sqlite:...} or {@code jdbc:postgresql:...} URL.
     * </ul>
     *
     * <p>What a PostgreSQL URL leaves out comes from the environment as libpq (psql) takes it:
     * {@code PGUSER}, {@code PGHOST}, {@code PGPORT}, {@code PGDATABASE}, and the password from
     * {@code PGPASSWORD} or the password file ({@code PGPASSFILE}, else {@code ~/.pgpass}, with
     * libpq's matching rules; a file group or others can read is ignored). The URL's own values
     * win. Passwords are masked in {@link #url()} and in every message.
     *
     * @throws IllegalArgumentException if the URL is malformed
     * @throws StorageException if the database cannot be reached or opened, refuses the login, or
     *     has a newer schema than this Paratune; the message says what to fix
     */
    public static JdbcStorage open(String url) {
        return open(StorageUrl.parse(url), Settings.DEFAULTS);
    }

    /**
     * Opens the storage at {@code url} for reading only: it creates nothing (no file, no table, no
     * {@code -wal} or {@code -shm} file beside a SQLite file that no process has open), changes
     * nothing, and works on a read-only SQLite file or folder and with a PostgreSQL role that may
     * only read. Every write through it throws {@link IllegalStateException}. URLs are read as by
     * {@link #open(String)}.
     *
     * @return the storage, or empty when there is nothing to read yet: the SQLite file does not
     *     exist, or the database has no Paratune tables
     * @throws IllegalArgumentException if the URL is malformed
     * @throws StorageException if the database cannot be reached or read, refuses the login, or
     *     has another schema version than this Paratune (newer; or older, which only a writing
     *     {@link #open(String)} upgrades)
     */
    public static Optional<JdbcStorage> openReadOnly(String url) {
        return openReadOnly(StorageUrl.parse(url), Settings.DEFAULTS);
    }

    static Optional<JdbcStorage> openReadOnly(StorageUrl url, Settings settings) {
        if (url.dialect() == Dialect.SQLITE && !SqliteFiles.checkExisting(url)) {
            return Optional.empty();
        }
        Database db = Database.openReadOnly(url, settings);
        try {
            int version = Migrations.schemaVersion(db);
            if (version == 0) {
                db.close();
                return Optional.empty();
            }
            Migrations.checkReadable(db, version);
            Json.load();
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return Optional.of(new JdbcStorage(new SqlStorage(db), Duration.ZERO));
    }

    /**
     * Checks a storage URL without opening or creating anything: its form, and for a SQLite file
     * that it can be created (its folder exists and is writable) or, if it exists, written.
     * PostgreSQL's reachability and login are only known when it is opened.
     *
     * @return the URL as shown in messages, with the password masked
     * @throws IllegalArgumentException if the URL is malformed
     * @throws StorageException if the SQLite file cannot be created or written
     */
    public static String checkUrl(String url) {
        StorageUrl parsed = StorageUrl.parse(url);
        if (parsed.dialect() == Dialect.SQLITE) {
            SqliteFiles.checkWritable(parsed);
        }
        return parsed.display();
    }

    /**
     * The URL with any password masked ({@code postgresql://user:***@host/db}), for messages; any
     * text is accepted, nothing is checked.
     */
    public static String maskPassword(String url) {
        return url == null ? null : StorageUrl.maskUrls(url);
    }

    static JdbcStorage open(StorageUrl url, Settings settings) {
        Database db = Database.open(url, settings);
        try {
            Migrations.migrate(db);
            Json.load();
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return new JdbcStorage(new SqlStorage(db), settings.paramWriteDelay());
    }

    /** The storage URL, with any password masked. */
    public String url() {
        return sql.database().url().display();
    }

    SqlStorage sql() {
        return sql;
    }

    Database database() {
        return sql.database();
    }

    /** The last recorded heartbeat of a trial, or null before the first. */
    Instant lastHeartbeat(long trialId) {
        return sql.lastHeartbeat(trialId);
    }

    @Override
    public String toString() {
        return "JdbcStorage[" + url() + "]";
    }

    @Override
    public void close() {
        try {
            params.close();
        } finally {
            sql.close();
        }
    }

    // ---- studies ----

    @Override
    public StudyInfo createStudy(String name, List<Direction> directions, Instant now) {
        return sql.createStudy(name, directions, now);
    }

    @Override
    public Optional<StudyInfo> findStudy(String name) {
        return sql.findStudy(name);
    }

    @Override
    public StudyInfo study(long studyId) {
        return sql.study(studyId);
    }

    @Override
    public List<StudyInfo> studies() {
        return sql.studies();
    }

    @Override
    public void deleteStudy(long studyId) {
        params.flushAll();
        caches.remove(studyId);
        sql.deleteStudy(studyId);
        params.forgetStudy(studyId);
    }

    /** The number of running trials whose parameters this storage still keeps in memory (for tests). */
    int keptParameterTrials() {
        return params.ownedTrials();
    }

    @Override
    public void setStudyAttribute(long studyId, String key, Object value) {
        sql.setStudyAttribute(studyId, key, value);
    }

    @Override
    public Map<String, Object> studyAttributes(long studyId) {
        return sql.studyAttributes(studyId);
    }

    @Override
    public long nextSequenceValue(long studyId, String key) {
        return sql.nextSequenceValue(studyId, key);
    }

    // ---- trials ----

    @Override
    public FrozenTrial createTrial(long studyId, TrialState state, Map<String, Object> systemAttributes, Instant now) {
        FrozenTrial t = sql.createTrial(studyId, state, systemAttributes, now);
        if (state == TrialState.RUNNING) {
            params.own(studyId, t);
        }
        return t;
    }

    /**
     * Adds a trial evaluated elsewhere, already finished, in one transaction (one statement on
     * PostgreSQL) committed to disk before returning: no worker ever sees it RUNNING or without its
     * parameters, and a failure or a crash leaves no trial behind.
     */
    @Override
    public FrozenTrial createFinishedTrial(long studyId, FrozenTrial template) {
        return sql.createFinishedTrial(studyId, template);
    }

    /**
     * Creates a RUNNING trial, as {@link #createTrial} does, marked with the system attribute {@code
     * quotaKey} (value {@code true}), but only while fewer than {@code limit} trials of the study
     * carry that mark. The count and the creation happen under the study's lock, so processes and
     * machines sharing the study never create more than {@code limit} marked trials together: a
     * budget of trials counted in the storage itself.
     *
     * @return the new trial, or empty when {@code limit} marked trials exist
     */
    public Optional<FrozenTrial> createTrialWithin(
            long studyId, Map<String, Object> systemAttributes, String quotaKey, int limit, Instant now) {
        Optional<FrozenTrial> t = sql.createTrialWithin(studyId, systemAttributes, quotaKey, limit, now);
        t.ifPresent(created -> params.own(studyId, created));
        return t;
    }

    /** How many trials of the study carry the system attribute {@code key}, in any state. */
    public int countMarked(long studyId, String key) {
        return sql.countMarked(studyId, key);
    }

    /**
     * The study's RUNNING trials by number, each with its last recorded heartbeat, or its start
     * before the first: a trial whose time here stops advancing has lost its worker.
     */
    public Map<Integer, Instant> lastBeats(long studyId) {
        return sql.lastBeats(studyId);
    }

    @Override
    public Optional<FrozenTrial> claimWaitingTrial(long studyId, Instant now) {
        Optional<FrozenTrial> claimed = sql.claimWaitingTrial(studyId, now);
        claimed.ifPresent(t -> params.own(studyId, t));
        return claimed;
    }

    @Override
    public FrozenTrial startTrial(long studyId, Instant now) {
        FrozenTrial t = sql.startTrial(studyId, now);
        params.own(studyId, t);
        return t;
    }

    /**
     * Records a parameter. For a trial this storage started, the parameter is checked now and
     * written with the trial's finish or within a few milliseconds, whichever comes first (see
     * {@link ParamBuffer}); reads through this storage see it at once.
     */
    @Override
    public void setParam(long trialId, String name, double internalValue, Distribution distribution) {
        SqlParams.checkMember(name, internalValue, distribution);
        if (!params.add(trialId, name, internalValue, distribution)) {
            sql.setParam(trialId, name, internalValue, distribution);
        }
    }

    @Override
    public boolean setIntermediateValue(long trialId, int step, double value) {
        params.flush(trialId);
        return sql.setIntermediateValue(trialId, step, value);
    }

    @Override
    public void setUserAttribute(long trialId, String key, Object value) {
        params.flush(trialId);
        sql.setUserAttribute(trialId, key, value);
    }

    @Override
    public void setSystemAttribute(long trialId, String key, Object value) {
        params.flush(trialId);
        sql.setSystemAttribute(trialId, key, value);
    }

    @Override
    public FrozenTrial finishTrial(
            long trialId, TrialState state, double[] values, String failureMessage, Instant now) {
        return params.finish(
                trialId, unwritten -> sql.finishTrial(trialId, state, values, failureMessage, now, unwritten));
    }

    @Override
    public FrozenTrial trial(long trialId) {
        for (StudyCache cache : caches.values()) {
            FrozenTrial t = cache.finishedTrial(trialId);
            if (t != null) {
                return t;
            }
        }
        params.flush(trialId);
        return sql.trial(trialId);
    }

    @Override
    public Optional<FrozenTrial> trialByNumber(long studyId, int number) {
        StudyCache cache = caches.get(studyId);
        FrozenTrial t = cache == null ? null : cache.finishedTrial(number);
        if (t != null) {
            return Optional.of(t);
        }
        params.flushAll();
        return sql.trialByNumber(studyId, number);
    }

    @Override
    public List<FrozenTrial> trials(long studyId, Set<TrialState> states, int minNumber) {
        params.flushAll();
        StudyCache cache = caches.computeIfAbsent(studyId, id -> new StudyCache());
        List<FrozenTrial> all;
        try {
            all = cache.read(sql, studyId);
        } catch (StudyNotFoundException e) {
            caches.remove(studyId, cache);
            throw e;
        }
        return StudyCache.select(all, states, minNumber);
    }

    // ---- heartbeats ----

    @Override
    public boolean recordHeartbeat(long trialId, Instant now) {
        return sql.recordHeartbeat(trialId, now);
    }

    @Override
    public List<FrozenTrial> failStaleTrials(
            long studyId,
            Instant now,
            Duration grace,
            String failureMessage,
            Function<FrozenTrial, Map<String, Object>> retry) {
        return sql.failStaleTrials(studyId, now, grace, failureMessage, retry);
    }
}
