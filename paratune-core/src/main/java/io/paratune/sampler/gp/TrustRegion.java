package io.paratune.sampler.gp;

import java.util.HashSet;
import java.util.Set;

/**
 * The trust region of one study's local model (TuRBO-1, Eriksson et al., "Scalable Global
 * Optimization via Local Bayesian Optimization", NeurIPS 2019): a box around the best observation
 * since the last restart, with a side length that doubles after {@value #SUCCESS_TOLERANCE}
 * improving batches in a row and halves after {@code ceil(max(4, d) / q)} batches without
 * improvement ({@code q} trials per batch); below {@value #LENGTH_MIN} it restarts, and the
 * observations made before the restart no longer count for it.
 *
 * <p>Trials finish one at a time when many workers run; they are counted in batches as large as
 * the most trials seen running at once before the batch began, so a study with q workers counts
 * as TuRBO counts synchronous batches of q. A trial improves when its loss is below the
 * region's best by more than {@code 1e-3} of the best's magnitude. Guarded by the study's lock.
 */
final class TrustRegion {
    static final double LENGTH_INIT = 0.8;
    static final double LENGTH_MIN = 0x1p-7;
    static final double LENGTH_MAX = 1.6;
    static final int SUCCESS_TOLERANCE = 3;
    private static final double IMPROVEMENT = 1e-3;

    /** The side length, in units of the unit cube scaled by the lengthscales' weights. */
    double length = LENGTH_INIT;
    /** Trials numbered below this are before the last restart. */
    int restartedAt;

    int restarts;
    private double best = Double.POSITIVE_INFINITY;
    private int successes;
    private int failures;
    private int batchSize;
    /** The most trials seen running at once since the current batch began. */
    private int parallelism;

    private int batchSeen;
    private boolean batchImproved;
    private final Set<Integer> counted = new HashSet<>();
    /** The trial numbers the local model's hyperparameters were last optimised on. */
    Set<Integer> optimisedOn = Set.of();

    /** Counts a finished trial already seen when the region began, without moving it. */
    void seen(int number, double loss) {
        if (counted.add(number)) {
            best = Math.min(best, loss);
        }
    }

    /**
     * Notes how many trials run at once as a proposal is made (the trial being proposed
     * included): the largest count since the current batch began sizes the next batch.
     */
    void running(int trials) {
        parallelism = Math.max(parallelism, trials);
    }

    /** Counts a finished trial once; {@code dimension} is the number of parameters modelled. */
    void finished(int number, double loss, int dimension) {
        if (!counted.add(number) || number < restartedAt) {
            return;
        }
        if (batchSeen == 0) {
            batchSize = Math.max(1, parallelism);
            parallelism = 0;
        }
        if (loss < best - IMPROVEMENT * Math.abs(best)) {
            batchImproved = true;
        }
        best = Math.min(best, loss);
        if (++batchSeen < batchSize) {
            return;
        }
        if (batchImproved) {
            successes++;
            failures = 0;
        } else {
            failures++;
            successes = 0;
        }
        if (successes >= SUCCESS_TOLERANCE) {
            length = Math.min(2 * length, LENGTH_MAX);
            successes = 0;
        } else if (failures >= failureTolerance(batchSize, dimension)) {
            length /= 2;
            failures = 0;
        }
        batchSeen = 0;
        batchImproved = false;
    }

    /** Batches without improvement before the region shrinks: {@code ceil(max(4, d) / q)}. */
    static int failureTolerance(int batchSize, int dimension) {
        return (Math.max(4, dimension) + batchSize - 1) / batchSize;
    }

    /** Whether the region has shrunk below its smallest length and must restart. */
    boolean collapsed() {
        return length < LENGTH_MIN;
    }

    /** Starts afresh: trials numbered from {@code nextTrial} on count for the new region. */
    void restart(int nextTrial) {
        restarts++;
        restartedAt = nextTrial;
        length = LENGTH_INIT;
        best = Double.POSITIVE_INFINITY;
        successes = 0;
        failures = 0;
        batchSeen = 0;
        batchImproved = false;
        optimisedOn = Set.of();
    }
}
