package io.paratune.sampler.tpe;

import io.paratune.internal.Normal;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A Parzen estimator (a weighted kernel mixture) over a few parameters, with Optuna 3.x's rules:
 * one kernel per observation plus a prior kernel (centred, width 1 in the unit interval, weight
 * {@code priorWeight}); observation weights from a weights function of the observation count, in
 * chronological order; kernels are products over the parameters (so the univariate estimator is
 * the one-parameter case).
 *
 * <p>Numeric kernels are Gaussians truncated to the unit interval. Their widths: multivariate
 * with {@link TpeSampler.Bandwidth#SCOTT}, Optuna's Scott's rule {@code 0.2 n^(-1/(d + 4))}, one
 * width for all; univariate, and multivariate with {@link TpeSampler.Bandwidth#NEIGHBOUR}, per
 * parameter and kernel the larger distance to the sorted neighbours in that parameter (endpoints 0
 * and 1 count as neighbours only when {@code endpoints}), as Hyperopt and Optuna's univariate
 * estimator do; then clipped to {@code [1 / min(100, n + 2), 1]} with {@code magicClip}.
 * Discrete parameters get the kernel's mass on the member's cell: exact where the cell is wider
 * than a fiftieth of the kernel width, the midpoint rule (relative error below 1e-4) where
 * narrower. Categorical kernels put {@code 1 + priorWeight / (n + 1)} on the observed choice and
 * {@code priorWeight / (n + 1)} on every choice, normalised; the prior kernel is uniform.
 *
 * <p>Densities ({@link #logPdf}, computed by {@link MixtureDensity}) are with respect to the unit
 * interval for continuous parameters and probabilities for discrete and categorical ones; they
 * integrate (sum) to 1. With {@code widthWeighted}, the density that scores candidates gives each
 * kernel the weight {@code w_i prod_j sigma_ij} (renormalised), so that all kernels have the same
 * height; {@link #sample} keeps the plain weights. That is what Optuna 3.1 computes (its truncated normal log density leaves out
 * the {@code -log sigma} term, which shifts its log-ratio by a constant only after this
 * reweighting), and it keeps more weight on the wide prior, favouring exploration. Immutable once
 * built; pure computation, no I/O.
 */
final class ParzenEstimator {
    /**
     * The observations an estimator is built from.
     *
     * @param values per parameter, the observations' coordinates ({@link Dim#coordinate}),
     *     chronological; {@code values[j].length >= n}. Not modified, unless masses come with them
     * @param n the number of observations
     * @param order null, or per parameter null or the observations' indices sorted by coordinate
     *     (saves a sort for kernel widths by neighbour gaps)
     * @param masses null, or per parameter null or the observations' kernel masses on [0, 1] (see
     *     {@link #mass}) for the width {@link KernelWidths#sharedSigma}, NaN where not known;
     *     multivariate only. With masses, arrays of values and masses longer than {@code n} are
     *     taken over rather than copied: the estimator writes the prior's entries at index {@code
     *     n} and the missing masses
     * @param weights null for the settings' weights function, or one weight per observation,
     *     chronological (MOTPE's hypervolume-contribution weights)
     */
    record Observations(double[][] values, int n, int[][] order, double[][] masses, double[] weights) {
        /** {@code n} observations without order, masses or weights of their own. */
        static Observations of(double[][] values, int n) {
            return new Observations(values, n, null, null, null);
        }
    }

    static final double EPS = 1e-12;
    /** Where {@link Normal#fastCdf} is exactly 0 below and 1 above. */
    private static final double FAR = Normal.TABLE_END;

    private final Dim[] dims;
    private final int n;
    private final int m;
    private final double[] cumulative;
    /** Per kernel, log of its weight over the product of its numeric widths and truncation masses. */
    private final double[] logScale;
    /** Number of continuous and discrete parameters. */
    private final int numericCount;

    private final double[][] mu;
    private final double[][] sigma;
    private final double[][] invSigma;
    /** Per numeric parameter, the inverse width shared by all observation kernels, or 0. */
    private final double[] sharedInv;
    /** Per discrete parameter and kernel, the log of its width. */
    private final double[][] logSigma;
    /** Per numeric parameter and kernel, the kernel's mass on [0, 1]. */
    private final double[][] mass;

    private final int[][] choice;
    private final double[] hit;
    private final double[] logHit;
    private final double[] logMiss;
    /** Multivariate: the kernel widths and their inverses, the same for every numeric parameter. */
    private double[] multivariateSigma;

    private double[] multivariateInv;

    private final MixtureDensity density;

    /**
     * Builds the estimator of {@code observations} over the parameters {@code dims}.
     *
     * @param dims the parameters
     */
    ParzenEstimator(Dim[] dims, Observations observations, EstimatorSettings settings) {
        int n = observations.n();
        double[][] values = observations.values();
        int[][] order = observations.order();
        double[][] masses = observations.masses();
        double[] observationWeights = observations.weights();
        this.dims = dims.clone();
        this.n = n;
        this.m = n + 1;
        double[][] table = observationWeights == null
                ? settings.cache().get(n, settings)
                : MixtureWeights.table(observationWeights, settings.priorWeight());
        double[] weights = table[0];
        cumulative = table[1];
        int d = dims.length;
        mu = new double[d][];
        sigma = new double[d][];
        invSigma = new double[d][];
        sharedInv = new double[d];
        logSigma = new double[d][];
        mass = new double[d][];
        choice = new int[d][];
        hit = new double[d];
        logHit = new double[d];
        logMiss = new double[d];
        double minSigma = settings.magicClip() ? 1.0 / Math.min(100.0, 1.0 + m) : EPS;
        int numeric = 0;
        for (int j = 0; j < d; j++) {
            if (dims[j].isCategorical()) {
                categorical(j, values[j], settings.priorWeight());
            } else {
                numeric(
                        j,
                        values[j],
                        order == null ? null : order[j],
                        masses == null ? null : masses[j],
                        settings,
                        minSigma);
                numeric++;
            }
        }
        numericCount = numeric;
        logScale = new double[m];
        if (multivariateSigma != null && numeric < 400) {
            sharedScales(weights, settings.widthWeighted());
        } else {
            kernelScales(weights, settings.widthWeighted());
        }
        density = new MixtureDensity(
                this.dims, n, mu, invSigma, sharedInv, logSigma, choice, logHit, logMiss, logScale, numericCount);
    }

    /**
     * {@link #logScale} kernel by kernel: the weight over the product of the kernel's widths and
     * truncation masses, or with {@code widthWeighted} over its masses only, renormalised.
     */
    private void kernelScales(double[] weights, boolean widthWeighted) {
        int d = dims.length;
        double[] volumeMantissa = new double[m];
        int[] volumeExponent = new int[m];
        int maxExponent = Integer.MIN_VALUE;
        for (int i = 0; i < m; i++) {
            // log(weight / prod_j (sigma_ij Z_ij)), or without the sigmas when width-weighted: the
            // denominator is multiplied in double and logged when it leaves [1e-150, 1e150]
            double logs = 0;
            double product = 1.0;
            double volume = 1.0;
            int exponent = 0;
            for (int j = 0; j < d; j++) {
                double[] sig = sigma[j];
                if (sig != null) {
                    product *= widthWeighted ? mass[j][i] : sig[i] * mass[j][i];
                    if (product < 1e-150 || product > 1e150) {
                        logs -= Math.log(product);
                        product = 1.0;
                    }
                    volume *= sig[i];
                    if (volume < 1e-100) {
                        int e = Math.getExponent(volume);
                        volume = Math.scalb(volume, -e);
                        exponent += e;
                    }
                }
            }
            double ratio = weights[i] / product;
            logScale[i] = ratio > 1e-300 && ratio < 1e300
                    ? logs + Math.log(ratio)
                    : logs + Math.log(weights[i]) - Math.log(product);
            volumeMantissa[i] = weights[i] * volume;
            volumeExponent[i] = exponent;
            maxExponent = Math.max(maxExponent, exponent);
        }
        if (widthWeighted) {
            // scoring weights w_i V_i / C with V_i = prod_j sigma_ij and C = sum_i w_i V_i
            double c = 0;
            for (int i = 0; i < m; i++) {
                c += Math.scalb(volumeMantissa[i], volumeExponent[i] - maxExponent);
            }
            double logC = Math.log(c) + maxExponent * Math.log(2);
            for (int i = 0; i < m; i++) {
                logScale[i] -= logC;
            }
        }
    }

    /**
     * {@link #logScale} for a multivariate estimator, whose observation kernels share one width
     * {@code s} in every numeric parameter: the kernel masses (each at least 0.3, so that the
     * product of fewer than 400 does not underflow) multiplied per parameter over all kernels, and
     * with equal heights the normaliser {@code C = s^k sum_{i<n} w_i + w_n} in closed form.
     */
    private void sharedScales(double[] weights, boolean widthWeighted) {
        double[] product = logScale;
        Arrays.fill(product, 1.0);
        for (int j = 0; j < dims.length; j++) {
            double[] z = mass[j];
            if (sigma[j] == null) {
                continue;
            }
            for (int i = 0; i < m; i++) {
                product[i] *= z[i];
            }
        }
        double s = multivariateSigma[0];
        double logWidths = numericCount * Math.log(s);
        for (int i = 0; i < m; i++) {
            // with plain mass, the observation kernels' density also has 1 / s^k
            double log = Math.log(weights[i] / product[i]);
            logScale[i] = widthWeighted || i == n ? log : log - logWidths;
        }
        if (widthWeighted) {
            double observed = 0;
            for (int i = 0; i < n; i++) {
                observed += weights[i];
            }
            double a = Math.log(observed) + logWidths;
            double b = Math.log(weights[n]);
            double logC = observed > 0 ? Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(a - b))) : b;
            for (int i = 0; i < m; i++) {
                logScale[i] -= logC;
            }
        }
    }

    private void categorical(int j, double[] obs, double priorWeight) {
        int k = dims[j].cells;
        choice[j] = new int[n];
        for (int i = 0; i < n; i++) {
            choice[j][i] = (int) obs[i];
        }
        double value = priorWeight / (n + 1);
        double rowSum = k * value + 1;
        hit[j] = (value + 1) / rowSum;
        logHit[j] = Math.log(hit[j]);
        logMiss[j] = Math.log(value / rowSum);
    }

    /** The mass on [0, 1] of the Gaussian kernel at {@code mu} in [0, 1] with width {@code sigma}. */
    static double mass(double mu, double sigma) {
        return massWithInverse(mu, 1.0 / sigma);
    }

    /** {@link #mass} given {@code 1 / sigma}. */
    private static double massWithInverse(double mu, double inv) {
        double a = -mu * inv;
        double b = (1 - mu) * inv;
        if (a <= -FAR && b >= FAR) {
            // both bounds beyond the cdf table: fastCdf gives exactly 1 and 0 there
            return 1.0;
        }
        // mu is in [0, 1], so the mass is at least cdf(0.5) - 1/2 and well represented
        return Normal.fastCdf(b) - Normal.fastCdf(a);
    }

    private void numeric(
            int j, double[] obs, int[] order, double[] known, EstimatorSettings settings, double minSigma) {
        // arrays with room for the prior are taken over when the masses come with them (see the constructor)
        double[] mus;
        if (known != null && obs.length > n) {
            mus = obs;
        } else {
            mus = new double[m];
            System.arraycopy(obs, 0, mus, 0, n);
        }
        mus[n] = 0.5;
        double[] sig;
        double[] inv;
        double[] z;
        if (settings.sharedWidth()) {
            // one width for every observation kernel of every parameter (already clipped), the prior's 1:
            // the width arrays are shared by the parameters
            if (multivariateSigma == null) {
                double s0 = KernelWidths.sharedSigma(n, dims.length, settings);
                multivariateSigma = new double[m];
                multivariateInv = new double[m];
                Arrays.fill(multivariateSigma, 0, n, s0);
                Arrays.fill(multivariateInv, 0, n, 1.0 / s0);
                multivariateSigma[n] = 1.0;
                multivariateInv[n] = 1.0;
            }
            sig = multivariateSigma;
            inv = multivariateInv;
            double s0 = sig[0];
            if (known != null && known.length > n) {
                z = known;
                for (int i = 0; i < n; i++) {
                    if (z[i] != z[i]) {
                        z[i] = mass(mus[i], s0);
                    }
                }
            } else {
                z = new double[m];
                for (int i = 0; i < n; i++) {
                    double k = known == null ? Double.NaN : known[i];
                    z[i] = k == k ? k : mass(mus[i], s0);
                }
            }
            z[n] = mass(mus[n], 1.0);
        } else {
            sig = new double[m];
            inv = new double[m];
            z = new double[m];
            // per parameter and kernel (univariate, or multivariate with Bandwidth.NEIGHBOUR)
            KernelWidths.neighbourWidths(mus, sig, settings.endpoints(), KernelWidths.withPrior(order, mus));
            double lastSigma = Double.NaN;
            double lastInv = Double.NaN;
            for (int i = 0; i < m; i++) {
                double s = i == n ? 1.0 : Math.max(minSigma, Math.min(1.0, sig[i]));
                if (s != lastSigma) {
                    lastSigma = s;
                    lastInv = 1.0 / s;
                }
                sig[i] = s;
                inv[i] = lastInv;
                z[i] = massWithInverse(mus[i], lastInv);
            }
        }
        mu[j] = mus;
        sigma[j] = sig;
        invSigma[j] = inv;
        sharedInv[j] = settings.sharedWidth() && n > 0 ? inv[0] : 0;
        mass[j] = z;
        if (dims[j].kind == Dim.Kind.DISCRETE) {
            logSigma[j] = new double[m];
            for (int i = 0; i < m; i++) {
                logSigma[j][i] = Math.log(sig[i]);
            }
        }
    }

    /** The width of kernel {@code i} (the prior's is {@code n}) in numeric parameter {@code j} (for tests). */
    double width(int j, int i) {
        return sigma[j][i];
    }

    /** The number of kernels, the prior's included. */
    int components() {
        return m;
    }

    /**
     * Draws {@code count} points.
     *
     * @return {@code [count][dims]} internal values, members of the parameters' distributions
     */
    double[][] sample(SplittableRandom rng, int count) {
        double[][] out = new double[count][dims.length];
        for (int c = 0; c < count; c++) {
            int comp = Arrays.binarySearch(cumulative, rng.nextDouble());
            comp = Math.min(m - 1, comp >= 0 ? comp + 1 : -comp - 1);
            for (int j = 0; j < dims.length; j++) {
                out[c][j] = dims[j].isCategorical()
                        ? sampleChoice(j, comp, rng)
                        : dims[j].internal(truncatedNormal(mu[j][comp], sigma[j][comp], rng));
            }
        }
        return out;
    }

    private double sampleChoice(int j, int comp, SplittableRandom rng) {
        int k = dims[j].cells;
        if (comp == n) {
            return rng.nextInt(k);
        }
        int observed = choice[j][comp];
        if (k == 1 || rng.nextDouble() < hit[j]) {
            return observed;
        }
        int other = rng.nextInt(k - 1);
        return other >= observed ? other + 1 : other;
    }

    /** A draw of N(mu, s) conditioned on [0, 1], by rejection (acceptance >= 0.19 as mu is in [0, 1]). */
    private static double truncatedNormal(double mu, double s, SplittableRandom rng) {
        for (int tries = 0; tries < 10_000; tries++) {
            double x = mu + s * rng.nextGaussian();
            if (x >= 0 && x <= 1) {
                return x;
            }
        }
        return rng.nextDouble();
    }

    /**
     * The log density (log probability for grid-only spaces) of each point.
     *
     * @param points {@code [count][dims]} internal values, members of the distributions. Not modified
     */
    double[] logPdf(double[][] points) {
        return density.logPdf(points);
    }
}
