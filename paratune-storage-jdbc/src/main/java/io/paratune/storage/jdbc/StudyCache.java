package io.paratune.storage.jdbc;

import io.paratune.FrozenTrial;
import io.paratune.TrialState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What one storage knows of one study's trials. Finished trials never change, so they are kept;
 * each read fetches only the trials numbered from the first one not yet seen, and the ones seen
 * unfinished last time. The cost of a read grows with the trials created or running since the
 * last read, not with the finished ones: the database part reads only those, and the list handed
 * out is the last one copied in one block with the fetched trials put in. Thread-safe; one read at
 * a time per study.
 */
final class StudyCache {
    private static final int ALL_STATES = TrialState.values().length;

    /** Slot {@code i} holds trial {@code i} once it is finished, else null. */
    private final List<FrozenTrial> finished = new ArrayList<>();

    private final Map<Long, FrozenTrial> finishedById = new HashMap<>();
    /** Ids of the trials numbered below {@link #seen} that were unfinished when last read. */
    private final Set<Long> unfinished = new HashSet<>();
    /** Every trial numbered below it has been read at least once. */
    private int seen;
    /** The study as of the last read: slot {@code i} holds trial {@code i}'s latest version. */
    private FrozenTrial[] last = new FrozenTrial[0];

    /**
     * All the study's trials as of now, ordered by number, read through {@code sql} and the cache;
     * an immutable list.
     */
    synchronized List<FrozenTrial> read(SqlStorage sql, long studyId) {
        List<FrozenTrial> fetched = sql.trialsSince(studyId, seen, unfinished);
        int size = seen;
        for (FrozenTrial t : fetched) {
            size = Math.max(size, t.number() + 1);
        }
        FrozenTrial[] now = Arrays.copyOf(last, size);
        for (FrozenTrial t : fetched) {
            while (finished.size() <= t.number()) {
                finished.add(null);
            }
            if (t.state().isFinished()) {
                finished.set(t.number(), t);
                finishedById.put(t.id(), t);
                unfinished.remove(t.id());
            } else {
                unfinished.add(t.id());
            }
            now[t.number()] = t;
        }
        seen = size;
        last = now;
        for (FrozenTrial t : now) {
            if (t == null) { // a number handed out without its trial: leave the gap out
                return Arrays.stream(now).filter(Objects::nonNull).toList();
            }
        }
        return List.of(now);
    }

    /**
     * The trials of {@code all} (as {@link #read} returns them) in {@code states} and numbered at
     * least {@code minNumber}; {@code all} itself when that is every trial.
     */
    static List<FrozenTrial> select(List<FrozenTrial> all, Set<TrialState> states, int minNumber) {
        if (minNumber <= 0 && states.size() == ALL_STATES) {
            return all;
        }
        List<FrozenTrial> out = new ArrayList<>();
        for (FrozenTrial t : all) {
            if (t.number() >= minNumber && states.contains(t.state())) {
                out.add(t);
            }
        }
        return out;
    }

    /** A finished trial of this study, if cached. */
    synchronized FrozenTrial finishedTrial(long trialId) {
        return finishedById.get(trialId);
    }

    /** A finished trial of this study by number, if cached. */
    synchronized FrozenTrial finishedTrial(int number) {
        return number >= 0 && number < finished.size() ? finished.get(number) : null;
    }
}
