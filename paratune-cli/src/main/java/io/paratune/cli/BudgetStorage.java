package io.paratune.cli;

import io.paratune.Direction;
import io.paratune.FrozenTrial;
import io.paratune.TrialState;
import io.paratune.space.Distribution;
import io.paratune.storage.HeartbeatStorage;
import io.paratune.storage.StudyInfo;
import io.paratune.storage.jdbc.JdbcStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The storage as a run sees it: every new trial the sampler starts is marked {@link #NEW_TRIAL}
 * and created only while fewer than {@code limit} marked trials exist, counted and created under
 * the study's lock in the storage ({@link JdbcStorage#createTrialWithin}). So the {@code trials}
 * budget is the number of new trials in the storage, whichever processes started them, and no
 * ticket can be lost by a process that dies. Re-runs (WAITING trials) are created unmarked and do
 * not count. Everything else passes through.
 */
final class BudgetStorage implements HeartbeatStorage {
    /** System attribute of a new trial: it counts toward the study's {@code trials} budget. */
    static final String NEW_TRIAL = io.paratune.SystemAttributes.CLI_NEW_TRIAL;
    /**
     * System attribute of a trial asked from the shell ({@code paratune ask}): no process runs it, and
     * only {@code paratune tell} finishes it.
     */
    static final String ASKED = io.paratune.SystemAttributes.CLI_ASKED;
    /**
     * The heartbeat of a trial asked from the shell. No process beats for it, so it is set once, so
     * far ahead that no reaper ever finds it stale; {@link #lastBeats} leaves such trials out, so no
     * run waits for them either.
     */
    static final Instant NO_PROCESS = Instant.parse("2200-01-01T00:00:00Z");

    /** Thrown by {@link #createTrial} when the budget is spent: no trial was created. */
    static final class Spent extends RuntimeException {
        Spent() {
            super("the study's trial budget is spent", null, false, false);
        }
    }

    private final JdbcStorage inner;
    private final int limit;

    /**
     * @param limit how many marked trials the study may hold; {@link Integer#MAX_VALUE} for no limit
     */
    BudgetStorage(JdbcStorage inner, int limit) {
        this.inner = inner;
        this.limit = limit;
    }

    JdbcStorage inner() {
        return inner;
    }

    int limit() {
        return limit;
    }

    /** Whether the budget is spent now (another process may spend it a moment later). */
    boolean spent(long studyId) {
        return limit != Integer.MAX_VALUE && inner.countMarked(studyId, NEW_TRIAL) >= limit;
    }

    /**
     * The study's RUNNING trials that a process runs, by number, each with its last heartbeat (see
     * {@link JdbcStorage#lastBeats}); trials asked from the shell are left out.
     */
    Map<Integer, Instant> lastBeats(long studyId) {
        Map<Integer, Instant> beats = new LinkedHashMap<>(inner.lastBeats(studyId));
        beats.values().removeIf(beat -> !beat.isBefore(NO_PROCESS));
        return beats;
    }

    @Override
    public FrozenTrial createTrial(long studyId, TrialState state, Map<String, Object> systemAttributes, Instant now) {
        if (state != TrialState.RUNNING) {
            return inner.createTrial(studyId, state, systemAttributes, now);
        }
        if (limit == Integer.MAX_VALUE) {
            Map<String, Object> marked = new java.util.LinkedHashMap<>(systemAttributes);
            marked.put(NEW_TRIAL, true);
            return inner.createTrial(studyId, state, marked, now);
        }
        return inner.createTrialWithin(studyId, systemAttributes, NEW_TRIAL, limit, now)
                .orElseThrow(Spent::new);
    }

    @Override
    public FrozenTrial startTrial(long studyId, Instant now) {
        return claimWaitingTrial(studyId, now).orElseGet(() -> createTrial(studyId, TrialState.RUNNING, Map.of(), now));
    }

    @Override
    public StudyInfo createStudy(String name, List<Direction> directions, Instant now) {
        return inner.createStudy(name, directions, now);
    }

    @Override
    public Optional<StudyInfo> findStudy(String name) {
        return inner.findStudy(name);
    }

    @Override
    public StudyInfo study(long studyId) {
        return inner.study(studyId);
    }

    @Override
    public List<StudyInfo> studies() {
        return inner.studies();
    }

    @Override
    public void deleteStudy(long studyId) {
        inner.deleteStudy(studyId);
    }

    @Override
    public void setStudyAttribute(long studyId, String key, Object value) {
        inner.setStudyAttribute(studyId, key, value);
    }

    @Override
    public Map<String, Object> studyAttributes(long studyId) {
        return inner.studyAttributes(studyId);
    }

    @Override
    public long nextSequenceValue(long studyId, String key) {
        return inner.nextSequenceValue(studyId, key);
    }

    /** A trial evaluated elsewhere is added whole, unmarked: it was never this study's to run. */
    @Override
    public FrozenTrial createFinishedTrial(long studyId, FrozenTrial template) {
        return inner.createFinishedTrial(studyId, template);
    }

    @Override
    public Optional<FrozenTrial> claimWaitingTrial(long studyId, Instant now) {
        return inner.claimWaitingTrial(studyId, now);
    }

    @Override
    public void setParam(long trialId, String name, double internalValue, Distribution distribution) {
        inner.setParam(trialId, name, internalValue, distribution);
    }

    @Override
    public boolean setIntermediateValue(long trialId, int step, double value) {
        return inner.setIntermediateValue(trialId, step, value);
    }

    @Override
    public void setUserAttribute(long trialId, String key, Object value) {
        inner.setUserAttribute(trialId, key, value);
    }

    @Override
    public void setSystemAttribute(long trialId, String key, Object value) {
        inner.setSystemAttribute(trialId, key, value);
    }

    @Override
    public FrozenTrial finishTrial(
            long trialId, TrialState state, double[] values, String failureMessage, Instant now) {
        return inner.finishTrial(trialId, state, values, failureMessage, now);
    }

    @Override
    public FrozenTrial trial(long trialId) {
        return inner.trial(trialId);
    }

    @Override
    public Optional<FrozenTrial> trialByNumber(long studyId, int number) {
        return inner.trialByNumber(studyId, number);
    }

    @Override
    public List<FrozenTrial> trials(long studyId, Set<TrialState> states, int minNumber) {
        return inner.trials(studyId, states, minNumber);
    }

    @Override
    public boolean recordHeartbeat(long trialId, Instant now) {
        return inner.recordHeartbeat(trialId, now);
    }

    @Override
    public List<FrozenTrial> failStaleTrials(
            long studyId,
            Instant now,
            Duration grace,
            String failureMessage,
            Function<FrozenTrial, Map<String, Object>> retry) {
        return inner.failStaleTrials(studyId, now, grace, failureMessage, retry);
    }

    @Override
    public String toString() {
        return inner.toString();
    }
}
