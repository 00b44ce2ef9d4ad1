package io.paratune.bo;

/**
 * The posterior of the latent function at one point, in the units of the observed outputs.
 *
 * @param mean the posterior mean
 * @param variance the posterior variance of the latent function (observation noise excluded)
 */
public record Posterior(double mean, double variance) {

    /** The posterior standard deviation. */
    public double standardDeviation() {
        return Math.sqrt(variance);
    }
}
