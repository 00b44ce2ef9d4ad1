package io.paratune.bo;

import org.ejml.data.DMatrixRMaj;

/**
 * A score to maximise at a point of the GP's input space, with its gradient with respect to the
 * continuous coordinates. Built for one GP and one set of pending points; holds buffers and is
 * not thread-safe.
 */
abstract class AcquisitionFunction {
    final GaussianProcess gp;
    final PointPosterior post;

    AcquisitionFunction(GaussianProcess gp) {
        this.gp = gp;
        this.post = new PointPosterior(gp);
    }

    /**
     * The score at {@code z}; with {@code gradient} non-null its gradient is written there (0 for
     * categorical coordinates).
     */
    abstract double value(double[] z, double[] gradient);

    /** The acquisition function for {@code options}, conditioned on {@code pending}. */
    static AcquisitionFunction create(GaussianProcess gp, double[][] pending, AcquisitionOptions options,
            long seed) {
        PendingPoints p = pending.length == 0 ? null : new PendingPoints(gp, pending);
        if (p != null && options.batchStrategy() == BatchStrategy.MONTE_CARLO
                && options.acquisition() instanceof Acquisition.LogExpectedImprovement) {
            return new QLogExpectedImprovement(gp, p, options.mcSamples(), seed);
        }
        return new AnalyticAcquisition(gp, p, options.acquisition());
    }

    /** A Cholesky factor of the p x p matrix {@code a + (add + jitter) I}. */
    static Cholesky factorWithDiagonal(double[] a, int p, double add) {
        double[] copy = a.clone();
        for (int q = 0; q < p; q++) {
            copy[q * p + q] += add;
        }
        Cholesky c = Cholesky.factor(copy, p, new DMatrixRMaj(p, p), new DMatrixRMaj(p, p));
        if (c == null) {
            throw new IllegalStateException("the posterior covariance of " + p + " pending points could not be"
                    + " factored even with jitter");
        }
        return c;
    }
}
