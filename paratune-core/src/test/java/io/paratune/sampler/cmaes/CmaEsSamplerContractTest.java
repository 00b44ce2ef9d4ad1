package io.paratune.sampler.cmaes;

import io.paratune.sampler.Sampler;
import io.paratune.sampler.SamplerContract;

class CmaEsSamplerContractTest extends SamplerContract {

    @Override
    protected Sampler newSampler(long seed) {
        return CmaEsSampler.seeded(seed);
    }
}
