package io.paratune;

import io.paratune.storage.Storage;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What samplers and pruners may read of a study while proposing for, or judging, one trial. Trial
 * lists are read from the storage once per view and then reused, so a sampler may call them freely
 * within one proposal. Finished trials are data; RUNNING trials are <em>pending</em> points that
 * parallel workers are evaluating right now.
 *
 * <p>A pruner may narrow what a view shows (see {@link io.paratune.pruner.Pruner#trialScope}):
 * under Hyperband, the view for a trial holds only the trials of its bracket, so samplers and the
 * bracket's pruner are conditioned on that bracket alone. The current trial is always shown.
 */
public final class StudyView {
    private static final Set<TrialState> FINISHED = EnumSet.of(TrialState.COMPLETE, TrialState.PRUNED, TrialState.FAIL);

    private final Storage storage;
    private final long studyId;
    private final String studyName;
    private final List<Direction> directions;
    private final int currentNumber;
    private final Predicate<FrozenTrial> scope;
    private List<FrozenTrial> all;
    private int tailFrom = -1;
    private List<FrozenTrial> tail;
    private int first = -1;

    StudyView(
            Storage storage,
            long studyId,
            String studyName,
            List<Direction> directions,
            int currentNumber,
            Predicate<FrozenTrial> scope) {
        this.storage = storage;
        this.studyId = studyId;
        this.studyName = studyName;
        this.directions = directions;
        this.currentNumber = currentNumber;
        this.scope = scope;
    }

    /** The study's name. */
    public String studyName() {
        return studyName;
    }

    /** The study's directions, one per objective value. */
    public List<Direction> directions() {
        return directions;
    }

    /** The number of the trial being proposed for or judged, or -1 before it exists. */
    public int currentTrialNumber() {
        return currentNumber;
    }

    /**
     * All trials of the study in this view's scope (including the current one), by number; every
     * trial unless the pruner narrows the scope.
     */
    public synchronized List<FrozenTrial> trials() {
        if (all == null) {
            List<FrozenTrial> stored = storage.trials(studyId);
            all = inScope(stored);
        }
        return all;
    }

    /**
     * The number of the first trial this view shows: 0 unless the pruner narrows the scope (the
     * first trial of the current trial's Hyperband bracket, say), so that a sampler can keep one
     * history per scope. For a narrowed scope it reads single trials until the first one in scope,
     * not the whole study; once per view.
     */
    public synchronized int firstTrialNumber() {
        if (scope == null) {
            return 0;
        }
        if (first < 0) {
            if (all != null) {
                first = all.isEmpty() ? Math.max(0, currentNumber) : all.get(0).number();
            } else {
                int n = 0;
                while (n < currentNumber
                        && !storage.trialByNumber(studyId, n).map(scope::test).orElse(false)) {
                    n++;
                }
                first = Math.max(0, n);
            }
        }
        return first;
    }

    /**
     * The trials numbered {@code fromNumber} and later (including the current one) that this view
     * shows ({@link #trials()}: within the pruner's scope), by number. A sampler that keeps what it
     * read of the finished trials reads only this tail on each proposal rather than the whole
     * study, so that an ask does not grow with the history. Read from the storage once per view and
     * {@code fromNumber}. In a narrowed scope the numbers have gaps: a number missing between two
     * listed trials is not in the scope.
     */
    public synchronized List<FrozenTrial> trialsFrom(int fromNumber) {
        int from = Math.max(0, fromNumber);
        if (all != null) {
            int lo = 0;
            int hi = all.size();
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (all.get(mid).number() < from) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return all.subList(lo, all.size());
        }
        if (tail == null || tailFrom != from) {
            List<FrozenTrial> stored = storage.trials(studyId, EnumSet.allOf(TrialState.class), from);
            tail = inScope(stored);
            tailFrom = from;
        }
        return tail;
    }

    /** The trials of {@code stored} that this view shows: the current one and those in scope. */
    private List<FrozenTrial> inScope(List<FrozenTrial> stored) {
        return scope == null
                ? List.copyOf(stored)
                : stored.stream()
                        .filter(t -> t.number() == currentNumber || scope.test(t))
                        .toList();
    }

    /** The trials in the given states, by number, excluding the current trial. */
    public List<FrozenTrial> trials(Set<TrialState> states) {
        return trials().stream()
                .filter(t -> states.contains(t.state()) && t.number() != currentNumber)
                .toList();
    }

    /** The COMPLETE trials, by number. */
    public List<FrozenTrial> completed() {
        return trials(EnumSet.of(TrialState.COMPLETE));
    }

    /** The finished trials (COMPLETE, PRUNED, FAIL), by number. */
    public List<FrozenTrial> finished() {
        return trials(FINISHED);
    }

    /** The RUNNING trials other than the current one: the pending points. */
    public List<FrozenTrial> running() {
        return trials(EnumSet.of(TrialState.RUNNING));
    }

    /**
     * Atomically returns the next value (0, 1, 2, ...) of the study's counter {@code key}, shared by
     * all workers of the study; each value is handed out once.
     */
    public long nextSequenceValue(String key) {
        return storage.nextSequenceValue(studyId, key);
    }

    /**
     * Stores a system attribute (a JSON-like value) on a RUNNING trial of this study, typically the
     * trial being proposed for, so that sampler state (a CMA-ES generation and member, say) lives in
     * the storage with the trial and every worker, and a restarted process, can read it back from
     * {@link FrozenTrial#systemAttributes()}.
     *
     * @throws IllegalArgumentException if the trial is not one of this study's
     * @throws TrialAlreadyFinishedException if the trial is already finished
     */
    public void setTrialSystemAttribute(FrozenTrial trial, String key, Object value) {
        if (storage.trialByNumber(studyId, trial.number())
                .map(t -> t.id() != trial.id())
                .orElse(true)) {
            throw new IllegalArgumentException("trial " + trial.number() + " (id " + trial.id()
                    + ") is not a trial of study '" + studyName + "'; set attributes on this study's trials only");
        }
        storage.setSystemAttribute(trial.id(), key, value);
    }
}
