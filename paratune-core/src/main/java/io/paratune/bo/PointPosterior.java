package io.paratune.bo;

/**
 * Evaluates a {@link GaussianProcess}'s standardised posterior mean and variance at one point and,
 * on request, their gradients with respect to the point's continuous coordinates (zero for
 * categorical ones). Holds its buffers for reuse across calls; not thread-safe.
 */
final class PointPosterior {
    final GaussianProcess gp;
    /** k(X, z): the kernel between the observations and the last point. */
    final double[] kStar;
    /** dk(X, z)/dz_j = coefficient[i] * (z_j - x_ij) * invLs2[j]. */
    final double[] coefficient;
    /** L^-1 k(X, z), then K^-1 k(X, z) after a gradient evaluation. */
    final double[] v;
    final double[] dMean;
    final double[] dVariance;
    double mean;
    double variance;

    PointPosterior(GaussianProcess gp) {
        this.gp = gp;
        this.kStar = new double[gp.n];
        this.coefficient = new double[gp.n];
        this.v = new double[gp.n];
        this.dMean = new double[gp.d];
        this.dVariance = new double[gp.d];
    }

    /** The smallest variance reported, relative to the output scale, so that its root stays positive. */
    static final double VARIANCE_FLOOR = 1e-12;

    /**
     * Evaluates at {@code z}; fills {@link #mean} and {@link #variance}, and with {@code gradient}
     * also {@link #dMean}, {@link #dVariance} and {@link #coefficient}.
     */
    void evaluate(double[] z, boolean gradient) {
        int n = gp.n;
        int d = gp.d;
        double s = gp.outputScale;
        double m = 0;
        for (int i = 0; i < n; i++) {
            double r2 = Matern52.r2(gp.x, i, z, 0, gp.invLs2, gp.categorical);
            double k = s * Matern52.correlation(r2);
            kStar[i] = k;
            v[i] = k;
            m += gp.alpha[i] * k;
            if (gradient) {
                coefficient[i] = 2 * s * Matern52.derivative(r2);
            }
        }
        mean = m;
        gp.chol.solveLower(v);
        double explained = 0;
        for (int i = 0; i < n; i++) {
            explained += v[i] * v[i];
        }
        variance = Math.max(s - explained, VARIANCE_FLOOR * s);
        if (!gradient) {
            return;
        }
        gp.chol.solveUpper(v); // now K^-1 k*
        java.util.Arrays.fill(dMean, 0);
        java.util.Arrays.fill(dVariance, 0);
        for (int i = 0; i < n; i++) {
            double cm = gp.alpha[i] * coefficient[i];
            double cv = -2 * v[i] * coefficient[i];
            int off = i * d;
            for (int j = 0; j < d; j++) {
                double delta = z[j] - gp.x[off + j];
                dMean[j] += cm * delta;
                dVariance[j] += cv * delta;
            }
        }
        boolean floored = s - explained <= VARIANCE_FLOOR * s;
        for (int j = 0; j < d; j++) {
            if (gp.categorical[j]) {
                dMean[j] = 0;
                dVariance[j] = 0;
            } else {
                dMean[j] *= gp.invLs2[j];
                dVariance[j] = floored ? 0 : dVariance[j] * gp.invLs2[j];
            }
        }
    }
}
