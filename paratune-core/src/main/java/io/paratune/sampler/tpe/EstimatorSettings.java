package io.paratune.sampler.tpe;

import java.util.Objects;
import java.util.function.IntFunction;

/**
 * The settings that every Parzen estimator of one sampler shares, with the cache of their mixture
 * weights.
 *
 * @param priorWeight the weight of the prior kernel
 * @param magicClip whether kernel widths have the lower bound {@code 1 / min(100, n + 2)}
 * @param endpoints whether the bounds count as neighbours for kernel widths by neighbour gaps
 * @param multivariate whether the parameters are modelled jointly
 * @param weights observation count to the observations' weights, oldest first
 * @param widthWeighted whether candidates are scored with kernels of equal height
 * @param bandwidth how multivariate kernel widths are set; {@link TpeSampler.Bandwidth#AUTO} resolved by the sampler
 * @param cache the mixture weights of the last few observation counts
 */
record EstimatorSettings(
        double priorWeight,
        boolean magicClip,
        boolean endpoints,
        boolean multivariate,
        IntFunction<double[]> weights,
        boolean widthWeighted,
        TpeSampler.Bandwidth bandwidth,
        MixtureWeights.Cache cache) {

    EstimatorSettings {
        Objects.requireNonNull(bandwidth, "bandwidth");
        Objects.requireNonNull(cache, "cache");
    }

    /**
     * Whether the observation kernels share one width, the same in every numeric parameter
     * (multivariate with Scott's rule); otherwise each kernel has its own width per parameter.
     */
    boolean sharedWidth() {
        return multivariate && bandwidth == TpeSampler.Bandwidth.SCOTT;
    }
}
