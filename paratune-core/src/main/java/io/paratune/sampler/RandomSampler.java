package io.paratune.sampler;

import io.paratune.FrozenTrial;
import io.paratune.StudyView;
import io.paratune.internal.Seeds;
import io.paratune.space.Distribution;
import java.util.SplittableRandom;

/**
 * Samples every parameter independently and uniformly in its unit-interval representation (so
 * uniformly in log space for {@code log} parameters, each grid point and choice equally likely).
 *
 * <p><b>What a seed reproduces:</b> every value. A parameter's value depends only on the seed, the
 * trial number and the parameter's name (one stream of {@code internal.Seeds} each), whatever the
 * threads, processes or order of asks; the sampler keeps no shared mutable state and never
 * contends.
 */
public final class RandomSampler implements Sampler {
    private final long seed;

    private RandomSampler(long seed) {
        this.seed = seed;
    }

    /** A random sampler seeded from the system's entropy. */
    public static RandomSampler create() {
        return new RandomSampler(new SplittableRandom().nextLong());
    }

    /** A reproducible random sampler. */
    public static RandomSampler seeded(long seed) {
        return new RandomSampler(seed);
    }

    @Override
    public double sampleIndependent(StudyView study, FrozenTrial trial, String name, Distribution distribution) {
        return distribution.fromUnit(uniform(seed, trial.number(), name));
    }

    /**
     * A uniform number in [0, 1) that depends only on the seed, the trial number and the name
     * ({@link Seeds#derive(long, long, Seeds.Purpose, String)}, which allocates nothing).
     */
    static double uniform(long seed, int trialNumber, String name) {
        return Seeds.unit(Seeds.derive(seed, trialNumber, Seeds.Purpose.RANDOM_PARAMETER, name));
    }
}
