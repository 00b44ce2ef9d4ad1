package io.paratune.bo;

/**
 * The joint standardised posterior of a {@link GaussianProcess} at pending points (points being
 * evaluated whose outputs are unknown), and the posterior cross-covariance between them and a new
 * point with its gradient. Immutable after construction.
 */
final class PendingPoints {
    final GaussianProcess gp;
    final int p;
    /** Pending points, p rows of d, row-major. */
    final double[] points;
    /** K^-1 k(X, P), n rows of p. */
    final double[] w;
    /** Posterior means at the pending points. */
    final double[] mean;
    /** Posterior covariance among the pending points, p x p row-major. */
    final double[] covariance;

    PendingPoints(GaussianProcess gp, double[][] pending) {
        this.gp = gp;
        this.p = pending.length;
        int n = gp.n;
        int d = gp.d;
        this.points = new double[p * d];
        for (int q = 0; q < p; q++) {
            if (pending[q].length != d) {
                throw new IllegalArgumentException("pending point " + q + " has " + pending[q].length
                        + " coordinates; the GP has " + d);
            }
            System.arraycopy(pending[q], 0, points, q * d, d);
        }
        this.w = new double[n * p];
        this.mean = new double[p];
        double[][] kxp = new double[p][n];
        double[] col = new double[n];
        double s = gp.outputScale;
        for (int q = 0; q < p; q++) {
            double m = gp.trend.value(gp.beta, points, q * d);
            for (int i = 0; i < n; i++) {
                double k = s * Matern52.correlation(Matern52.r2(gp.x, i, points, q * d, gp.invLs2, gp.kernelMask));
                kxp[q][i] = k;
                col[i] = k;
                m += gp.alpha[i] * k;
            }
            mean[q] = m;
            gp.chol.solve(col);
            for (int i = 0; i < n; i++) {
                w[i * p + q] = col[i];
            }
        }
        this.covariance = new double[p * p];
        for (int q = 0; q < p; q++) {
            for (int r = q; r < p; r++) {
                double prior = s * Matern52.correlation(Matern52.r2(points, q, points, r * d, gp.invLs2, gp.kernelMask));
                double explained = 0;
                for (int i = 0; i < n; i++) {
                    explained += kxp[q][i] * w[i * p + r];
                }
                double c = prior - explained;
                covariance[q * p + r] = c;
                covariance[r * p + q] = c;
            }
        }
    }

    /**
     * The posterior covariance between the pending points and the point {@code post} was last
     * evaluated at ({@code z}), and with {@code dc} non-null its gradient: {@code dc[q * d + j] =
     * d c_q / d z_j} (requires {@code post} evaluated with gradients).
     */
    void crossCovariance(PointPosterior post, double[] z, double[] c, double[] dc) {
        int n = gp.n;
        int d = gp.d;
        double s = gp.outputScale;
        for (int q = 0; q < p; q++) {
            double r2 = Matern52.r2(points, q, z, 0, gp.invLs2, gp.kernelMask);
            c[q] = s * Matern52.correlation(r2);
            if (dc != null) {
                double coef = 2 * s * Matern52.derivative(r2);
                for (int j = 0; j < d; j++) {
                    dc[q * d + j] = coef * (z[j] - points[q * d + j]);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            double k = post.kStar[i];
            int off = i * p;
            for (int q = 0; q < p; q++) {
                c[q] -= w[off + q] * k;
            }
        }
        if (dc == null) {
            return;
        }
        for (int i = 0; i < n; i++) {
            double coef = post.coefficient[i];
            int xo = i * d;
            int wo = i * p;
            for (int q = 0; q < p; q++) {
                double a = w[wo + q] * coef;
                if (a == 0) {
                    continue;
                }
                int co = q * d;
                for (int j = 0; j < d; j++) {
                    dc[co + j] -= a * (z[j] - gp.x[xo + j]);
                }
            }
        }
        for (int q = 0; q < p; q++) {
            for (int j = 0; j < d; j++) {
                dc[q * d + j] = gp.categorical[j] ? 0 : dc[q * d + j] * gp.invLs2[j];
            }
        }
    }
}
