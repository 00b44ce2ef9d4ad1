package io.paratune.pruner;

import static io.paratune.internal.Checks.require;

import io.paratune.Direction;
import io.paratune.FrozenTrial;
import io.paratune.StudyView;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Asynchronous successive halving (ASHA, Li et al. 2020), as Optuna's {@code
 * SuccessiveHalvingPruner}. Rung {@code k} is reached at step {@code minResource *
 * reductionFactor^(minEarlyStoppingRate + k)}. A trial reaching a rung records its latest
 * intermediate value there, as the system attribute {@code <prefix>k} (see {@link
 * FrozenTrial#systemAttributes()}), and goes on only if that value is among the best {@code
 * 1/reductionFactor} of all values recorded at the rung so far, by any trial in any state; else it
 * is pruned. Trials are never held back waiting for others, so early trials are promoted more
 * freely than later ones.
 *
 * <p>A NaN latest value prunes at once. Infinite values are recorded as the largest or smallest
 * finite double (storages keep JSON numbers), so an infinite loss ranks last.
 */
record SuccessiveHalvingPruner(
        int minResource, int reductionFactor, int minEarlyStoppingRate, int bootstrapCount, String attributePrefix)
        implements Pruner {

    /** The system attribute prefix of the stand-alone pruner: {@code asha:rung_0}, {@code asha:rung_1}, ... */
    static final String PREFIX = io.paratune.SystemAttributes.ASHA_RUNG_PREFIX;

    SuccessiveHalvingPruner {
        require(
                minResource >= 1,
                "successive halving: minResource=%d is below 1; give the steps a trial gets"
                        + " before its first judgement, 1 or more",
                minResource);
        require(
                reductionFactor >= 2,
                "successive halving: reductionFactor=%d is below 2; give 2 or more (3 is usual)",
                reductionFactor);
        require(
                minEarlyStoppingRate >= 0,
                "successive halving: minEarlyStoppingRate=%d is negative; give 0 or more",
                minEarlyStoppingRate);
        require(
                bootstrapCount >= 0,
                "successive halving: bootstrapCount=%d is negative; give 0 or more",
                bootstrapCount);
    }

    /** The step at which rung {@code rung} is reached, or Long.MAX_VALUE past the long range. */
    long rungStep(int rung) {
        long step = minResource;
        for (int i = 0; i < minEarlyStoppingRate + rung; i++) {
            if (step > Long.MAX_VALUE / reductionFactor) {
                return Long.MAX_VALUE;
            }
            step *= reductionFactor;
        }
        return step;
    }

    @Override
    public boolean shouldPrune(StudyView study, FrozenTrial trial) {
        if (study.directions().size() != 1) {
            throw new IllegalStateException("successive halving needs a single-objective study; study '"
                    + study.studyName() + "' has " + study.directions().size() + " directions");
        }
        int step = trial.lastStep();
        if (step < 0) {
            return false;
        }
        double value = trial.intermediateValues().get(step);
        if (Double.isNaN(value)) {
            return true;
        }
        Direction direction = study.directions().get(0);
        double recorded = PercentilePruner.finite(value);
        int rung = currentRung(trial);
        while (step >= rungStep(rung)) {
            String key = attributePrefix + rung;
            List<Double> competing = competingLosses(study, trial, key, direction);
            double loss = direction.asLoss(recorded);
            competing.add(loss);
            study.setTrialSystemAttribute(trial, key, recorded);
            if (competing.size() <= bootstrapCount || !promotable(loss, competing)) {
                return true;
            }
            rung++;
        }
        return false;
    }

    /** The number of rungs the trial has recorded: rungs 0 .. result-1. */
    int currentRung(FrozenTrial trial) {
        int rung = 0;
        while (trial.systemAttributes().containsKey(attributePrefix + rung)) {
            rung++;
        }
        return rung;
    }

    private static List<Double> competingLosses(StudyView study, FrozenTrial trial, String key, Direction direction) {
        List<Double> losses = new ArrayList<>();
        for (FrozenTrial t : study.trials()) {
            if (t.number() != trial.number() && t.systemAttributes().get(key) instanceof Number n) {
                losses.add(direction.asLoss(n.doubleValue()));
            }
        }
        return losses;
    }

    /** Whether {@code loss} is among the best {@code 1/reductionFactor} of {@code competing} (which holds it). */
    private boolean promotable(double loss, List<Double> competing) {
        Collections.sort(competing);
        int index = Math.max(0, competing.size() / reductionFactor - 1);
        return loss <= competing.get(index);
    }
}
