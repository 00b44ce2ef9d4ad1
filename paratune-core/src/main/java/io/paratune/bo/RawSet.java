package io.paratune.bo;

import io.paratune.internal.Parallel;
import io.paratune.internal.ScrambledSobol;
import java.util.Arrays;

/**
 * The scrambled-Sobol candidates of one model with their posterior moments without pending points,
 * computed once and kept by a {@link CandidateCache}.
 *
 * <p>Every proposal that conditions the model on pending points (the asks of one batch) reuses them:
 * only their cross-covariances with the pending points are new, at {@code O(n p)} each instead of
 * {@code O(n^2)}. The scrambling is seeded by the model's data, so a model's candidates are
 * reproducible.
 */
final class RawSet {
    final int count;
    /** Seeds the scrambling of the points. */
    final long seed;
    /** The unrounded points. */
    final double[][] unit;
    /** The points, rounded for their dimensions. */
    final double[][] points;

    final double[] means;
    final double[] variances;
    /** k(X, z) for block {@code b}: n rows of the block's points, row-major. */
    final double[][] kernel;

    private RawSet(
            long seed, double[][] unit, double[][] points, double[] means, double[] variances, double[][] kernel) {
        this.count = unit.length;
        this.seed = seed;
        this.unit = unit;
        this.points = points;
        this.means = means;
        this.variances = variances;
        this.kernel = kernel;
    }

    /**
     * The {@code count} candidates of {@code gp}, their scrambling seeded by {@code seed} and the
     * points mapped into {@code box}: {@code previous} when it is that set; else computed on at most
     * {@code maxThreads} threads, reusing the unmapped points of {@code previous} when it has the
     * same count and seed.
     *
     * @param previous the set last computed for {@code gp}, or null
     */
    static RawSet of(
            GaussianProcess gp,
            InputDimension[] dims,
            int count,
            long seed,
            SearchBox box,
            int maxThreads,
            RawSet previous) {
        int d = dims.length;
        double[][] unit;
        if (previous != null && previous.count == count && previous.seed == seed) {
            unit = previous.unit;
        } else {
            ScrambledSobol sobol = new ScrambledSobol(true, seed);
            unit = new double[count][];
            for (int i = 0; i < count; i++) {
                unit[i] = sobol.point(i, d);
            }
        }
        double[][] points = new double[count][d];
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < d; j++) {
                points[i][j] = dims[j].fromUnit(
                        dims[j].kind() == InputDimension.Kind.CATEGORICAL ? unit[i][j] : box.map(j, unit[i][j]));
            }
        }
        if (previous != null
                && previous.count == count
                && previous.seed == seed
                && Arrays.deepEquals(points, previous.points)) {
            return previous;
        }
        int blocks = (count + PointPosterior.BLOCK - 1) / PointPosterior.BLOCK;
        double[] means = new double[count];
        double[] variances = new double[count];
        double[][] kernel = new double[blocks][];
        int threads = Math.min(maxThreads, Math.max(1, count / (4 * PointPosterior.BLOCK)));
        Parallel.run(threads, t -> {
            PointPosterior post = new PointPosterior(gp);
            double[] bm = new double[PointPosterior.BLOCK];
            double[] bv = new double[PointPosterior.BLOCK];
            for (int b = t; b < blocks; b += threads) {
                int from = b * PointPosterior.BLOCK;
                int to = Math.min(count, from + PointPosterior.BLOCK);
                kernel[b] = new double[gp.n * (to - from)];
                post.evaluateBlock(points, from, to, bm, bv, null, null, kernel[b]);
                System.arraycopy(bm, 0, means, from, to - from);
                System.arraycopy(bv, 0, variances, from, to - from);
            }
            return null;
        });
        return new RawSet(seed, unit, points, means, variances, kernel);
    }

    /** The cross-covariances of block {@code b} with the pending points: {@code out[i * p + q]}. */
    void cross(int b, PendingPoints pending, double[] out) {
        int p = pending.p;
        int from = b * PointPosterior.BLOCK;
        int m = Math.min(count, from + PointPosterior.BLOCK) - from;
        for (int q = 0; q < p; q++) {
            double[] column = pending.rawCross(q, this);
            for (int i = 0; i < m; i++) {
                out[i * p + q] = column[from + i];
            }
        }
    }
}
