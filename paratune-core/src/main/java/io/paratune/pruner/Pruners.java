package io.paratune.pruner;

/** Factories for the built-in pruners. */
public final class Pruners {
    private Pruners() {}

    /** A pruner that never prunes. */
    public static Pruner none() {
        return (study, trial) -> false;
    }

    /**
     * The median rule with Optuna's defaults: 5 startup trials, no warm-up steps, every step.
     *
     * @see #median(int, int, int, int)
     */
    public static Pruner median() {
        return median(5, 0, 1, 1);
    }

    /**
     * Prunes a trial whose best intermediate value so far is worse than the median of the COMPLETE
     * trials' values at the same step.
     *
     * @param startupTrials no pruning until this many trials are COMPLETE
     * @param warmupSteps no pruning before this step
     * @param intervalSteps judge only every this many steps after the warm-up
     * @param minTrialsAtStep no pruning unless at least this many COMPLETE trials reported the step
     */
    public static Pruner median(int startupTrials, int warmupSteps, int intervalSteps, int minTrialsAtStep) {
        return new PercentilePruner(50.0, startupTrials, warmupSteps, intervalSteps, minTrialsAtStep);
    }

    /**
     * Prunes a trial whose best intermediate value so far is worse than the given percentile of the
     * COMPLETE trials' values at the same step (percentile 50 is the median rule; lower keeps fewer
     * trials). A NaN value prunes at once.
     *
     * @param percentile in [0, 100], of the losses at the step (values are turned into losses first)
     * @param startupTrials no pruning until this many trials are COMPLETE
     * @param warmupSteps no pruning before this step
     * @param intervalSteps judge only every this many steps after the warm-up
     * @param minTrialsAtStep no pruning unless at least this many COMPLETE trials reported the step
     * @throws IllegalArgumentException naming a setting out of range
     */
    public static Pruner percentile(double percentile, int startupTrials, int warmupSteps, int intervalSteps,
            int minTrialsAtStep) {
        return new PercentilePruner(percentile, startupTrials, warmupSteps, intervalSteps, minTrialsAtStep);
    }
}
