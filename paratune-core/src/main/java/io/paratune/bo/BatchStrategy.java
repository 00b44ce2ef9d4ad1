package io.paratune.bo;

/**
 * How an acquisition accounts for pending points (trials being evaluated whose outputs are not
 * known yet), so that a batch of proposals, or many asynchronous workers, get different and
 * jointly useful points.
 */
public enum BatchStrategy {
    /**
     * Monte-Carlo expected improvement of the whole set {pending points, new point} over the
     * incumbent, minus that of the pending points alone (sequential greedy q-EI, as BoTorch
     * optimises with {@code X_pending}). The pending outputs are drawn with fixed quasi-random
     * base samples by the reparameterisation trick; the new point's output given them is
     * integrated analytically, so the estimate is smooth and its logarithm stays finite. Applies
     * to log EI; other acquisitions use {@link #KRIGING_BELIEVER}. The default (decision record
     * docs/decisions/0003-gp-batch-strategy.md).
     */
    MONTE_CARLO,
    /**
     * The kriging believer: each pending point is added as an observation equal to its posterior
     * mean, which leaves the posterior mean unchanged, shrinks the variance near pending points,
     * and lowers the incumbent to the smallest believed value.
     */
    KRIGING_BELIEVER
}
