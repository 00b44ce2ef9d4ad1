package io.paratune.sampler.nsga;

import io.paratune.sampler.Sampler;
import io.paratune.sampler.SamplerContract;

class NsgaIIISamplerContractTest extends SamplerContract {

    @Override
    protected Sampler newSampler(long seed) {
        return NsgaIISampler.builder().seed(seed).populationSize(4).nsgaIII(2).build();
    }
}
