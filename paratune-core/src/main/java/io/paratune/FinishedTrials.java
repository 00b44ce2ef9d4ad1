package io.paratune;

import io.paratune.moo.Pareto;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks on finished trials that the study facade answers with: the best trial, the Pareto front,
 * and a trial evaluated elsewhere turned into a storable record.
 */
final class FinishedTrials {
    private FinishedTrials() {}

    /** See {@link Study#bestTrial()}; {@code complete} are the study's COMPLETE trials by number. */
    static FrozenTrial best(List<FrozenTrial> complete, List<Direction> directions, String studyName) {
        if (directions.size() != 1) {
            throw new IllegalStateException("study '" + studyName + "' has " + directions.size()
                    + " directions; use bestTrials() for its Pareto front");
        }
        Direction direction = directions.get(0);
        FrozenTrial best = null;
        for (FrozenTrial t : complete) {
            if (t.isFeasible() && (best == null || direction.isBetter(t.value(), best.value()))) {
                best = t;
            }
        }
        if (best == null) {
            throw new IllegalStateException(
                    complete.isEmpty()
                            ? "study '" + studyName + "' has no COMPLETE trial yet"
                            : "study '" + studyName + "' has " + complete.size()
                                    + " COMPLETE trials but none is feasible (every"
                                    + " one has a constraint > 0); relax the constraints or run more trials");
        }
        return best;
    }

    /** See {@link Study#bestTrials()}; {@code complete} are the study's COMPLETE trials by number. */
    static List<FrozenTrial> paretoFront(List<FrozenTrial> complete, List<Direction> directions) {
        List<FrozenTrial> feasible =
                complete.stream().filter(FrozenTrial::isFeasible).toList();
        List<double[]> losses = new ArrayList<>(feasible.size());
        for (FrozenTrial t : feasible) {
            double[] l = t.values();
            for (int i = 0; i < l.length; i++) {
                l[i] = directions.get(i).asLoss(l[i]);
            }
            losses.add(l);
        }
        List<FrozenTrial> front = new ArrayList<>();
        for (int i : Pareto.nonDominated(losses)) {
            front.add(feasible.get(i));
        }
        return front;
    }

    /**
     * The record to store for a trial evaluated elsewhere (see {@link Study#addTrial(EvaluatedTrial)}),
     * with ids left to the storage; it starts and finishes at {@code now}.
     *
     * @throws IllegalArgumentException naming what does not fit the study
     */
    static FrozenTrial imported(EvaluatedTrial trial, List<Direction> directions, String studyName, Instant now) {
        Map<String, Double> internal = new LinkedHashMap<>();
        trial.params().forEach((name, value) -> {
            try {
                internal.put(name, trial.distributions().get(name).toInternal(value));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("addTrial: " + e.getMessage(), e);
            }
        });
        double[] values = trial.values();
        if (trial.state() == TrialState.COMPLETE && values.length != directions.size()) {
            throw new IllegalArgumentException("addTrial: study '" + studyName + "' has " + directions.size()
                    + " directions " + directions + " but the trial has " + values.length + " values "
                    + Arrays.toString(values) + "; give one value per direction");
        }
        if (!trial.intermediateValues().isEmpty() && directions.size() != 1) {
            throw new IllegalArgumentException("addTrial: intermediate values are for single-objective studies; study '"
                    + studyName + "' has " + directions.size() + " directions; leave them out");
        }
        if (trial.state() == TrialState.PRUNED
                && directions.size() == 1
                && !trial.intermediateValues().isEmpty()) {
            double last =
                    trial.intermediateValues().get(trial.intermediateValues().lastKey());
            values = Double.isNaN(last) ? null : new double[] {last};
        }
        Map<String, Object> system = new LinkedHashMap<>();
        double[] constraints = trial.constraints();
        if (constraints != null) {
            List<Double> stored = new ArrayList<>(constraints.length);
            for (double c : constraints) {
                stored.add(c);
            }
            system.put(FrozenTrial.CONSTRAINTS, stored);
        }
        return new FrozenTrial(
                -1,
                -1,
                trial.state(),
                internal,
                trial.distributions(),
                values == null || values.length == 0 ? null : values,
                trial.intermediateValues(),
                now,
                now,
                trial.userAttributes(),
                system,
                trial.failureMessage());
    }
}
