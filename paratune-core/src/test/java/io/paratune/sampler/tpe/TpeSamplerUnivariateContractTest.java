package io.paratune.sampler.tpe;

import io.paratune.sampler.Sampler;
import io.paratune.sampler.SamplerContract;

/** The sampler contract for univariate TPE (Optuna's default mode). */
class TpeSamplerUnivariateContractTest extends SamplerContract {

    @Override
    protected Sampler newSampler(long seed) {
        return TpeSampler.builder().seed(seed).multivariate(false).build();
    }
}
