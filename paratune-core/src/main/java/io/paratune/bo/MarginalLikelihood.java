package io.paratune.bo;

import org.ejml.data.DMatrixRMaj;

/**
 * The negative log posterior of the hyperparameters of a GP with a constant or quadratic prior
 * mean ({@link MeanTrend}), a scaled Matérn-5/2 ARD kernel and Gaussian noise on standardised
 * outputs, and its analytic gradient. The mean's coefficients are profiled out: at each {@code
 * theta} they are their (ridge-regularised) generalised-least-squares estimate, which maximises
 * the likelihood plus their prior for that {@code theta}, so the gradient at fixed coefficients is
 * the gradient of the profiled objective.
 *
 * <p>The parameter vector is {@code theta = (log l_1, ..., log l_d, log s, log noise)}. Priors:
 *
 * <ul>
 *   <li>lengthscales log-normal, {@code log l ~ N(log(0.17) + log(d)/2, 0.63^2)}: the
 *       dimension scaling of Hvarfner, Hellsten and Nardi, "Vanilla Bayesian Optimization
 *       Performs Great in High Dimensions" (ICML 2024), so that the prior holds across
 *       dimensions, with the location and width that BoTorch's former {@code Gamma(3, 6)}
 *       lengthscale prior has in 6 dimensions; not their wider prior ({@code N(sqrt2 + log(d)/2,
 *       3)}), which lets whole dimensions look irrelevant with few points (decision record
 *       docs/decisions/0004-gp-model-defaults.md);
 *   <li>output scale {@code log s ~ N(0, 2^2)}, weak around the standardised variance 1;
 *   <li>noise variance {@code Gamma(1.1, 0.05)}, BoTorch's classic noise prior, which leans to
 *       explaining small-scale roughness as noise; the floor (see {@link GpFitOptions}) keeps
 *       deterministic objectives near-interpolated.
 * </ul>
 *
 * <p>The gradient of the log marginal likelihood is {@code 1/2 tr((a a^T - K^-1) dK/dtheta)} with
 * {@code a = K^-1 (y - m)}; the priors are densities of the log parameters.
 *
 * <p>Buffers are allocated once per instance; an instance is not thread-safe.
 */
final class MarginalLikelihood implements BoundedLbfgs.Objective {
    /** log l ~ N(LENGTHSCALE_PRIOR_LOCATION + log(d)/2, LENGTHSCALE_PRIOR_SD^2). */
    static final double LENGTHSCALE_PRIOR_LOCATION = Math.log(0.17);

    static final double LENGTHSCALE_PRIOR_SD = 0.63;
    static final double OUTPUT_SCALE_PRIOR_MEAN = 0;
    static final double OUTPUT_SCALE_PRIOR_SD = 2;
    /** The noise variance has a Gamma(NOISE_PRIOR_SHAPE, NOISE_PRIOR_RATE) prior. */
    static final double NOISE_PRIOR_SHAPE = 1.1;

    static final double NOISE_PRIOR_RATE = 0.05;
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private final int n;
    private final int d;
    private final double[] x;
    private final double[] y;
    private final boolean[] categorical;
    private final boolean[] kernelMask;
    private final MeanTrend trend;
    /** The trend's basis at the inputs; null for a constant. */
    private final double[] design;

    private final double lengthscalePriorMean;
    private final double lengthscalePriorSd;
    private final double[] k;
    private final double[] q;
    private final double[] alpha;
    private final double[] invLs2;
    private final double[] g;
    private final DMatrixRMaj work = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj lower = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj inverse = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj scratch = new DMatrixRMaj(1, 1);

    /**
     * @param x n rows of d inputs, row-major; not modified
     * @param y n standardised outputs; not modified
     */
    MarginalLikelihood(double[] x, double[] y, int d, boolean[] categorical, MeanTrend trend) {
        this.trend = trend;
        this.design = trend.isConstant() ? null : trend.design(x, y.length);
        this.n = y.length;
        this.d = d;
        this.x = x;
        this.y = y;
        this.categorical = categorical;
        this.kernelMask = Matern52.mask(categorical);
        this.lengthscalePriorMean = lengthscalePriorMean(d);
        this.lengthscalePriorSd = LENGTHSCALE_PRIOR_SD;
        this.k = new double[n * n];
        this.q = new double[n * n];
        this.alpha = new double[n];
        this.invLs2 = new double[d];
        this.g = new double[d];
    }

    /**
     * The mean of the log-lengthscale prior in {@code d} dimensions, {@code log(0.17) + log(d)/2}:
     * the median lengthscale grows as {@code sqrt(d)}, so that the typical scaled distance between
     * two random points of the unit cube is the same in every dimension.
     */
    static double lengthscalePriorMean(int d) {
        return LENGTHSCALE_PRIOR_LOCATION + 0.5 * Math.log(d);
    }

    int parameters() {
        return d + 2;
    }

    /** The negative log prior density of {@code theta} in log space, up to a constant. */
    double negativeLogPrior(double[] theta, double[] gradient) {
        double v = 0;
        for (int j = 0; j < d; j++) {
            double z = (theta[j] - lengthscalePriorMean) / lengthscalePriorSd;
            v += 0.5 * z * z;
            if (gradient != null) {
                gradient[j] += z / lengthscalePriorSd;
            }
        }
        double zs = (theta[d] - OUTPUT_SCALE_PRIOR_MEAN) / OUTPUT_SCALE_PRIOR_SD;
        v += 0.5 * zs * zs;
        // Gamma prior on the noise variance, as a density of log(noise): shape * t - rate * exp(t)
        double noise = Math.exp(theta[d + 1]);
        v -= NOISE_PRIOR_SHAPE * theta[d + 1] - NOISE_PRIOR_RATE * noise;
        if (gradient != null) {
            gradient[d] += zs / OUTPUT_SCALE_PRIOR_SD;
            gradient[d + 1] -= NOISE_PRIOR_SHAPE - NOISE_PRIOR_RATE * noise;
        }
        return v;
    }

    /** The negative log marginal likelihood alone (no prior); +inf if K cannot be factored. */
    double negativeLogLikelihood(double[] theta) {
        return likelihood(theta, null);
    }

    @Override
    public double valueAndGradient(double[] theta, double[] gradient) {
        java.util.Arrays.fill(gradient, 0);
        double nll = likelihood(theta, gradient);
        if (!Double.isFinite(nll)) {
            return Double.POSITIVE_INFINITY;
        }
        return nll + negativeLogPrior(theta, gradient);
    }

    /**
     * The negative log posterior as {@link #valueAndGradient}, and also its gradient with respect to
     * every input coordinate, {@code inputGradient[a * d + j]} for input {@code j} of observation
     * {@code a} (for a transformation of the inputs: {@link InputWarping}).
     */
    double valueAndGradient(double[] theta, double[] gradient, double[] inputGradient) {
        this.inputGradient = inputGradient;
        try {
            return valueAndGradient(theta, gradient);
        } finally {
            this.inputGradient = null;
        }
    }

    /** Where {@link #likelihood} adds the gradient with respect to the inputs; null for none. */
    private double[] inputGradient;

    /** The negative log likelihood; adds its gradient to {@code gradient} when not null. */
    private double likelihood(double[] theta, double[] gradient) {
        for (int j = 0; j < d; j++) {
            invLs2[j] = Math.exp(-2 * theta[j]);
        }
        double s = Math.exp(theta[d]);
        double noise = Math.exp(theta[d + 1]);
        for (int a = 0; a < n; a++) {
            k[a * n + a] = s + noise;
            for (int b = a + 1; b < n; b++) {
                double r2 = Matern52.r2(x, a, x, b * d, invLs2, kernelMask);
                double kab = s * Matern52.correlation(r2);
                k[a * n + b] = kab;
                k[b * n + a] = kab;
                q[a * n + b] = -2 * s * Matern52.derivative(r2);
            }
        }
        Cholesky chol = Cholesky.factor(k, n, work, lower);
        if (chol == null) {
            return Double.POSITIVE_INFINITY;
        }
        System.arraycopy(y, 0, alpha, 0, n);
        chol.solve(alpha);
        // the constant mean is profiled out (its GLS estimate); the gradient at fixed mean is the
        // gradient of the profiled likelihood, as the mean maximises it
        double[] beta = trend.estimate(chol, alpha, design);
        double fit = 0;
        for (int i = 0; i < n; i++) {
            fit += (y[i] - trend.value(beta, x, i * d)) * alpha[i];
        }
        double nll = 0.5 * fit + 0.5 * chol.logDeterminant() + 0.5 * n * LOG_2PI + trend.penalty(beta);
        if (gradient == null) {
            return nll;
        }
        chol.inverse(inverse, scratch);
        double[] kinv = inverse.data;
        double traceM = 0;
        double traceMKf = 0;
        java.util.Arrays.fill(g, 0);
        double[] gx = inputGradient;
        if (gx != null) {
            java.util.Arrays.fill(gx, 0);
        }
        for (int a = 0; a < n; a++) {
            double mDiag = alpha[a] * alpha[a] - kinv[a * n + a];
            traceM += mDiag;
            traceMKf += mDiag * s;
            int offA = a * d;
            for (int b = a + 1; b < n; b++) {
                double m = alpha[a] * alpha[b] - kinv[a * n + b];
                traceMKf += 2 * m * k[a * n + b];
                double w = m * q[a * n + b];
                int offB = b * d;
                for (int j = 0; j < d; j++) {
                    double delta = x[offA + j] - x[offB + j];
                    g[j] += categorical[j] ? (delta == 0 ? 0 : w) : w * delta * delta;
                }
                if (gx != null) {
                    // d(-log L)/dx_aj = invLs2_j * sum_b M_ab q_ab (x_aj - x_bj), and its mirror for b
                    for (int j = 0; j < d; j++) {
                        if (!categorical[j]) {
                            double t = w * (x[offA + j] - x[offB + j]) * invLs2[j];
                            gx[offA + j] += t;
                            gx[offB + j] -= t;
                        }
                    }
                }
            }
        }
        for (int j = 0; j < d; j++) {
            gradient[j] -= g[j] * invLs2[j];
        }
        gradient[d] -= 0.5 * traceMKf;
        gradient[d + 1] -= 0.5 * noise * traceM;
        return nll;
    }
}
