package io.paratune.sampler;

class RandomSamplerTest extends SamplerContract {

    @Override
    protected Sampler newSampler(long seed) {
        return RandomSampler.seeded(seed);
    }
}
