package io.paratune.sampler.tpe;

import io.paratune.sampler.Sampler;
import io.paratune.sampler.SamplerContract;

class TpeSamplerContractTest extends SamplerContract {

    @Override
    protected Sampler newSampler(long seed) {
        return TpeSampler.seeded(seed);
    }
}
