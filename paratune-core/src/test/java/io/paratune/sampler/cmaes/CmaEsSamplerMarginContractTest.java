package io.paratune.sampler.cmaes;

import io.paratune.sampler.Sampler;
import io.paratune.sampler.SamplerContract;

/** The sampler contract with CMA-ES with margin and IPOP restarts. */
class CmaEsSamplerMarginContractTest extends SamplerContract {

    @Override
    protected Sampler newSampler(long seed) {
        return CmaEsSampler.builder().seed(seed).withMargin(true).restart(CmaEsSampler.Restart.IPOP).build();
    }
}
