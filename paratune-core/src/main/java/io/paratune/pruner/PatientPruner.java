package io.paratune.pruner;

import static io.paratune.internal.Checks.require;

import io.paratune.Direction;
import io.paratune.FrozenTrial;
import io.paratune.StudyView;
import java.util.List;
import java.util.function.Predicate;

/**
 * Lets {@code wrapped} prune a trial only after its best value has not improved by more than
 * {@code minDelta} for {@code patience} reported steps: the best of the last {@code patience + 1}
 * values is compared with the best before them (NaN values skipped; a window of NaN only is no
 * improvement). With {@code wrapped} null, the lack of improvement alone prunes.
 */
record PatientPruner(Pruner wrapped, int patience, double minDelta) implements Pruner {

    PatientPruner {
        require(patience >= 0, "patient pruner: patience=%d is negative; give 0 or more steps", patience);
        require(
                Double.isFinite(minDelta) && minDelta >= 0,
                "patient pruner: minDelta=%s must be a finite number >= 0; give 0 to count any improvement",
                minDelta);
    }

    @Override
    public boolean shouldPrune(StudyView study, FrozenTrial trial) {
        List<Double> values = List.copyOf(trial.intermediateValues().values());
        if (values.size() <= patience + 1) {
            return false;
        }
        Direction direction = study.directions().get(0);
        int split = values.size() - patience - 1;
        double before = bestLoss(values.subList(0, split), direction);
        double after = bestLoss(values.subList(split, values.size()), direction);
        boolean stalled = Double.isNaN(after) || (!Double.isNaN(before) && before - minDelta <= after);
        if (!stalled) {
            return false;
        }
        return wrapped == null || wrapped.shouldPrune(study, trial);
    }

    /** The best value as a loss (smaller is better), NaN values skipped; NaN if all are NaN. */
    private static double bestLoss(List<Double> values, Direction direction) {
        double best = Double.NaN;
        for (double v : values) {
            double loss = direction.asLoss(v);
            if (!Double.isNaN(loss) && (Double.isNaN(best) || loss < best)) {
                best = loss;
            }
        }
        return best;
    }

    @Override
    public Predicate<FrozenTrial> trialScope(String studyName, int trialNumber) {
        return wrapped == null ? null : wrapped.trialScope(studyName, trialNumber);
    }
}
