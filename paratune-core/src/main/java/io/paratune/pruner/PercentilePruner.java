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
 * values at the same step (the median rule at 50). NaN values are skipped when finding the best;
 * a trial with only NaN values is pruned at its first judged step. Infinite values count as the
 * largest or smallest finite double, so an infinite loss is worse than any finite one.
 */
record PercentilePruner(double percentile, int startupTrials, int warmupSteps, int intervalSteps, int minTrialsAtStep)
        implements Pruner {

    PercentilePruner {
        require(
                percentile >= 0 && percentile <= 100,
                "percentile pruner: percentile=%s is outside [0, 100]; give 50 for the median rule",
                percentile);
        require(startupTrials >= 0, "percentile pruner: startupTrials=%d is negative; give 0 or more", startupTrials);
        require(warmupSteps >= 0, "percentile pruner: warmupSteps=%d is negative; give 0 or more", warmupSteps);
        require(
                intervalSteps >= 1,
                "percentile pruner: intervalSteps=%d is below 1; give 1 to judge every step",
                intervalSteps);
        require(
                minTrialsAtStep >= 1,
                "percentile pruner: minTrialsAtStep=%d is below 1; give 1 or more",
                minTrialsAtStep);
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
                .map(PercentilePruner::finite)
                .toArray();
        if (atStep.length < minTrialsAtStep) {
            return false;
        }
        return finite(direction.asLoss(best)) > percentileOf(atStep, percentile);
    }

    /** An infinity as the largest or smallest finite double, so that interpolation stays defined. */
    static double finite(double v) {
        return Math.max(-Double.MAX_VALUE, Math.min(Double.MAX_VALUE, v));
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
        double f = pos - lo;
        // (1 - f) a + f b rather than a + f (b - a): b - a overflows for values near the double range
        return f == 0 ? sorted[lo] : (1 - f) * sorted[lo] + f * sorted[hi];
    }
}
