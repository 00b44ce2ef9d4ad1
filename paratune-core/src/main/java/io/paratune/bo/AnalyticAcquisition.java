package io.paratune.bo;

/**
 * Log EI, UCB or log PI on the posterior, with pending points handled by the kriging believer:
 * the variance is conditioned on the pending points as if observed (with the model's noise) at
 * their posterior means, and for EI and PI the incumbent drops to the smallest believed mean.
 */
final class AnalyticAcquisition extends AcquisitionFunction {
    private final Acquisition acquisition;
    private final PendingPoints pending;
    private final Cholesky pendingChol;
    private final double incumbent;
    private final double sqrtBeta;
    private final double[] c;
    private final double[] dc;
    private final double[] t;
    private final double[] dVar;

    AnalyticAcquisition(GaussianProcess gp, PendingPoints pending, Acquisition acquisition) {
        super(gp);
        this.acquisition = acquisition;
        this.pending = pending;
        double best = gp.incumbent();
        int p = pending == null ? 0 : pending.p;
        if (pending != null) {
            pendingChol = factorWithDiagonal(pending.covariance, p, gp.diagonalNoise);
            for (double m : pending.mean) {
                best = Math.min(best, m);
            }
        } else {
            pendingChol = null;
        }
        this.incumbent = best;
        this.sqrtBeta = acquisition instanceof Acquisition.UpperConfidenceBound u ? Math.sqrt(u.beta()) : 0;
        this.c = new double[p];
        this.dc = new double[p * gp.d];
        this.t = new double[p];
        this.dVar = new double[gp.d];
    }

    @Override
    double value(double[] z, double[] gradient) {
        boolean grad = gradient != null;
        int d = gp.d;
        post.evaluate(z, grad);
        double mean = post.mean;
        double variance = post.variance;
        if (grad) {
            System.arraycopy(post.dVariance, 0, dVar, 0, d);
        }
        if (pending != null) {
            int p = pending.p;
            pending.crossCovariance(post, z, c, grad ? dc : null);
            System.arraycopy(c, 0, t, 0, p);
            pendingChol.solveLower(t);
            double explained = 0;
            for (int q = 0; q < p; q++) {
                explained += t[q] * t[q];
            }
            double floor = PointPosterior.VARIANCE_FLOOR * gp.outputScale;
            boolean floored = variance - explained <= floor;
            variance = Math.max(variance - explained, floor);
            if (grad) {
                pendingChol.solveUpper(t); // Sigma^-1 c
                for (int q = 0; q < p; q++) {
                    double a = 2 * t[q];
                    for (int j = 0; j < d; j++) {
                        dVar[j] -= a * dc[q * d + j];
                    }
                }
                if (floored) {
                    java.util.Arrays.fill(dVar, 0);
                }
            }
        }
        double sd = Math.sqrt(variance);
        if (acquisition instanceof Acquisition.UpperConfidenceBound) {
            if (grad) {
                for (int j = 0; j < d; j++) {
                    gradient[j] = -post.dMean[j] + sqrtBeta * dVar[j] / (2 * sd);
                }
            }
            return -mean + sqrtBeta * sd;
        }
        double u = (incumbent - mean) / sd;
        boolean ei = acquisition instanceof Acquisition.LogExpectedImprovement;
        double value = ei ? NormalMath.logH(u) + Math.log(sd) : NormalMath.logCdf(u);
        if (grad) {
            double slope = ei ? NormalMath.dLogH(u) : NormalMath.dLogCdf(u);
            for (int j = 0; j < d; j++) {
                double dSd = dVar[j] / (2 * sd);
                double du = -post.dMean[j] / sd - u * dSd / sd;
                gradient[j] = slope * du + (ei ? dSd / sd : 0);
            }
        }
        return value;
    }
}
