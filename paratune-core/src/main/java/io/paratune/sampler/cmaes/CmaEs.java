package io.paratune.sampler.cmaes;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;

/**
 * The CMA-ES algorithm (Hansen 2016, "The CMA Evolution Strategy: A Tutorial", with negative
 * weights and the termination criteria of the {@code cmaes} library), as a pure ask/tell object:
 * no storage, no threads. {@link #ask} draws one candidate from {@code N(mean, sigma^2 C)}
 * (resampled into the bounds); {@link #tell} takes exactly {@link #populationSize()} evaluated
 * candidates and updates the distribution. The weights and learning rates are {@link
 * StrategyParameters}; the covariance matrix and its eigendecomposition are a {@link Covariance}.
 *
 * <p>Options: the separable variant (sep-CMA-ES, Ros and Hansen 2008: diagonal covariance, faster
 * learning rates), and CMA-ES with margin (Hamano et al. 2022) for discrete coordinates: {@link
 * Margin} keeps the marginal probability of leaving the current grid cell from vanishing.
 *
 * <p>Not thread-safe; the sampler adapter serialises access.
 */
final class CmaEs {
    static final double EPS = 1e-8;
    private static final double MEAN_MAX = 1e32;
    private static final double SIGMA_MAX = 1e32;

    /** A candidate: where to evaluate it, and the raw point to tell (they differ only with a margin). */
    record Candidate(double[] forEval, double[] forTell) {}

    private final int n;
    private final int lambda;
    private final int mu;
    private final double[] weights;
    private final double muEff;
    private final double cc;
    private final double c1;
    private final double cmu;
    private final double cSigma;
    private final double dSigma;
    private final double chiN;
    private final double[] lower;
    private final double[] upper;
    private final int maxResampling;
    private final Margin margin;

    private final double[] mean;
    private double sigma;
    private final Covariance covariance;
    private double[] pSigma;
    private double[] pc;
    private int generation;

    private final double tolX;
    private final int funHistTerm;
    private final double[] funHist;

    /**
     * @param mean the initial mean, inside the bounds; not modified
     * @param sigma the initial step size, {@code > 0}
     * @param cov the initial covariance, or null for the identity (ignored when separable)
     * @param populationSize lambda, or 0 for the default {@code 4 + floor(3 ln n)}
     * @param lower lower bounds per coordinate; not modified
     * @param upper upper bounds per coordinate; not modified
     * @param grids null, or per coordinate null (continuous) or the sorted grid values of a
     *     discrete coordinate handled with a margin (see {@link Margin}); not modified
     */
    CmaEs(
            double[] mean,
            double sigma,
            double[][] cov,
            int populationSize,
            boolean separable,
            double[] lower,
            double[] upper,
            double[][] grids) {
        n = mean.length;
        if (n < 1 || !(sigma > 0) || lower.length != n || upper.length != n) {
            throw new IllegalArgumentException("CMA-ES needs n >= 1 coordinates, sigma > 0 and bounds of length n;"
                    + " got n=" + n + ", sigma=" + sigma);
        }
        StrategyParameters p = StrategyParameters.of(n, populationSize, separable);
        lambda = p.lambda();
        mu = p.mu();
        weights = p.weights();
        muEff = p.muEff();
        c1 = p.c1();
        cmu = p.cmu();
        cSigma = p.cSigma();
        cc = p.cc();
        dSigma = p.dSigma();
        chiN = p.chiN();
        this.mean = mean.clone();
        this.sigma = sigma;
        this.lower = lower.clone();
        this.upper = upper.clone();
        for (int i = 0; i < n; i++) {
            if (!(Math.abs(mean[i]) < MEAN_MAX)) {
                throw new IllegalArgumentException("CMA-ES mean[" + i + "]=" + mean[i] + " is not finite");
            }
        }
        pSigma = new double[n];
        pc = new double[n];
        covariance = new Covariance(n, separable, cov);
        maxResampling = 10 * n;
        tolX = 1e-12 * sigma;
        funHistTerm = 10 + (int) Math.ceil(30.0 * n / lambda);
        funHist = new double[funHistTerm * 2];
        margin = grids == null || Arrays.stream(grids).allMatch(g -> g == null) ? null : new Margin(grids, n, lambda);
    }

    int dimension() {
        return n;
    }

    int populationSize() {
        return lambda;
    }

    /** The number of {@link #tell} calls so far. */
    int generation() {
        return generation;
    }

    double sigma() {
        return sigma;
    }

    double[] mean() {
        return mean.clone();
    }

    // ---- ask ----

    private double[] sampleSolution(SplittableRandom rng) {
        double[] y = covariance.step(rng);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = mean[i] + sigma * y[i];
        }
        return x;
    }

    private boolean feasible(double[] x) {
        for (int i = 0; i < n; i++) {
            if ((margin == null || !margin.isDiscrete(i)) && (x[i] < lower[i] || x[i] > upper[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Draws a candidate with {@code rng}: up to {@code 10 n} draws until the continuous coordinates
     * are inside the bounds, else the last draw clipped. Discrete coordinates (margin) are encoded
     * to their grid for evaluation.
     */
    Candidate ask(SplittableRandom rng) {
        double[] x = null;
        for (int i = 0; i < maxResampling && x == null; i++) {
            double[] s = sampleSolution(rng);
            if (feasible(s)) {
                x = s;
            }
        }
        if (x == null) {
            x = sampleSolution(rng);
            for (int i = 0; i < n; i++) {
                if (margin == null || !margin.isDiscrete(i)) {
                    x[i] = Math.max(lower[i], Math.min(upper[i], x[i]));
                }
            }
        }
        double[] eval = margin == null ? x.clone() : margin.encode(x, mean);
        return new Candidate(eval, x);
    }

    // ---- tell ----

    /**
     * Updates the distribution with one generation.
     *
     * @param xs exactly {@link #populationSize()} raw candidates ({@link Candidate#forTell()}); not
     *     modified
     * @param ys their losses (lower is better), finite
     */
    void tell(double[][] xs, double[] ys) {
        tell(xs, ys, new boolean[xs.length], new double[xs.length][]);
    }

    /**
     * Updates the distribution with one generation, some of whose solutions were not drawn from it
     * as told: injected ones (an enqueued point evaluated in a member's place), and drawn ones told
     * at another point (an int or stepped coordinate rounded to its grid). The step of a solution
     * from the mean is shortened, where longer, to the Mahalanobis length {@code c = sqrt(n) + 2n /
     * (n + 2)} for an injected one (Hansen 2011, "Injecting external solutions into CMA-ES"), and to
     * the longer of {@code c} and its draw's length for a moved one, so that no such point can blow
     * up the step size and covariance, as a point a thousand step sizes away otherwise does (a grid
     * cell's half-width is that far for a small step size).
     *
     * @param injected per solution, whether it was injected; not modified
     * @param drawn per solution, the point drawn for it where that is not the point told, else
     *     null; not modified
     */
    void tell(double[][] xs, double[] ys, boolean[] injected, double[][] drawn) {
        if (xs.length != lambda || ys.length != lambda) {
            throw new IllegalArgumentException("CMA-ES tell needs " + lambda + " solutions, got " + xs.length);
        }
        Integer[] order = new Integer[lambda];
        for (int i = 0; i < lambda; i++) {
            order[i] = i;
            if (!Double.isFinite(ys[i])) {
                throw new IllegalArgumentException(
                        "CMA-ES tell: value " + ys[i] + " of solution " + i + " is not finite");
            }
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> ys[i]));
        generation++;
        int idx = 2 * (generation % funHistTerm);
        funHist[idx] = ys[order[0]];
        funHist[idx + 1] = ys[order[lambda - 1]];

        Covariance.Decomposition taken = covariance.take();

        double[][] y = new double[lambda][n];
        double maxLength = Math.sqrt(n) + 2.0 * n / (n + 2);
        for (int k = 0; k < lambda; k++) {
            double[] x = xs[order[k]];
            for (int i = 0; i < n; i++) {
                y[k][i] = (x[i] - mean[i]) / sigma;
            }
            double[] draw = drawn[order[k]];
            if (injected[order[k]] || draw != null) {
                double limit = maxLength;
                if (!injected[order[k]]) {
                    double[] yd = new double[n];
                    for (int i = 0; i < n; i++) {
                        yd[i] = (draw[i] - mean[i]) / sigma;
                    }
                    limit = Math.max(limit, taken.mahalanobis(yd));
                }
                double length = taken.mahalanobis(y[k]);
                if (length > limit) {
                    for (int i = 0; i < n; i++) {
                        y[k][i] *= limit / length;
                    }
                }
            }
        }
        double[] yw = new double[n];
        for (int k = 0; k < mu; k++) {
            for (int i = 0; i < n; i++) {
                yw[i] += weights[k] * y[k][i];
            }
        }
        for (int i = 0; i < n; i++) {
            mean[i] += sigma * yw[i];
        }
        double[] invSqrtYw = taken.invSqrt(yw);
        double factor = Math.sqrt(cSigma * (2 - cSigma) * muEff);
        double normPs = 0;
        for (int i = 0; i < n; i++) {
            pSigma[i] = (1 - cSigma) * pSigma[i] + factor * invSqrtYw[i];
            normPs += pSigma[i] * pSigma[i];
        }
        normPs = Math.sqrt(normPs);
        sigma = Math.min(SIGMA_MAX, sigma * Math.exp(cSigma / dSigma * (normPs / chiN - 1)));

        double hLeft = normPs / Math.sqrt(1 - Math.pow(1 - cSigma, 2 * (generation + 1)));
        double hSigma = hLeft < (1.4 + 2.0 / (n + 1)) * chiN ? 1.0 : 0.0;
        double pcFactor = hSigma * Math.sqrt(cc * (2 - cc) * muEff);
        for (int i = 0; i < n; i++) {
            pc[i] = (1 - cc) * pc[i] + pcFactor * yw[i];
        }
        double deltaH = (1 - hSigma) * cc * (2 - cc);
        double weightSum = 0;
        for (double w : weights) {
            weightSum += w;
        }
        double keep = 1 + c1 * deltaH - c1 - cmu * weightSum;
        covariance.update(taken, keep, c1, pc, cmu, weights, mu, y);
        if (margin != null) {
            margin.afterTell(mean, sigma, covariance.diagonal());
        }
    }

    // ---- termination ----

    /** Whether the run has converged or stalled (the {@code cmaes} library's criteria). */
    boolean shouldStop() {
        covariance.decompose();
        double[] dC = covariance.diagonal();
        double[] eigenRoots = covariance.roots();
        if (generation > funHistTerm) {
            double max = Double.NEGATIVE_INFINITY;
            double min = Double.POSITIVE_INFINITY;
            for (double v : funHist) {
                max = Math.max(max, v);
                min = Math.min(min, v);
            }
            if (max - min < 1e-12) {
                return true;
            }
        }
        boolean allSmall = true;
        for (int i = 0; i < n; i++) {
            if (!(sigma * dC[i] < tolX && sigma * pc[i] < tolX)) {
                allSmall = false;
                break;
            }
        }
        if (allSmall) {
            return true;
        }
        double maxD = Arrays.stream(eigenRoots).max().orElse(0);
        double minD = Arrays.stream(eigenRoots).min().orElse(0);
        if (sigma * maxD > 1e4) {
            return true;
        }
        for (int i = 0; i < n; i++) {
            if (mean[i] == mean[i] + 0.2 * sigma * Math.sqrt(dC[i])) {
                return true;
            }
        }
        int axis = generation % n;
        boolean noEffect = true;
        for (int i = 0; i < n; i++) {
            double dir = covariance.axis(i, axis);
            if (mean[i] != mean[i] + 0.1 * sigma * eigenRoots[axis] * dir) {
                noEffect = false;
                break;
            }
        }
        return noEffect || maxD / minD > 1e14;
    }
}
