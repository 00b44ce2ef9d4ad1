package io.paratune.storage.jdbc;

import io.paratune.FrozenTrial;
import io.paratune.TrialState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one storage knows of one study's trials. Finished trials never change, so they are kept;
 * each read fetches only the trials numbered from the first one not yet seen, and the ones seen
 * unfinished last time. The cost of a read grows with the trials created or running since the
 * last read, not with the finished ones. Thread-safe; one read at a time per study.
 */
final class StudyCache {
    /** Slot {@code i} holds trial {@code i} once it is finished, else null. */
    private final List<FrozenTrial> finished = new ArrayList<>();
    private final Map<Long, FrozenTrial> finishedById = new HashMap<>();
    /** Ids of the trials numbered below {@link #seen} that were unfinished when last read. */
    private final Set<Long> unfinished = new HashSet<>();
    /** Every trial numbered below it has been read at least once. */
    private int seen;

    /**
     * All the study's trials as of now, ordered by number, read through {@code sql} and the cache.
     */
    synchronized List<FrozenTrial> read(SqlStorage sql, long studyId) {
        List<FrozenTrial> fetched = sql.trialsSince(studyId, seen, unfinished);
        Map<Integer, FrozenTrial> running = new HashMap<>();
        for (FrozenTrial t : fetched) {
            while (finished.size() <= t.number()) {
                finished.add(null);
            }
            if (t.state().isFinished()) {
                finished.set(t.number(), t);
                finishedById.put(t.id(), t);
                unfinished.remove(t.id());
            } else {
                running.put(t.number(), t);
                unfinished.add(t.id());
            }
            seen = Math.max(seen, t.number() + 1);
        }
        List<FrozenTrial> all = new ArrayList<>(seen);
        for (int number = 0; number < seen; number++) {
            FrozenTrial t = finished.get(number);
            all.add(t != null ? t : running.get(number));
        }
        return all;
    }

    /** The trials of {@code all} in {@code states} and numbered at least {@code minNumber}. */
    static List<FrozenTrial> select(List<FrozenTrial> all, Set<TrialState> states, int minNumber) {
        List<FrozenTrial> out = new ArrayList<>();
        for (int i = Math.max(0, minNumber); i < all.size(); i++) {
            FrozenTrial t = all.get(i);
            if (t != null && states.contains(t.state())) {
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
