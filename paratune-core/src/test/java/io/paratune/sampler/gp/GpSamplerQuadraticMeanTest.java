package io.paratune.sampler.gp;

import io.paratune.bo.GpFitOptions;
import io.paratune.sampler.Sampler;
import io.paratune.sampler.SamplerContract;

/**
 * The sampler contract (mixed spaces, parallel workers, enqueued trials, reproducibility) for the
 * GP with a quadratic prior mean, a fixed noise level and exploiting proposals: the setting that
 * did best on the multi-objective benchmark.
 */
class GpSamplerQuadraticMeanTest extends SamplerContract {

    @Override
    protected Sampler newSampler(long seed) {
        return GpSampler.builder().seed(seed).fitOptions(GpFitOptions.defaults().withFixedNoise()
                .withPriorMean(GpFitOptions.PriorMean.QUADRATIC)).exploitation(0.875).build();
    }
}
