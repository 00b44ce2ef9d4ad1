package io.paratune.pruner;

import static io.paratune.internal.Checks.require;

import io.paratune.FrozenTrial;
import io.paratune.StudyView;

/**
 * Prunes a trial whose latest intermediate value is NaN or outside {@code [lower, upper]}, judged
 * at the steps {@code warmupSteps, warmupSteps + intervalSteps, ...}. It looks at the trial alone,
 * so it works from the first trial on.
 */
record ThresholdPruner(double lower, double upper, int warmupSteps, int intervalSteps) implements Pruner {

    ThresholdPruner {
        require(
                !Double.isNaN(lower) && !Double.isNaN(upper),
                "threshold pruner: lower=%s, upper=%s; give numbers (an infinity for no bound on that side)",
                lower,
                upper);
        require(lower <= upper, "threshold pruner: lower=%s > upper=%s; swap them", lower, upper);
        require(warmupSteps >= 0, "threshold pruner: warmupSteps=%d is negative; give 0 or more", warmupSteps);
        require(
                intervalSteps >= 1,
                "threshold pruner: intervalSteps=%d is below 1; give 1 to judge every step",
                intervalSteps);
    }

    @Override
    public boolean shouldPrune(StudyView study, FrozenTrial trial) {
        int step = trial.lastStep();
        if (step < warmupSteps || (step - warmupSteps) % intervalSteps != 0) {
            return false;
        }
        double value = trial.lastIntermediateValue();
        return Double.isNaN(value) || value < lower || value > upper;
    }
}
