package io.paratune.bo;

import io.paratune.internal.Normal;
import io.paratune.internal.ScrambledSobol;

/**
 * The log of the expected improvement that a new point adds to a set of pending points: {@code
 * log(qEI(P + {z}) - qEI(P))}, a sequential-greedy step of Monte-Carlo q-EI.
 *
 * <p>The pending outputs are drawn once by the reparameterisation trick, {@code f_P = m_P + L_P
 * e_s}, with {@code e_s} scrambled-Sobol normal base samples fixed for the whole optimisation
 * (common random numbers, so the estimate is a smooth deterministic function of z). Given a draw,
 * the new output is normal with mean {@code m(z) + c(z)^T Sigma^-1 (f_P - m_P)} and variance
 * {@code v(z) - c^T Sigma^-1 c}; the improvement it adds beyond the draw's own improvement {@code
 * a_s} is {@code sigma h((b - mean_s - a_s) / sigma)} in closed form (b the incumbent), so only the
 * pending outputs are sampled. The average over draws is taken in log space with the stable log
 * h of Ament et al., so the score stays finite where every draw adds almost nothing. Without
 * pending points it equals analytic log EI.
 */
final class QLogExpectedImprovement extends AcquisitionFunction {
    private final Cholesky chol;
    private final int samples;
    /** Improvement of each draw of the pending outputs alone. */
    private final double[] baseline;
    /** L_P^-T e_s for each draw, samples rows of p. */
    private final double[] shifted;

    private final double incumbent;
    private final double[] c;
    /** Weights of the cross-covariance gradients, and their weighted sums. */
    private final double[] u2;

    private final double[] dcSum;
    private final double[] dcz;
    /** All cross-covariance gradients, p x d, when the pending points are few ({@link
     * PendingPoints#sumsGradients()}). */
    private final double[] dc;

    private final double[] t;
    private final double[] dVar;
    private final double[] logs;
    private final double[] slopes;
    private final double[] us;
    private final double[] weighted;

    QLogExpectedImprovement(GaussianProcess gp, PendingPoints pending, int samples, long seed) {
        super(gp, pending);
        this.samples = samples;
        int p = pending.p;
        this.chol = factorWithDiagonal(pending.covariance, p, 1e-9 * gp.outputScale);
        this.incumbent = gp.incumbent();
        this.baseline = new double[samples];
        this.shifted = new double[samples * p];
        ScrambledSobol sobol = new ScrambledSobol(true, seed);
        double[] e = new double[p];
        for (int s = 0; s < samples; s++) {
            double[] u = sobol.point(s, p);
            for (int q = 0; q < p; q++) {
                e[q] = Normal.quantile(Math.min(Math.max(u[q], 1e-10), 1 - 1e-10));
            }
            double lowest = incumbent;
            for (int q = 0; q < p; q++) {
                double v = pending.mean[q];
                for (int r = 0; r <= q; r++) {
                    v += chol.lower[q * p + r] * e[r];
                }
                lowest = Math.min(lowest, v);
            }
            baseline[s] = incumbent - lowest;
            chol.solveUpper(e);
            System.arraycopy(e, 0, shifted, s * p, p);
        }
        this.c = new double[p];
        this.u2 = new double[p];
        this.dcSum = new double[gp.d];
        this.dcz = new double[gp.d];
        this.dc = pending.sumsGradients() ? null : new double[p * gp.d];
        this.t = new double[p];
        this.dVar = new double[gp.d];
        this.logs = new double[samples];
        this.slopes = new double[samples];
        this.us = new double[samples];
        this.weighted = new double[p];
    }

    private QLogExpectedImprovement(QLogExpectedImprovement o) {
        super(o.gp, o.pending);
        this.samples = o.samples;
        this.chol = o.chol;
        this.incumbent = o.incumbent;
        this.baseline = o.baseline;
        this.shifted = o.shifted;
        int p = pending.p;
        this.c = new double[p];
        this.u2 = new double[p];
        this.dcSum = new double[gp.d];
        this.dcz = new double[gp.d];
        this.dc = pending.sumsGradients() ? null : new double[p * gp.d];
        this.t = new double[p];
        this.dVar = new double[gp.d];
        this.logs = new double[samples];
        this.slopes = new double[samples];
        this.us = new double[samples];
        this.weighted = new double[p];
    }

    @Override
    AcquisitionFunction copy() {
        return new QLogExpectedImprovement(this);
    }

    /** Kriging-believer log EI on the same posterior and pending points: about a tenth of the cost. */
    @Override
    AcquisitionFunction screen() {
        return new AnalyticAcquisition(gp, pending, Acquisition.logEi());
    }

    /** The variance left given the pending outputs; leaves {@code L_P^-1 c} in {@link #t}. */
    private double conditioned(double variance, double[] cross) {
        return conditionedVariance(variance, cross, chol, pending.p, t);
    }

    /**
     * log of the mean added improvement; fills {@link #us} and, with {@code slopes}, {@link
     * #slopes} with {@code d log(mean) / d u_s} (the weights of the gradient). Where some draw is
     * above {@link ImprovementMath#DIRECT_LOW} the terms are summed directly (one exponential each);
     * otherwise in log space, which stays finite however small every term is.
     */
    private double logMean(double mean, double sd, double[] cross, boolean slopes) {
        int p = pending.p;
        double umax = Double.NEGATIVE_INFINITY;
        for (int s = 0; s < samples; s++) {
            double shift = 0;
            int off = s * p;
            for (int q = 0; q < p; q++) {
                shift += cross[q] * shifted[off + q];
            }
            double u = (incumbent - mean - shift - baseline[s]) / sd;
            us[s] = u;
            umax = Math.max(umax, u);
        }
        if (umax >= ImprovementMath.DIRECT_LOW) {
            double sum = 0;
            for (int s = 0; s < samples; s++) {
                ImprovementMath.hAndCdf(us[s], pair);
                sum += pair[0];
                logs[s] = pair[1];
            }
            if (slopes) {
                for (int s = 0; s < samples; s++) {
                    this.slopes[s] = logs[s] / sum;
                }
            }
            return Math.log(sd) + Math.log(sum / samples);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int s = 0; s < samples; s++) {
            if (slopes) {
                ImprovementMath.logHWithSlope(us[s], pair);
                logs[s] = pair[0];
                this.slopes[s] = pair[1];
            } else {
                logs[s] = ImprovementMath.logH(us[s]);
            }
            max = Math.max(max, logs[s]);
        }
        double sum = 0;
        for (int s = 0; s < samples; s++) {
            logs[s] = Math.exp(logs[s] - max);
            sum += logs[s];
        }
        if (slopes) {
            for (int s = 0; s < samples; s++) {
                this.slopes[s] *= logs[s] / sum;
            }
        }
        return Math.log(sd) + max + Math.log(sum / samples);
    }

    private final double[] pair = new double[2];

    @Override
    double fromMoments(double mean, double variance, double[] cross) {
        double floor = varianceFloor();
        double sd = Math.sqrt(Math.max(conditioned(variance, cross), floor));
        return logMean(mean, sd, cross, false);
    }

    @Override
    double value(double[] z, double[] gradient) {
        boolean grad = gradient != null;
        int d = gp.d;
        int p = pending.p;
        post.evaluate(z, grad);
        pending.crossCovariance(post, z, c);
        if (!grad) {
            return fromMoments(post.mean, post.variance, c);
        }
        double floor = varianceFloor();
        double left = conditioned(post.variance, c);
        boolean floored = left <= floor;
        double sd = Math.sqrt(Math.max(left, floor));
        double value = logMean(post.mean, sd, c, true);
        System.arraycopy(post.dVariance, 0, dVar, 0, d);
        chol.solveUpper(t); // Sigma^-1 c
        subtractExplainedVarianceGradient(pending, post, z, t, dVar, u2, dcSum, dc);
        if (floored) {
            java.util.Arrays.fill(dVar, 0);
        }
        double sumG = 0;
        double sumGu = 0;
        java.util.Arrays.fill(weighted, 0);
        for (int s = 0; s < samples; s++) {
            double g = slopes[s];
            sumG += g;
            sumGu += g * us[s];
            int off = s * p;
            for (int q = 0; q < p; q++) {
                weighted[q] += g * shifted[off + q];
            }
        }
        if (dc == null) {
            pending.crossGradient(post, z, weighted, dcz);
        } else {
            for (int j = 0; j < d; j++) {
                double sum = 0;
                for (int q = 0; q < p; q++) {
                    sum += dc[q * d + j] * weighted[q];
                }
                dcz[j] = sum;
            }
        }
        for (int j = 0; j < d; j++) {
            double dSd = dVar[j] / (2 * sd);
            gradient[j] = dSd / sd + (-sumG * post.dMean[j] - dcz[j] - sumGu * dSd) / sd;
        }
        return value;
    }
}
