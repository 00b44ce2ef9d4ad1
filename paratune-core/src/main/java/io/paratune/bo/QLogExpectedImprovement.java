package io.paratune.bo;

import io.paratune.internal.ScrambledSobol;
import org.hipparchus.distribution.continuous.NormalDistribution;

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
    private final PendingPoints pending;
    private final Cholesky chol;
    private final int samples;
    /** Improvement of each draw of the pending outputs alone. */
    private final double[] baseline;
    /** L_P^-T e_s for each draw, samples rows of p. */
    private final double[] shifted;
    private final double incumbent;
    private final double[] c;
    private final double[] dc;
    private final double[] t;
    private final double[] dVar;
    private final double[] logs;
    private final double[] us;
    private final double[] weighted;

    QLogExpectedImprovement(GaussianProcess gp, PendingPoints pending, int samples, long seed) {
        super(gp);
        this.pending = pending;
        this.samples = samples;
        int p = pending.p;
        this.chol = factorWithDiagonal(pending.covariance, p, 1e-9 * gp.outputScale);
        this.incumbent = gp.incumbent();
        this.baseline = new double[samples];
        this.shifted = new double[samples * p];
        ScrambledSobol sobol = new ScrambledSobol(true, seed);
        NormalDistribution normal = new NormalDistribution(0, 1);
        double[] e = new double[p];
        double[] f = new double[p];
        for (int s = 0; s < samples; s++) {
            double[] u = sobol.point(s, p);
            for (int q = 0; q < p; q++) {
                e[q] = normal.inverseCumulativeProbability(Math.min(Math.max(u[q], 1e-10), 1 - 1e-10));
            }
            double lowest = incumbent;
            for (int q = 0; q < p; q++) {
                double v = pending.mean[q];
                for (int r = 0; r <= q; r++) {
                    v += chol.lower[q * p + r] * e[r];
                }
                f[q] = v;
                lowest = Math.min(lowest, v);
            }
            baseline[s] = incumbent - lowest;
            chol.solveUpper(e);
            System.arraycopy(e, 0, shifted, s * p, p);
        }
        this.c = new double[p];
        this.dc = new double[p * gp.d];
        this.t = new double[p];
        this.dVar = new double[gp.d];
        this.logs = new double[samples];
        this.us = new double[samples];
        this.weighted = new double[p];
    }

    @Override
    double value(double[] z, double[] gradient) {
        boolean grad = gradient != null;
        int d = gp.d;
        int p = pending.p;
        post.evaluate(z, grad);
        pending.crossCovariance(post, z, c, grad ? dc : null);
        System.arraycopy(c, 0, t, 0, p);
        chol.solveLower(t);
        double explained = 0;
        for (int q = 0; q < p; q++) {
            explained += t[q] * t[q];
        }
        double floor = PointPosterior.VARIANCE_FLOOR * gp.outputScale;
        boolean floored = post.variance - explained <= floor;
        double variance = Math.max(post.variance - explained, floor);
        double sd = Math.sqrt(variance);
        double max = Double.NEGATIVE_INFINITY;
        for (int s = 0; s < samples; s++) {
            double shift = 0;
            int off = s * p;
            for (int q = 0; q < p; q++) {
                shift += c[q] * shifted[off + q];
            }
            double u = (incumbent - post.mean - shift - baseline[s]) / sd;
            us[s] = u;
            logs[s] = NormalMath.logH(u);
            max = Math.max(max, logs[s]);
        }
        double sum = 0;
        for (int s = 0; s < samples; s++) {
            logs[s] = Math.exp(logs[s] - max);
            sum += logs[s];
        }
        double value = Math.log(sd) + max + Math.log(sum / samples);
        if (!grad) {
            return value;
        }
        System.arraycopy(post.dVariance, 0, dVar, 0, d);
        chol.solveUpper(t); // Sigma^-1 c
        for (int q = 0; q < p; q++) {
            double a = 2 * t[q];
            for (int j = 0; j < d; j++) {
                dVar[j] -= a * dc[q * d + j];
            }
        }
        if (floored) {
            java.util.Arrays.fill(dVar, 0);
        }
        double sumG = 0;
        double sumGu = 0;
        java.util.Arrays.fill(weighted, 0);
        for (int s = 0; s < samples; s++) {
            double g = logs[s] / sum * NormalMath.dLogH(us[s]);
            sumG += g;
            sumGu += g * us[s];
            int off = s * p;
            for (int q = 0; q < p; q++) {
                weighted[q] += g * shifted[off + q];
            }
        }
        for (int j = 0; j < d; j++) {
            double dSd = dVar[j] / (2 * sd);
            double dcz = 0;
            for (int q = 0; q < p; q++) {
                dcz += dc[q * d + j] * weighted[q];
            }
            gradient[j] = dSd / sd + (-sumG * post.dMean[j] - dcz - sumGu * dSd) / sd;
        }
        return value;
    }
}
