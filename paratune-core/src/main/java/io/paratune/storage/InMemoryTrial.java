package io.paratune.storage;

import io.paratune.FrozenTrial;
import io.paratune.TrialAlreadyFinishedException;
import io.paratune.TrialState;
import io.paratune.space.Distribution;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One trial of the in-memory storage: its mutable fields, guarded by its own monitor, and the
 * snapshot they give. Maps are created on first use; once the trial finishes, only its snapshot is
 * kept.
 */
final class InMemoryTrial {
    final InMemoryStudy study;
    final long id;
    final int number;
    TrialState state;
    private LinkedHashMap<String, Double> params;
    private LinkedHashMap<String, Distribution> distributions;
    double[] values;
    private TreeMap<Integer, Double> intermediate;
    Instant started;
    Instant finished;
    private LinkedHashMap<String, Object> userAttributes;
    private LinkedHashMap<String, Object> systemAttributes;
    String failureMessage;
    private FrozenTrial snapshot;

    InMemoryTrial(InMemoryStudy study, long id, int number, TrialState state, Instant started) {
        this.study = study;
        this.id = id;
        this.number = number;
        this.state = state;
        this.started = started;
    }

    LinkedHashMap<String, Double> params() {
        if (params == null) {
            params = new LinkedHashMap<>();
        }
        return params;
    }

    LinkedHashMap<String, Distribution> distributions() {
        if (distributions == null) {
            distributions = new LinkedHashMap<>();
        }
        return distributions;
    }

    TreeMap<Integer, Double> intermediate() {
        if (intermediate == null) {
            intermediate = new TreeMap<>();
        }
        return intermediate;
    }

    LinkedHashMap<String, Object> userAttributes() {
        if (userAttributes == null) {
            userAttributes = new LinkedHashMap<>();
        }
        return userAttributes;
    }

    LinkedHashMap<String, Object> systemAttributes() {
        if (systemAttributes == null) {
            systemAttributes = new LinkedHashMap<>();
        }
        return systemAttributes;
    }

    void changed() {
        snapshot = null;
    }

    void requireRunning(String attempted) {
        if (state != TrialState.RUNNING) {
            if (state.isFinished()) {
                throw new TrialAlreadyFinishedException(study.info.name(), number, state, attempted);
            }
            throw new IllegalStateException("cannot " + attempted + " trial " + number + " of study '"
                    + study.info.name() + "': it is " + state + ", not RUNNING");
        }
    }

    void requireNotFinished(String attempted) {
        if (state.isFinished()) {
            throw new TrialAlreadyFinishedException(study.info.name(), number, state, attempted);
        }
    }

    /** Takes the final snapshot of a finished trial and drops the mutable maps. */
    synchronized FrozenTrial freeze() {
        FrozenTrial last = snapshot();
        params = null;
        distributions = null;
        intermediate = null;
        userAttributes = null;
        systemAttributes = null;
        values = null;
        return last;
    }

    synchronized FrozenTrial snapshot() {
        if (snapshot == null) {
            snapshot = new FrozenTrial(
                    id,
                    number,
                    state,
                    orEmpty(params),
                    orEmpty(distributions),
                    values,
                    intermediate == null ? java.util.Collections.emptySortedMap() : intermediate,
                    started,
                    finished,
                    orEmpty(userAttributes),
                    orEmpty(systemAttributes),
                    failureMessage);
        }
        return snapshot;
    }

    private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }
}
