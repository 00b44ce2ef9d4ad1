package io.paratune.pruner;

import static io.paratune.internal.Checks.require;

import io.paratune.Direction;
import io.paratune.FrozenTrial;
import io.paratune.StudyView;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Prunes a trial whose best intermediate value is worse than a percentile of the COMPLETE trials'
 * values at the same step (the median rule at 50). A NaN best value prunes at once.
 */
record PercentilePruner(double percentile, int startupTrials, int warmupSteps, int intervalSteps,
        int minTrialsAtStep) implements Pruner {

    PercentilePruner {
        require(percentile >= 0 && percentile <= 100, "percentile=%s must be in [0, 100]", percentile);
        require(startupTrials >= 0, "startupTrials=%d must be >= 0", startupTrials);
        require(warmupSteps >= 0, "warmupSteps=%d must be >= 0", warmupSteps);
        require(intervalSteps >= 1, "intervalSteps=%d must be >= 1", intervalSteps);
        require(minTrialsAtStep >= 1, "minTrialsAtStep=%d must be >= 1", minTrialsAtStep);
    }

    @Override
    public boolean shouldPrune(StudyView study, FrozenTrial trial) {
        if (study.directions().size() != 1) {
            throw new IllegalStateException("the percentile pruner needs a single-objective study; study '"
                    + study.studyName() + "' has " + study.directions().size() + " directions");
        }
        int step = trial.lastStep();
        if (step < 0 || step < warmupSteps || (step - warmupSteps) % intervalSteps != 0) {
            return false;
        }
        List<FrozenTrial> completed = study.completed();
        if (completed.size() < startupTrials) {
            return false;
        }
        Direction direction = study.directions().get(0);
        double best = bestSoFar(trial.intermediateValues(), direction);
        if (Double.isNaN(best)) {
            return true;
        }
        double[] atStep = completed.stream()
                .map(t -> t.intermediateValues().get(step))
                .filter(v -> v != null && !Double.isNaN(v))
                .mapToDouble(Double::doubleValue)
                .map(direction::asLoss)
                .toArray();
        if (atStep.length < minTrialsAtStep) {
            return false;
        }
        return direction.asLoss(best) > percentileOf(atStep, percentile);
    }

    private static double bestSoFar(Map<Integer, Double> values, Direction direction) {
        double best = Double.NaN;
        for (double v : values.values()) {
            if (!Double.isNaN(v) && (Double.isNaN(best) || direction.isBetter(v, best))) {
                best = v;
            }
        }
        return best;
    }

    /** Linear interpolation between closest ranks (numpy's default). */
    static double percentileOf(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double pos = q / 100.0 * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
