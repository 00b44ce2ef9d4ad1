package io.paratune.bo;

import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * A score to maximise over the input space of one or more GPs, with its gradient with respect to
 * the continuous coordinates.
 *
 * <p>A caller builds one by {@link #of(GaussianProcess, List, AcquisitionOptions, long)} or {@link
 * #of(JointAcquisition, List)}, for one set of pending points, and maximises it with {@link
 * AcquisitionOptimizer}. It holds buffers and is not thread-safe.
 */
public abstract sealed class AcquisitionFunction
        permits AnalyticAcquisition, QLogExpectedImprovement, JointFunction, OutputPosterior {
    final GaussianProcess gp;
    final PointPosterior post;
    /** The pending points, or null. */
    final PendingPoints pending;

    private final double[] blockMeans = new double[PointPosterior.BLOCK];
    private final double[] blockVariances = new double[PointPosterior.BLOCK];
    private final double[] blockCross;
    private final double[] cross;

    AcquisitionFunction(GaussianProcess gp, PendingPoints pending) {
        this.gp = gp;
        this.post = new PointPosterior(gp);
        this.pending = pending;
        int p = pending == null ? 0 : pending.p;
        this.blockCross = new double[PointPosterior.BLOCK * p];
        this.cross = new double[p];
    }

    /**
     * The variance left at a point after conditioning on the pending points, {@code variance -
     * |L^-1 c|^2} with {@code L} the Cholesky factor of their covariance and {@code c} the point's
     * cross-covariance with them; leaves {@code L^-1 c} in {@code t} (the gradients reuse it).
     */
    static double conditionedVariance(double variance, double[] cross, Cholesky pendingChol, int p, double[] t) {
        System.arraycopy(cross, 0, t, 0, p);
        pendingChol.solveLower(t);
        double explained = 0;
        for (int q = 0; q < p; q++) {
            explained += t[q] * t[q];
        }
        return variance - explained;
    }

    /**
     * Subtracts from {@code dVar} the gradient of the variance the pending points explain, {@code
     * 2 sum_q t[q] d c_q / d z} with {@code t = Sigma^-1 c}: summed in {@code O(n p + n d)} when
     * {@code dc} is null (the pending points are many, {@link PendingPoints#sumsGradients()}), else
     * from all the gradients, written into {@code dc}. {@code u} and {@code sum} are buffers of p
     * and d.
     */
    static void subtractExplainedVarianceGradient(
            PendingPoints pending,
            PointPosterior post,
            double[] z,
            double[] t,
            double[] dVar,
            double[] u,
            double[] sum,
            double[] dc) {
        int p = pending.p;
        int d = dVar.length;
        if (dc == null) {
            for (int q = 0; q < p; q++) {
                u[q] = 2 * t[q];
            }
            pending.crossGradient(post, z, u, sum);
            for (int j = 0; j < d; j++) {
                dVar[j] -= sum[j];
            }
            return;
        }
        pending.crossGradients(post, z, dc);
        for (int q = 0; q < p; q++) {
            double a = 2 * t[q];
            for (int j = 0; j < d; j++) {
                dVar[j] -= a * dc[q * d + j];
            }
        }
    }

    /** The smallest posterior variance used, so that standard deviations stay positive. */
    double varianceFloor() {
        return PointPosterior.VARIANCE_FLOOR * gp.outputScale;
    }

    /**
     * The score at {@code z}; with {@code gradient} non-null its gradient is written there (0 for
     * categorical coordinates).
     */
    abstract double value(double[] z, double[] gradient);

    /**
     * The score from the posterior at a point: its standardised mean and variance and its
     * cross-covariance {@code c} with the pending points (empty without them; not modified).
     */
    abstract double fromMoments(double mean, double variance, double[] c);

    /**
     * A cheaper function that ranks points much like this one, for screening many candidates
     * before this one scores the best of them; null when this one is cheap already.
     */
    AcquisitionFunction screen() {
        return null;
    }

    /** An independent copy for another thread: shares the immutable parts, has its own buffers. */
    abstract AcquisitionFunction copy();

    /**
     * The posterior moments of many points, by blocks: {@code means[i]}, {@code variances[i]} and
     * the cross-covariances with the pending points {@code cross[i * p + q]}.
     */
    void moments(double[][] points, double[] means, double[] variances, double[] cross) {
        int p = pending == null ? 0 : pending.p;
        for (int from = 0; from < points.length; from += PointPosterior.BLOCK) {
            int to = Math.min(points.length, from + PointPosterior.BLOCK);
            post.evaluateBlock(points, from, to, blockMeans, blockVariances, pending, blockCross);
            System.arraycopy(blockMeans, 0, means, from, to - from);
            System.arraycopy(blockVariances, 0, variances, from, to - from);
            System.arraycopy(blockCross, 0, cross, from * p, (to - from) * p);
        }
    }

    /** Scores every point (no gradients), {@code out[i] = value(points[i], null)} up to rounding. */
    void values(double[][] points, double[] out) {
        int p = pending == null ? 0 : pending.p;
        double[] means = new double[points.length];
        double[] variances = new double[points.length];
        double[] all = new double[points.length * p];
        moments(points, means, variances, all);
        for (int i = 0; i < points.length; i++) {
            System.arraycopy(all, i * p, cross, 0, p);
            out[i] = fromMoments(means[i], variances[i], cross);
        }
    }

    /**
     * The acquisition function of one GP for {@code options} (its acquisition, batch strategy and
     * Monte-Carlo draws), conditioned on {@code pending}.
     *
     * @param pending points being evaluated, each of the GP's dimension; not modified
     * @param seed seeds the Monte-Carlo base samples
     */
    public static AcquisitionFunction of(
            GaussianProcess gp, List<double[]> pending, AcquisitionOptions options, long seed) {
        PendingPoints p = pending.isEmpty() ? null : new PendingPoints(gp, pending.toArray(new double[0][]));
        if (p != null
                && options.batchStrategy() == BatchStrategy.MONTE_CARLO
                && options.acquisition() instanceof Acquisition.LogExpectedImprovement) {
            return new QLogExpectedImprovement(gp, p, options.mcSamples(), seed);
        }
        return new AnalyticAcquisition(gp, p, options.acquisition());
    }

    /**
     * The function of a joint acquisition of several GPs (objectives and constraints),
     * conditioned on {@code pending}.
     *
     * @param pending points being evaluated, each of the GPs' dimension; not modified
     */
    public static AcquisitionFunction of(JointAcquisition acquisition, List<double[]> pending) {
        return new JointFunction(acquisition, pending.toArray(new double[0][]));
    }

    /** A Cholesky factor of the p x p matrix {@code a + (add + jitter) I}. */
    static Cholesky factorWithDiagonal(double[] a, int p, double add) {
        double[] copy = a.clone();
        for (int q = 0; q < p; q++) {
            copy[q * p + q] += add;
        }
        Cholesky c = Cholesky.factor(copy, p, new DMatrixRMaj(p, p), new DMatrixRMaj(p, p));
        if (c == null) {
            throw new IllegalStateException(
                    "the posterior covariance of " + p + " pending points could not be" + " factored even with jitter");
        }
        return c;
    }
}
