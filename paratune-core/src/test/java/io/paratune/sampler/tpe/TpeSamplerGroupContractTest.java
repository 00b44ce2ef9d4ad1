package io.paratune.sampler.tpe;

import io.paratune.sampler.Sampler;
import io.paratune.sampler.SamplerContract;

/** The sampler contract for multivariate TPE with group decomposition. */
class TpeSamplerGroupContractTest extends SamplerContract {

    @Override
    protected Sampler newSampler(long seed) {
        return TpeSampler.builder().seed(seed).group(true).build();
    }
}
