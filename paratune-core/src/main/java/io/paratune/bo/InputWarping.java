package io.paratune.bo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A learned monotone warping of each numeric GP input, the Kumaraswamy CDF {@code w(x) = 1 - (1 -
 * x^a)^b} of the unit interval onto itself (Snoek et al., "Input Warping for Bayesian Optimization
 * of Non-Stationary Functions", ICML 2014, with the Beta CDF; HEBO and BoTorch use this
 * Kumaraswamy form): {@code a < 1} stretches the low end of a range (as a log scale does), {@code b
 * < 1} the high end, both above 1 compress them. {@code a = b = 1} is the identity. For a parameter
 * given on the wrong scale (a learning rate on a linear one) the model then sees the scale the
 * objective varies on.
 *
 * <p>The concentrations are fitted with the GP's hyperparameters by maximum a posteriori ({@link
 * #fit}), with log-normal priors {@code log a, log b ~ N(0, 0.75^2)} centred on the identity.
 * Categorical inputs are not warped. Immutable.
 */
public final class InputWarping {
    /** Inputs are clamped into {@code [EPS, 1 - EPS]} before warping, where the derivatives are finite. */
    static final double EPS = 1e-7;

    static final double PRIOR_SD = 0.75;
    private static final double LOG_CONCENTRATION_BOUND = Math.log(20);

    /** Per dimension; NaN for a dimension that is not warped. */
    private final double[] a;

    private final double[] b;

    private InputWarping(double[] a, double[] b) {
        this.a = a;
        this.b = b;
    }

    /** The concentrations {@code a} of each dimension (NaN where not warped). */
    public double[] a() {
        return a.clone();
    }

    /** The concentrations {@code b} of each dimension (NaN where not warped). */
    public double[] b() {
        return b.clone();
    }

    static double clamp(double x) {
        return Math.max(EPS, Math.min(1 - EPS, x));
    }

    static double forward(double x, double a, double b) {
        return 1 - Math.pow(1 - Math.pow(clamp(x), a), b);
    }

    static double inverse(double w, double a, double b) {
        double v = Math.max(0, Math.min(1, w));
        return Math.pow(1 - Math.pow(1 - v, 1 / b), 1 / a);
    }

    /** The warped coordinates of a point (a new array). */
    public double[] warp(double[] x) {
        double[] out = x.clone();
        for (int j = 0; j < a.length; j++) {
            if (!Double.isNaN(a[j])) {
                out[j] = forward(x[j], a[j], b[j]);
            }
        }
        return out;
    }

    /** The point whose warped coordinates are {@code w} (a new array). */
    public double[] unwarp(double[] w) {
        double[] out = w.clone();
        for (int j = 0; j < a.length; j++) {
            if (!Double.isNaN(a[j])) {
                out[j] = inverse(w[j], a[j], b[j]);
            }
        }
        return out;
    }

    /**
     * The acquisition search's dimensions in warped coordinates: a rounded dimension rounds through
     * the warping ({@code w(round(w^-1(z)))}), so its allowed values are the warped ones.
     */
    public List<InputDimension> dimensions(List<InputDimension> raw) {
        List<InputDimension> out = new ArrayList<>(raw.size());
        for (int j = 0; j < raw.size(); j++) {
            InputDimension dim = raw.get(j);
            if (dim.kind() == InputDimension.Kind.ROUNDED && !Double.isNaN(a[j])) {
                double aj = a[j];
                double bj = b[j];
                out.add(InputDimension.rounded(z -> forward(dim.rounding().applyAsDouble(inverse(z, aj, bj)), aj, bj)));
            } else {
                out.add(dim);
            }
        }
        return out;
    }

    /** Warped copies of {@code x}'s rows. */
    public double[][] warpAll(double[][] x) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = warp(x[i]);
        }
        return out;
    }

    @Override
    public String toString() {
        return "InputWarping[a=" + Arrays.toString(a) + ", b=" + Arrays.toString(b) + "]";
    }

    /**
     * Fits the warping of every non-categorical input with a GP's hyperparameters, by maximum a
     * posteriori on at most {@code options.maxFitPoints()} observations, starting from the
     * identity (and from {@code warmStart} when given), after a fit without warping for the other
     * hyperparameters.
     *
     * @param x n points in the unit cube (category indices where categorical); not modified
     * @param y n finite outputs; not modified
     * @param warmStart the previous warping of these dimensions, or null
     */
    public static InputWarping fit(
            double[][] x, double[] y, boolean[] categorical, GpFitOptions options, InputWarping warmStart, long seed) {
        int d = x[0].length;
        boolean[] cat = categorical == null ? new boolean[d] : categorical;
        GaussianProcess plain = GaussianProcess.fit(x, y, cat, options, null, seed);
        int[] warped =
                java.util.stream.IntStream.range(0, d).filter(j -> !cat[j]).toArray();
        int m = warped.length;
        double[] a = new double[d];
        double[] b = new double[d];
        Arrays.fill(a, Double.NaN);
        Arrays.fill(b, Double.NaN);
        if (m == 0) {
            return new InputWarping(a, b);
        }
        // the same fit subset and standardisation as GaussianProcess.fit
        SplittableRandom random = new SplittableRandom(seed);
        int[] subset = GaussianProcess.fitSubset(y, options.maxFitPoints(), random);
        int n = subset.length;
        double[] raw = new double[n * d];
        double[] fy = new double[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(x[subset[i]], 0, raw, i * d, d);
            fy[i] = y[subset[i]];
        }
        GaussianProcess.standardise(fy);
        Likelihood objective = new Likelihood(raw, fy, d, cat);
        int p = objective.baseParameters();
        double[] baseTheta = plain.hyperparameters().toTheta();
        int q = p + 2 * m;
        double[] lower = new double[q];
        double[] upper = new double[q];
        HyperparameterSearch.bounds(d, options, lower, upper);
        for (int k = 0; k < 2 * m; k++) {
            lower[p + k] = -LOG_CONCENTRATION_BOUND;
            upper[p + k] = LOG_CONCENTRATION_BOUND;
        }
        List<double[]> starts = new ArrayList<>();
        double[] identity = Arrays.copyOf(baseTheta, q);
        starts.add(identity);
        if (warmStart != null && warmStart.a.length == d) {
            double[] warm = identity.clone();
            for (int k = 0; k < m; k++) {
                int j = warped[k];
                if (!Double.isNaN(warmStart.a[j])) {
                    warm[p + 2 * k] = Math.log(warmStart.a[j]);
                    warm[p + 2 * k + 1] = Math.log(warmStart.b[j]);
                }
            }
            starts.add(warm);
        }
        BoundedLbfgs lbfgs = new BoundedLbfgs(q, 10);
        double best = Double.POSITIVE_INFINITY;
        double[] bestTheta = identity;
        for (double[] start : starts) {
            double[] theta = start.clone();
            for (int k = 0; k < q; k++) {
                theta[k] = Math.max(lower[k], Math.min(upper[k], theta[k]));
            }
            double v = lbfgs.minimize(objective, theta, lower, upper, options.maxIterations(), 1e-10);
            if (v < best) {
                best = v;
                bestTheta = theta;
            }
        }
        for (int k = 0; k < m; k++) {
            int j = warped[k];
            a[j] = Math.exp(Math.max(lower[p + 2 * k], Math.min(upper[p + 2 * k], bestTheta[p + 2 * k])));
            b[j] = Math.exp(Math.max(lower[p + 2 * k + 1], Math.min(upper[p + 2 * k + 1], bestTheta[p + 2 * k + 1])));
        }
        return new InputWarping(a, b);
    }

    /**
     * The negative log posterior of a GP's hyperparameters and the warping's log concentrations,
     * {@code theta = (base theta, log a_1, log b_1, log a_2, ...)} over the non-categorical
     * dimensions in order, and its analytic gradient: the likelihood's gradient with respect to the
     * warped inputs, times the warping's derivatives in {@code a} and {@code b}.
     */
    static final class Likelihood implements BoundedLbfgs.Objective {
        private final double[] raw;
        private final int n;
        private final int d;
        private final int[] warped;
        private final double[] buffer;
        private final MarginalLikelihood base;
        private final double[] inputGradient;
        private final double[] baseGradient;

        Likelihood(double[] raw, double[] y, int d, boolean[] categorical) {
            this.raw = raw;
            this.n = y.length;
            this.d = d;
            this.warped = java.util.stream.IntStream.range(0, d)
                    .filter(j -> !categorical[j])
                    .toArray();
            this.buffer = raw.clone();
            this.base = new MarginalLikelihood(
                    buffer, y, d, categorical, MeanTrend.of(GpFitOptions.PriorMean.CONSTANT, d, categorical));
            this.inputGradient = new double[n * d];
            this.baseGradient = new double[base.parameters()];
        }

        int baseParameters() {
            return base.parameters();
        }

        int parameters() {
            return base.parameters() + 2 * warped.length;
        }

        @Override
        public double valueAndGradient(double[] theta, double[] gradient) {
            int p = base.parameters();
            int m = warped.length;
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < m; k++) {
                    int j = warped[k];
                    buffer[i * d + j] =
                            forward(raw[i * d + j], Math.exp(theta[p + 2 * k]), Math.exp(theta[p + 2 * k + 1]));
                }
            }
            double v = base.valueAndGradient(Arrays.copyOf(theta, p), baseGradient, inputGradient);
            if (!Double.isFinite(v)) {
                return Double.POSITIVE_INFINITY;
            }
            System.arraycopy(baseGradient, 0, gradient, 0, p);
            for (int k = 0; k < m; k++) {
                int j = warped[k];
                double la = theta[p + 2 * k];
                double lb = theta[p + 2 * k + 1];
                double ak = Math.exp(la);
                double bk = Math.exp(lb);
                double ga = 0;
                double gb = 0;
                for (int i = 0; i < n; i++) {
                    double xi = clamp(raw[i * d + j]);
                    double xa = Math.pow(xi, ak);
                    double oneMinus = 1 - xa;
                    ga += inputGradient[i * d + j] * bk * Math.pow(oneMinus, bk - 1) * xa * Math.log(xi);
                    gb -= inputGradient[i * d + j] * Math.pow(oneMinus, bk) * Math.log(oneMinus);
                }
                gradient[p + 2 * k] = ga * ak + la / (PRIOR_SD * PRIOR_SD);
                gradient[p + 2 * k + 1] = gb * bk + lb / (PRIOR_SD * PRIOR_SD);
                v += 0.5 * (la * la + lb * lb) / (PRIOR_SD * PRIOR_SD);
            }
            return v;
        }
    }
}
