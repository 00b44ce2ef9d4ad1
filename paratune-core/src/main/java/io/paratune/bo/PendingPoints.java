package io.paratune.bo;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The joint standardised posterior of a {@link GaussianProcess} at pending points (points being
 * evaluated whose outputs are unknown), and the posterior cross-covariance between them and a new
 * point with its gradient. Immutable after construction.
 *
 * <p>What one pending point needs of the model ({@code K^-1 k(X, p)}, its posterior mean, its
 * cross-covariances with the model's Sobol candidates) is computed once per model and point and
 * kept with the model ({@link Columns}): the asks of a batch condition one model on one more
 * pending point each, so each ask pays {@code O(n^2)} for its newest pending point instead of
 * {@code O(p n^2)} for all of them.
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
    /** The cached column of each pending point. */
    private final Column[] columns;

    PendingPoints(GaussianProcess gp, double[][] pending) {
        this.gp = gp;
        this.p = pending.length;
        int n = gp.n;
        int d = gp.d;
        this.points = new double[p * d];
        this.columns = new Column[p];
        this.mean = new double[p];
        this.w = new double[n * p];
        for (int q = 0; q < p; q++) {
            if (pending[q].length != d) {
                throw new IllegalArgumentException(
                        "pending point " + q + " has " + pending[q].length + " coordinates; the GP has " + d);
            }
            System.arraycopy(pending[q], 0, points, q * d, d);
            Column col = gp.pendingColumns.column(gp, pending[q]);
            columns[q] = col;
            mean[q] = col.mean;
            for (int i = 0; i < n; i++) {
                w[i * p + q] = col.w[i];
            }
        }
        this.covariance = new double[p * p];
        double s = gp.outputScale;
        for (int q = 0; q < p; q++) {
            double[] kq = columns[q].k;
            for (int r = q; r < p; r++) {
                double prior =
                        s * Matern52.correlation(Matern52.r2(points, q, points, r * d, gp.invLs2, gp.kernelMask));
                double[] wr = columns[r].w;
                double explained = 0;
                for (int i = 0; i < n; i++) {
                    explained += kq[i] * wr[i];
                }
                double c = prior - explained;
                covariance[q * p + r] = c;
                covariance[r * p + q] = c;
            }
        }
    }

    /**
     * The posterior covariance between the pending points and the point {@code post} was last
     * evaluated at ({@code z}): {@code c[q]}.
     */
    void crossCovariance(PointPosterior post, double[] z, double[] c) {
        int n = gp.n;
        double s = gp.outputScale;
        for (int q = 0; q < p; q++) {
            c[q] = s * Matern52.correlation(Matern52.r2(points, q, z, 0, gp.invLs2, gp.kernelMask));
        }
        for (int i = 0; i < n; i++) {
            double k = post.kStar[i];
            int off = i * p;
            for (int q = 0; q < p; q++) {
                c[q] -= w[off + q] * k;
            }
        }
    }

    /**
     * Whether the acquisitions should take weighted sums of the cross-covariance gradients ({@link
     * #crossGradient}) rather than all of them ({@link #crossGradients}): the sums cost {@code O(n p
     * + n d)} against {@code O(n p d)}, but add up in another order. Up to {@code n p = 1024} (the
     * shared protocol's 64 observations and 7 pending points stay below) the acquisitions keep the
     * full gradients and, with them, exactly the proposals they made before the sums.
     */
    boolean sumsGradients() {
        return (long) gp.n * p > FULL_GRADIENTS_UP_TO;
    }

    /** The largest {@code n p} for which {@link #sumsGradients()} is false. */
    static final long FULL_GRADIENTS_UP_TO = 1024;

    /**
     * The gradients of the cross-covariances at {@code z}: {@code dc[q * d + j] = d c_q / d z_j} (0
     * for categorical coordinates); requires {@code post} evaluated at {@code z} with gradients.
     */
    void crossGradients(PointPosterior post, double[] z, double[] dc) {
        int n = gp.n;
        int d = gp.d;
        double s = gp.outputScale;
        for (int q = 0; q < p; q++) {
            double r2 = Matern52.r2(points, q, z, 0, gp.invLs2, gp.kernelMask);
            double coef = 2 * s * Matern52.derivative(r2);
            for (int j = 0; j < d; j++) {
                dc[q * d + j] = coef * (z[j] - points[q * d + j]);
            }
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

    /**
     * A weighted sum of the gradients of the cross-covariances at {@code z}: {@code out[j] = sum_q
     * u[q] d c_q / d z_j} (0 for categorical coordinates); requires {@code post} evaluated at
     * {@code z} with gradients. Costs {@code O(n p + n d)}, not the {@code O(n p d)} of every
     * gradient apart.
     */
    void crossGradient(PointPosterior post, double[] z, double[] u, double[] out) {
        int n = gp.n;
        int d = gp.d;
        double s = gp.outputScale;
        Arrays.fill(out, 0, d, 0);
        for (int q = 0; q < p; q++) {
            if (u[q] == 0) {
                continue;
            }
            double r2 = Matern52.r2(points, q, z, 0, gp.invLs2, gp.kernelMask);
            double coef = 2 * s * Matern52.derivative(r2) * u[q];
            int po = q * d;
            for (int j = 0; j < d; j++) {
                out[j] += coef * (z[j] - points[po + j]);
            }
        }
        for (int i = 0; i < n; i++) {
            double coef = post.coefficient[i];
            if (coef == 0) {
                continue;
            }
            int wo = i * p;
            double a = 0;
            for (int q = 0; q < p; q++) {
                a += w[wo + q] * u[q];
            }
            a *= coef;
            if (a == 0) {
                continue;
            }
            int xo = i * d;
            for (int j = 0; j < d; j++) {
                out[j] -= a * (z[j] - gp.x[xo + j]);
            }
        }
        for (int j = 0; j < d; j++) {
            out[j] = gp.categorical[j] ? 0 : out[j] * gp.invLs2[j];
        }
    }

    /**
     * The cross-covariances of the Sobol candidates of {@code set} with pending point {@code q}:
     * one value per candidate, computed once per model, candidate set and point.
     */
    double[] rawCross(int q, RawSet set) {
        return columns[q].rawCross(gp, set);
    }

    /** What one pending point needs of one model, computed once. */
    static final class Column {
        final double[] point;
        /** k(X, p). */
        final double[] k;
        /** K^-1 k(X, p). */
        final double[] w;
        /** The posterior mean at p. */
        final double mean;

        private volatile Object[] raw; // {RawSet, double[]}

        private Column(GaussianProcess gp, double[] point) {
            int n = gp.n;
            int d = gp.d;
            this.point = point.clone();
            this.k = new double[n];
            double s = gp.outputScale;
            double m = gp.trend.value(gp.beta, this.point, 0);
            for (int i = 0; i < n; i++) {
                double kv = s * Matern52.correlation(Matern52.r2(gp.x, i, this.point, 0, gp.invLs2, gp.kernelMask));
                k[i] = kv;
                m += gp.alpha[i] * kv;
            }
            this.mean = m;
            this.w = k.clone();
            gp.chol.solve(w);
            assert d == point.length;
        }

        double[] rawCross(GaussianProcess gp, RawSet set) {
            Object[] cached = raw;
            if (cached != null && cached[0] == set) {
                return (double[]) cached[1];
            }
            int n = gp.n;
            double s = gp.outputScale;
            double[] out = new double[set.count];
            for (int i = 0; i < set.count; i++) {
                out[i] = s * Matern52.correlation(Matern52.r2(point, 0, set.points[i], 0, gp.invLs2, gp.kernelMask));
            }
            for (int b = 0; b < set.kernel.length; b++) {
                int from = b * PointPosterior.BLOCK;
                int m = Math.min(set.count, from + PointPosterior.BLOCK) - from;
                double[] kb = set.kernel[b];
                for (int r = 0; r < n; r++) {
                    double wr = w[r];
                    if (wr == 0) {
                        continue;
                    }
                    int row = r * m;
                    for (int i = 0; i < m; i++) {
                        out[from + i] -= wr * kb[row + i];
                    }
                }
            }
            raw = new Object[] {set, out};
            return out;
        }
    }

    /**
     * The pending columns of one model, by point; bounded, so that a long-lived model that sees
     * many pending points does not grow without end.
     */
    static final class Columns {
        private static final int LIMIT = 4096;
        private final ConcurrentHashMap<Key, Column> byPoint = new ConcurrentHashMap<>();

        Column column(GaussianProcess gp, double[] point) {
            Key key = new Key(point.clone());
            Column c = byPoint.get(key);
            if (c != null) {
                return c;
            }
            if (byPoint.size() >= LIMIT) {
                byPoint.clear();
            }
            return byPoint.computeIfAbsent(key, k -> new Column(gp, point));
        }

        private record Key(double[] point) {
            @Override
            public boolean equals(Object o) {
                return o instanceof Key k && Arrays.equals(point, k.point);
            }

            @Override
            public int hashCode() {
                return Arrays.hashCode(point);
            }
        }
    }
}
