package io.paratune.bo;

import io.paratune.internal.Seeds;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;

/**
 * Gaussian-process regression with a scaled Matérn-5/2 ARD kernel, a constant (or quadratic)
 * prior mean on standardised outputs and a learned Gaussian noise level with a floor; immutable once
 * fitted and safe to share between threads.
 *
 * <p>Inputs live in the unit cube; a dimension flagged categorical holds a category index and its
 * kernel distance is 0 for equal categories and 1 otherwise. Outputs are standardised (mean 0,
 * standard deviation 1; a constant or single output is only centred). The constant mean is not
 * their average but its generalised-least-squares estimate {@code 1^T K^-1 y / 1^T K^-1 1}, profiled
 * out of the marginal likelihood: observations crowded near an optimum count about as one, so the
 * model does not expect unexplored regions to be nearly as good as the best one found (with the
 * plain average, a study that had converged saw the far corners of the space as promising). With
 * {@link GpFitOptions.PriorMean#QUADRATIC} the prior mean also has a linear and a quadratic term per
 * continuous dimension, estimated the same way ({@code MeanTrend}). {@link #fit} chooses the
 * hyperparameters by maximum a posteriori (priors: a dimension-scaled log-normal on the
 * lengthscales, log-normal on the output scale, Gamma on the noise; see {@code MarginalLikelihood}), with a
 * projected L-BFGS method on analytic gradients ({@code HyperparameterSearch}) (the warm start, a default start and seeded random
 * starts are screened by their value; the search runs from the warm start and the best other start,
 * or the best two without a warm start), keeps the best, and conditions on all observations with a
 * Cholesky factor whose jitter escalates when needed.
 */
public final class GaussianProcess {
    final int n;
    final int d;
    /** Inputs, n rows of d, row-major. */
    final double[] x;

    final boolean[] categorical;
    /** {@link #categorical} for the kernel: null when no dimension is categorical. */
    final boolean[] kernelMask;

    final double yMean;
    final double yStd;
    /** Standardised outputs. */
    final double[] ys;

    final double[] invLs2;
    final double outputScale;
    /** Noise variance plus any Cholesky jitter. */
    final double diagonalNoise;

    final Cholesky chol;
    /** K^-1 (ys - h(X) beta): the residuals from the prior mean, weighted. */
    final double[] alpha;
    /** The prior mean's form. */
    final MeanTrend trend;
    /** The prior mean's coefficients, standardised: their generalised-least-squares estimate. */
    final double[] beta;
    /** Seeds what depends on this model only (its acquisition's Sobol candidates): a hash of its data. */
    final long dataSeed;
    /** What each pending point conditioned on this model needs of it, once computed. */
    final PendingPoints.Columns pendingColumns = new PendingPoints.Columns();

    private final Hyperparameters hyperparameters;
    private final double logMarginalLikelihood;
    private final int fitEvaluations;

    private GaussianProcess(
            double[] x,
            int d,
            boolean[] categorical,
            double[] y,
            Hyperparameters h,
            MeanTrend trend,
            int fitEvaluations) {
        this.n = y.length;
        this.d = d;
        this.x = x;
        this.categorical = categorical;
        this.kernelMask = Matern52.mask(categorical);
        double mean = 0;
        for (double v : y) {
            mean += v;
        }
        mean /= n;
        double ss = 0;
        for (double v : y) {
            ss += (v - mean) * (v - mean);
        }
        double sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
        this.yMean = mean;
        this.yStd = sd > 1e-12 * Math.max(1, Math.abs(mean)) ? sd : 1;
        this.ys = new double[n];
        for (int i = 0; i < n; i++) {
            ys[i] = (y[i] - yMean) / yStd;
        }
        this.hyperparameters = h;
        this.invLs2 = new double[d];
        double[] ls = h.lengthscales();
        for (int j = 0; j < d; j++) {
            invLs2[j] = 1 / (ls[j] * ls[j]);
        }
        this.outputScale = h.outputScale();
        double[] k = new double[n * n];
        for (int a = 0; a < n; a++) {
            k[a * n + a] = outputScale + h.noise();
            for (int b = a + 1; b < n; b++) {
                double kab = outputScale * Matern52.correlation(Matern52.r2(x, a, x, b * d, invLs2, kernelMask));
                k[a * n + b] = kab;
                k[b * n + a] = kab;
            }
        }
        Cholesky c = Cholesky.factor(k, n, new DMatrixRMaj(n, n), new DMatrixRMaj(n, n));
        if (c == null) {
            throw new IllegalStateException("the kernel matrix of " + n + " observations is not positive definite"
                    + " even with jitter; hyperparameters " + h);
        }
        this.chol = c.withTranspose();
        this.diagonalNoise = h.noise() + c.jitter;
        this.alpha = ys.clone();
        c.solve(alpha);
        this.trend = trend;
        this.beta = trend.estimate(c, alpha, trend.isConstant() ? null : trend.design(x, n));
        double fit = 0;
        for (int i = 0; i < n; i++) {
            fit += (ys[i] - trend.value(beta, x, i * d)) * alpha[i];
        }
        this.logMarginalLikelihood = -0.5 * fit - 0.5 * c.logDeterminant() - 0.5 * n * Math.log(2 * Math.PI);
        this.fitEvaluations = fitEvaluations;
        long hash = Seeds.mix64(n * 31L + d);
        for (int i = 0; i < n; i++) {
            hash = Seeds.mix64(hash ^ Double.doubleToLongBits(y[i]));
        }
        this.dataSeed = hash;
    }

    /**
     * Fits the hyperparameters by maximum a posteriori and conditions on the observations.
     *
     * @param x n points of d coordinates in {@code [0, 1]} (category indices where categorical); not
     *     modified
     * @param y n finite outputs; not modified
     * @param categorical d flags; null for none
     * @param warmStart hyperparameters to start one search from (for example the previous fit), or
     *     null; ignored when of another dimension
     * @param seed seeds the random starts and the choice of fit points
     * @throws IllegalArgumentException for empty or ragged inputs or non-finite values
     */
    public static GaussianProcess fit(
            double[][] x,
            double[] y,
            boolean[] categorical,
            GpFitOptions options,
            Hyperparameters warmStart,
            long seed) {
        int d = checkInputs(x, y);
        boolean[] cat = categorical == null ? new boolean[d] : categorical.clone();
        if (cat.length != d) {
            throw new IllegalArgumentException("categorical has " + cat.length + " flags for " + d + " dimensions");
        }
        double[] flat = flatten(x, d);
        SplittableRandom random = new SplittableRandom(seed);
        int[] subset = fitSubset(y, options.maxFitPoints(), random);
        double[] fx = new double[subset.length * d];
        double[] fy = new double[subset.length];
        for (int i = 0; i < subset.length; i++) {
            System.arraycopy(flat, subset[i] * d, fx, i * d, d);
            fy[i] = y[subset[i]];
        }
        standardise(fy);
        MeanTrend trend = MeanTrend.of(options.priorMean(), d, cat);
        MarginalLikelihood objective = new MarginalLikelihood(fx, fy, d, cat, trend);
        HyperparameterSearch.Result best = HyperparameterSearch.run(objective, d, options, warmStart, random);
        return new GaussianProcess(
                flat, d, cat, y.clone(), Hyperparameters.fromTheta(best.theta()), trend, best.evaluations());
    }

    /**
     * Conditions on the observations with given hyperparameters (no fitting).
     *
     * @see #fit
     */
    public static GaussianProcess withHyperparameters(
            double[][] x, double[] y, boolean[] categorical, Hyperparameters hyperparameters) {
        int d = checkInputs(x, y);
        if (hyperparameters.dimension() != d) {
            throw new IllegalArgumentException("hyperparameters have " + hyperparameters.dimension()
                    + " lengthscales for " + d + " input dimensions");
        }
        boolean[] cat = categorical == null ? new boolean[d] : categorical.clone();
        return new GaussianProcess(flatten(x, d), d, cat, y.clone(), hyperparameters, MeanTrend.CONSTANT, 0);
    }

    private static int checkInputs(double[][] x, double[] y) {
        if (x == null || y == null || x.length == 0 || x.length != y.length) {
            throw new IllegalArgumentException("x has " + (x == null ? "no" : x.length) + " rows and y "
                    + (y == null ? "no" : y.length) + " values; give at least one observation and one y per row");
        }
        int d = x[0].length;
        if (d == 0) {
            throw new IllegalArgumentException("x has 0 columns; give at least one input dimension");
        }
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != d) {
                throw new IllegalArgumentException("x[" + i + "] has " + x[i].length + " columns, x[0] has " + d);
            }
            for (double v : x[i]) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("x[" + i + "] holds " + v + "; inputs must be finite");
                }
            }
            if (!Double.isFinite(y[i])) {
                throw new IllegalArgumentException("y[" + i + "]=" + y[i] + "; outputs must be finite");
            }
        }
        return d;
    }

    private static double[] flatten(double[][] x, int d) {
        double[] flat = new double[x.length * d];
        for (int i = 0; i < x.length; i++) {
            System.arraycopy(x[i], 0, flat, i * d, d);
        }
        return flat;
    }

    static void standardise(double[] y) {
        double mean = Arrays.stream(y).average().orElse(0);
        double ss = 0;
        for (double v : y) {
            ss += (v - mean) * (v - mean);
        }
        double sd = y.length > 1 ? Math.sqrt(ss / (y.length - 1)) : 0;
        double scale = sd > 1e-12 * Math.max(1, Math.abs(mean)) ? sd : 1;
        for (int i = 0; i < y.length; i++) {
            y[i] = (y[i] - mean) / scale;
        }
    }

    /** All indices, or the best half plus a seeded random choice of the others when there are too many. */
    static int[] fitSubset(double[] y, int max, SplittableRandom random) {
        int n = y.length;
        if (n <= max) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> y[i]));
        int best = max / 2;
        int[] out = new int[max];
        for (int i = 0; i < best; i++) {
            out[i] = order[i];
        }
        for (int i = best; i < n; i++) { // partial Fisher-Yates over the rest
            int j = i + random.nextInt(n - i);
            Integer t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        for (int i = best; i < max; i++) {
            out[i] = order[i];
        }
        Arrays.sort(out);
        return out;
    }

    /** The number of observations. */
    public int size() {
        return n;
    }

    /** The number of input dimensions. */
    public int dimension() {
        return d;
    }

    /** The fitted (or given) hyperparameters. */
    public Hyperparameters hyperparameters() {
        return hyperparameters;
    }

    /** The log marginal likelihood of the standardised outputs at the hyperparameters. */
    public double logMarginalLikelihood() {
        return logMarginalLikelihood;
    }

    /** Evaluations of the marginal likelihood spent by {@link #fit}; 0 without fitting. */
    public int fitEvaluations() {
        return fitEvaluations;
    }

    /** Input {@code i} (a copy). */
    public double[] input(int i) {
        return Arrays.copyOfRange(x, i * d, (i + 1) * d);
    }

    /**
     * The posterior of the latent function at {@code point}, in output units.
     *
     * @param point d coordinates; not modified
     */
    public Posterior posterior(double[] point) {
        if (point.length != d) {
            throw new IllegalArgumentException("point has " + point.length + " coordinates; the GP has " + d);
        }
        PointPosterior p = new PointPosterior(this);
        p.evaluate(point, false);
        return new Posterior(yMean + yStd * p.mean, yStd * yStd * p.variance);
    }

    /** The smallest posterior mean at the observations, standardised: the incumbent for improvement. */
    double incumbent() {
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            best = Math.min(best, ys[i] - diagonalNoise * alpha[i]);
        }
        return best;
    }

    @Override
    public String toString() {
        return "GaussianProcess[n=" + n + ", d=" + d + ", " + hyperparameters + "]";
    }
}
