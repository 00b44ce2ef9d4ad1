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
        double m = gp.trend.value(gp.beta, z, 0);
        for (int i = 0; i < n; i++) {
            double r2 = Matern52.r2(gp.x, i, z, 0, gp.invLs2, gp.kernelMask);
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
        if (!gp.trend.isConstant()) {
            gp.trend.addGradient(gp.beta, z, dMean);
        }
    }

    /** Candidates per block in {@link #evaluateBlock}: enough to reuse each row of L many times. */
    static final int BLOCK = 32;

    private double[] block; // n x BLOCK, row-major

    /**
     * The means, variances and (with {@code pending}) cross-covariances of {@code zs[from..to)}
     * ({@code to - from <= BLOCK}), by one forward substitution with all of them as right-hand
     * sides, which reads L once rather than once per point.
     *
     * @param cross receives {@code c[b * p + q]}; ignored without pending points
     */
    void evaluateBlock(
            double[][] zs,
            int from,
            int to,
            double[] means,
            double[] variances,
            PendingPoints pending,
            double[] cross) {
        evaluateBlock(zs, from, to, means, variances, pending, cross, null);
    }

    /**
     * As {@link #evaluateBlock(double[][], int, int, double[], double[], PendingPoints, double[])},
     * and with {@code kernel} non-null also copies {@code k(X, z)} there ({@code kernel[i * m + b]}
     * for observation i and point {@code from + b}, {@code m = to - from}).
     */
    void evaluateBlock(
            double[][] zs,
            int from,
            int to,
            double[] means,
            double[] variances,
            PendingPoints pending,
            double[] cross,
            double[] kernel) {
        int n = gp.n;
        int m = to - from;
        if (block == null) {
            block = new double[n * BLOCK];
        }
        double[] kb = block;
        double s = gp.outputScale;
        for (int i = 0; i < n; i++) {
            int row = i * m;
            for (int b = 0; b < m; b++) {
                kb[row + b] = s * Matern52.correlation(Matern52.r2(gp.x, i, zs[from + b], 0, gp.invLs2, gp.kernelMask));
            }
        }
        if (kernel != null) {
            System.arraycopy(kb, 0, kernel, 0, n * m);
        }
        for (int b = 0; b < m; b++) {
            means[b] = gp.trend.value(gp.beta, zs[from + b], 0);
        }
        for (int i = 0; i < n; i++) {
            double a = gp.alpha[i];
            int row = i * m;
            for (int b = 0; b < m; b++) {
                means[b] += a * kb[row + b];
            }
        }
        if (pending != null) {
            int p = pending.p;
            for (int b = 0; b < m; b++) {
                for (int q = 0; q < p; q++) {
                    cross[b * p + q] = s
                            * Matern52.correlation(
                                    Matern52.r2(pending.points, q, zs[from + b], 0, gp.invLs2, gp.kernelMask));
                }
            }
            for (int i = 0; i < n; i++) {
                int row = i * m;
                int wo = i * p;
                for (int q = 0; q < p; q++) {
                    double w = pending.w[wo + q];
                    for (int b = 0; b < m; b++) {
                        cross[b * p + q] -= w * kb[row + b];
                    }
                }
            }
        }
        double[] l = gp.chol.lower;
        for (int i = 0; i < n; i++) {
            int row = i * m;
            int lrow = i * n;
            for (int j = 0; j < i; j++) {
                double lij = l[lrow + j];
                if (lij == 0) {
                    continue;
                }
                int other = j * m;
                for (int b = 0; b < m; b++) {
                    kb[row + b] -= lij * kb[other + b];
                }
            }
            double inv = 1 / l[lrow + i];
            for (int b = 0; b < m; b++) {
                kb[row + b] *= inv;
            }
        }
        for (int b = 0; b < m; b++) {
            variances[b] = 0;
        }
        for (int i = 0; i < n; i++) {
            int row = i * m;
            for (int b = 0; b < m; b++) {
                variances[b] += kb[row + b] * kb[row + b];
            }
        }
        for (int b = 0; b < m; b++) {
            variances[b] = Math.max(s - variances[b], VARIANCE_FLOOR * s);
        }
    }
}
