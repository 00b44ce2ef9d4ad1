package io.paratune.bo;

import io.paratune.internal.Normal;

/**
 * Log EI, UCB or log PI on the posterior, with pending points handled by the kriging believer:
 * the variance is conditioned on the pending points as if observed (with the model's noise) at
 * their posterior means, and for EI and PI the incumbent drops to the smallest believed mean.
 */
final class AnalyticAcquisition extends AcquisitionFunction {
    private final Acquisition acquisition;
    private final Cholesky pendingChol;
    private final double incumbent;
    private final double sqrtBeta;
    private final double[] c;
    /** Weights of the cross-covariance gradients, and their weighted sum. */
    private final double[] u2;

    private final double[] dcSum;
    /** All cross-covariance gradients, p x d, when the pending points are few ({@link
     * PendingPoints#sumsGradients()}). */
    private final double[] dc;

    private final double[] t;
    private final double[] dVar;

    AnalyticAcquisition(GaussianProcess gp, PendingPoints pending, Acquisition acquisition) {
        this(
                gp,
                pending,
                acquisition,
                pending == null ? null : factorWithDiagonal(pending.covariance, pending.p, gp.diagonalNoise),
                incumbent(gp, pending));
    }

    private static double incumbent(GaussianProcess gp, PendingPoints pending) {
        double best = gp.incumbent();
        if (pending != null) {
            for (double m : pending.mean) {
                best = Math.min(best, m);
            }
        }
        return best;
    }

    private AnalyticAcquisition(
            GaussianProcess gp,
            PendingPoints pending,
            Acquisition acquisition,
            Cholesky pendingChol,
            double incumbent) {
        super(gp, pending);
        this.acquisition = acquisition;
        this.pendingChol = pendingChol;
        int p = pending == null ? 0 : pending.p;
        this.incumbent = incumbent;
        this.sqrtBeta = acquisition instanceof Acquisition.UpperConfidenceBound u ? Math.sqrt(u.beta()) : 0;
        this.c = new double[p];
        this.u2 = new double[p];
        this.dcSum = new double[gp.d];
        this.dc = pending == null || pending.sumsGradients() ? null : new double[p * gp.d];
        this.t = new double[p];
        this.dVar = new double[gp.d];
    }

    @Override
    AcquisitionFunction copy() {
        return new AnalyticAcquisition(gp, pending, acquisition, pendingChol, incumbent);
    }

    /** The variance left after conditioning on the pending points; leaves {@code L_S^-1 c} in {@link #t}. */
    private double conditioned(double variance, double[] cross) {
        if (pending == null) {
            return variance;
        }
        return conditionedVariance(variance, cross, pendingChol, pending.p, t);
    }

    @Override
    double fromMoments(double mean, double variance, double[] cross) {
        double sd = Math.sqrt(Math.max(conditioned(variance, cross), varianceFloor()));
        if (acquisition instanceof Acquisition.UpperConfidenceBound) {
            return -mean + sqrtBeta * sd;
        }
        double u = (incumbent - mean) / sd;
        return acquisition instanceof Acquisition.LogExpectedImprovement
                ? ImprovementMath.logH(u) + Math.log(sd)
                : Normal.logCdf(u);
    }

    @Override
    double value(double[] z, double[] gradient) {
        boolean grad = gradient != null;
        post.evaluate(z, grad);
        if (pending != null) {
            pending.crossCovariance(post, z, c);
        }
        if (!grad) {
            return fromMoments(post.mean, post.variance, c);
        }
        int d = gp.d;
        double mean = post.mean;
        double variance = conditioned(post.variance, c);
        System.arraycopy(post.dVariance, 0, dVar, 0, d);
        if (pending != null) {
            pendingChol.solveUpper(t); // Sigma^-1 c
            subtractExplainedVarianceGradient(pending, post, z, t, dVar, u2, dcSum, dc);
        }
        if (variance <= varianceFloor()) {
            variance = varianceFloor();
            java.util.Arrays.fill(dVar, 0);
        }
        double sd = Math.sqrt(variance);
        if (acquisition instanceof Acquisition.UpperConfidenceBound) {
            for (int j = 0; j < d; j++) {
                gradient[j] = -post.dMean[j] + sqrtBeta * dVar[j] / (2 * sd);
            }
            return -mean + sqrtBeta * sd;
        }
        double u = (incumbent - mean) / sd;
        boolean ei = acquisition instanceof Acquisition.LogExpectedImprovement;
        double slope = ei ? ImprovementMath.dLogH(u) : Normal.dLogCdf(u);
        for (int j = 0; j < d; j++) {
            double dSd = dVar[j] / (2 * sd);
            double du = -post.dMean[j] / sd - u * dSd / sd;
            gradient[j] = slope * du + (ei ? dSd / sd : 0);
        }
        return ei ? ImprovementMath.logH(u) + Math.log(sd) : Normal.logCdf(u);
    }
}
