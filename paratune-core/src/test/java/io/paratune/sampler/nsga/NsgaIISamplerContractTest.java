package io.paratune.sampler.nsga;

import io.paratune.sampler.Sampler;
import io.paratune.sampler.SamplerContract;

/** NSGA-II with small generations, so that the contract's short studies reach the genetic operators. */
class NsgaIISamplerContractTest extends SamplerContract {

    @Override
    protected Sampler newSampler(long seed) {
        return NsgaIISampler.builder().seed(seed).populationSize(4).build();
    }
}
