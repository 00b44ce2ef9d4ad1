package io.paratune.pruner;

/**
 * Factories for the built-in pruners. Every option is checked here, and a bad one is refused with
 * a message naming the option, its value and the fix.
 *
 * <p>Every pruner decides from the stored state of the study only (intermediate values with their
 * steps, and the system attributes pruners record on trials), never by waiting for other trials,
 * so one study may be pruned consistently by threads, processes and machines sharing a storage.
 * A trial that reports NaN is pruned at its next judged step by every pruner but {@link #none()}.
 */
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
    public static Pruner percentile(
            double percentile, int startupTrials, int warmupSteps, int intervalSteps, int minTrialsAtStep) {
        return new PercentilePruner(percentile, startupTrials, warmupSteps, intervalSteps, minTrialsAtStep);
    }

    /**
     * Prunes a trial whose latest intermediate value is NaN, below {@code lower} or above {@code
     * upper} (give an infinity for no bound on that side), judged at steps {@code warmupSteps,
     * warmupSteps + intervalSteps, ...}. Needs no other trial: useful against diverging runs.
     */
    public static Pruner threshold(double lower, double upper, int warmupSteps, int intervalSteps) {
        return new ThresholdPruner(lower, upper, warmupSteps, intervalSteps);
    }

    /**
     * Prunes a trial whose best value has not improved by more than {@code minDelta} over its last
     * {@code patience} reported steps (the best of the last {@code patience + 1} values against the
     * best before them, as Keras' early stopping counts it).
     */
    public static Pruner patient(int patience, double minDelta) {
        return new PatientPruner(null, patience, minDelta);
    }

    /**
     * Lets {@code wrapped} prune a trial only once the trial has stalled as {@link #patient(int,
     * double)} defines it; trials still improving are left alone whatever {@code wrapped} says.
     */
    public static Pruner patient(Pruner wrapped, int patience, double minDelta) {
        if (wrapped == null) {
            throw new IllegalArgumentException("patient pruner: wrapped=null; give a pruner, or use"
                    + " patient(patience, minDelta) to prune on the lack of improvement alone");
        }
        return new PatientPruner(wrapped, patience, minDelta);
    }

    /**
     * Asynchronous successive halving (ASHA) with Optuna's defaults: minimum resource 1, reduction
     * factor 3, no minimum early-stopping rate, no bootstrap.
     *
     * @see #successiveHalving(int, int, int, int)
     */
    public static Pruner successiveHalving() {
        return successiveHalving(1, 3, 0, 0);
    }

    /**
     * Asynchronous successive halving (ASHA). Steps are the resource (epochs, boosting rounds):
     * rung {@code k} is at step {@code minResource * reductionFactor^(minEarlyStoppingRate + k)}. A
     * trial reaching a rung goes on only if its latest value is among the best {@code
     * 1/reductionFactor} recorded at that rung so far; it never waits for other trials. Each rung a
     * trial reaches is recorded with it, as the system attribute {@code asha:rung_<k>} holding the
     * value it had there; a trial with rung {@code k} recorded that is not PRUNED was promoted past
     * it.
     *
     * @param minResource the steps before the first rung, at least 1
     * @param reductionFactor the {@code eta} of the paper, at least 2: a rung promotes the best
     *     {@code 1/eta} of its trials and the next rung is {@code eta} times further
     * @param minEarlyStoppingRate moves the first rung {@code eta^rate} times further, at least 0
     * @param bootstrapCount trials reaching a rung before this many others have reached it are
     *     pruned, at least 0 (0 promotes the first trials)
     */
    public static Pruner successiveHalving(
            int minResource, int reductionFactor, int minEarlyStoppingRate, int bootstrapCount) {
        return new SuccessiveHalvingPruner(
                minResource, reductionFactor, minEarlyStoppingRate, bootstrapCount, SuccessiveHalvingPruner.PREFIX);
    }

    /**
     * Hyperband: {@code floor(log_eta(maxResource / minResource)) + 1} brackets of asynchronous
     * successive halving, bracket {@code b} with its first rung at {@code minResource * eta^b}.
     * Each trial belongs to one bracket, chosen from a hash of the study name and the trial number
     * (so every process agrees, and the assignment matches Optuna's {@code HyperbandPruner}), with
     * more trials going to the aggressive brackets. The sampler sees only the trials of the
     * bracket of the trial it proposes for, as in Optuna, so that each bracket's search is not
     * misled by the others' short runs. Rungs are recorded as the system attributes {@code
     * hyperband:bracket_<b>:rung_<k>}.
     *
     * @param minResource the steps of the first rung of bracket 0, at least 1
     * @param maxResource the steps of a fully trained trial, at least {@code minResource}
     * @param reductionFactor the {@code eta} of successive halving, at least 2
     */
    public static Pruner hyperband(int minResource, int maxResource, int reductionFactor) {
        return new HyperbandPruner(minResource, maxResource, reductionFactor, 0);
    }
}
