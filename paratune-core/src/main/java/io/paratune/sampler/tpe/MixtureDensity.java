package io.paratune.sampler.tpe;

import io.paratune.internal.Normal;

/**
 * The log density of a Parzen estimator's kernel mixture at given points: per kernel, the product
 * of its numeric and categorical kernels, summed over the kernels with their weights (the density
 * half of Optuna's {@code _MixtureOfProductDistribution}). Immutable; the arrays are the
 * estimator's and are not modified.
 *
 * @param dims the parameters
 * @param n the number of observation kernels; kernel {@code n} is the prior's
 * @param mu per numeric parameter and kernel, the centre in the unit interval
 * @param invSigma per numeric parameter and kernel, the inverse width
 * @param sharedInv per numeric parameter, the inverse width shared by all observation kernels, or 0
 * @param logSigma per discrete parameter and kernel, the log of its width
 * @param choice per categorical parameter and observation kernel, the observed choice
 * @param logHit per categorical parameter, the log probability of the observed choice
 * @param logMiss per categorical parameter, the log probability of another choice
 * @param logScale per kernel, log of its weight over the product of its numeric widths and
 *     truncation masses
 * @param numericCount the number of continuous and discrete parameters
 */
record MixtureDensity(
        Dim[] dims,
        int n,
        double[][] mu,
        double[][] invSigma,
        double[] sharedInv,
        double[][] logSigma,
        int[][] choice,
        double[] logHit,
        double[] logMiss,
        double[] logScale,
        int numericCount) {
    /** Cells narrower than this many kernel widths use the midpoint rule. */
    private static final double NARROW_CELL = 0.02;
    /**
     * Log-density gap below the best kernel beyond which a kernel is left out of a sum: each such
     * term is below 1e-16 of the sum, so leaving out n of them changes it by less than n 1e-16.
     */
    private static final double NEGLIGIBLE = 37;

    /**
     * The log density (log probability for grid-only spaces) of each point.
     *
     * @param points {@code [count][dims]} internal values, members of the distributions. Not modified
     */
    double[] logPdf(double[][] points) {
        int count = points.length;
        int d = dims.length;
        // coordinates once per point: unit values, or cell bounds for discrete parameters
        double[][] at = new double[count][d];
        double[][] upTo = new double[count][d];
        for (int c = 0; c < count; c++) {
            for (int j = 0; j < d; j++) {
                double x = points[c][j];
                switch (dims[j].kind) {
                    case CONTINUOUS -> at[c][j] = dims[j].coordinate(x);
                    case DISCRETE -> {
                        at[c][j] = dims[j].cellLow(x);
                        upTo[c][j] = dims[j].cellHigh(x);
                    }
                    case CATEGORICAL -> at[c][j] = x;
                    default -> throw new IllegalStateException(dims[j].toString());
                }
            }
        }
        int m = n + 1;
        double[] acc = new double[m];
        double[] out = new double[count];
        boolean pairs = n > 0 && d > 0 && sharedInv[0] > 0;
        for (int j = 0; j < d; j++) {
            pairs &= dims[j].kind == Dim.Kind.CONTINUOUS && sharedInv[j] == sharedInv[0];
        }
        for (int c = 0; c < count; c++) {
            System.arraycopy(logScale, 0, acc, 0, m);
            if (pairs) {
                // multivariate, continuous: one width for all; two parameters per pass over the kernels
                double half = 0.5 * sharedInv[0] * sharedInv[0];
                int j = 0;
                for (; j + 1 < d; j += 2) {
                    double u0 = at[c][j];
                    double u1 = at[c][j + 1];
                    double[] m0 = mu[j];
                    double[] m1 = mu[j + 1];
                    for (int i = 0; i < n; i++) {
                        double z0 = u0 - m0[i];
                        double z1 = u1 - m1[i];
                        acc[i] -= half * (z0 * z0 + z1 * z1);
                    }
                }
                if (j < d) {
                    double u0 = at[c][j];
                    double[] m0 = mu[j];
                    for (int i = 0; i < n; i++) {
                        double z0 = u0 - m0[i];
                        acc[i] -= half * z0 * z0;
                    }
                }
                for (j = 0; j < d; j++) {
                    double z = (at[c][j] - mu[j][n]) * invSigma[j][n];
                    acc[n] -= 0.5 * z * z;
                }
                out[c] = logSumExp(acc) - numericCount * Normal.LOG_SQRT_2PI;
                continue;
            }
            for (int j = 0; j < d; j++) {
                if (j + 1 < d && perKernelContinuous(j) && perKernelContinuous(j + 1)) {
                    // widths per kernel (neighbour gaps): two continuous parameters per pass over the kernels
                    addContinuousPair(j, at[c][j], at[c][j + 1], acc);
                    j++;
                    continue;
                }
                switch (dims[j].kind) {
                    case CONTINUOUS -> addContinuous(j, at[c][j], acc, 0, m);
                    case DISCRETE -> addDiscrete(j, at[c][j], upTo[c][j], acc, 0, m);
                    default -> addCategorical(j, (int) at[c][j], acc, 0, m);
                }
            }
            out[c] = logSumExp(acc) - numericCount * Normal.LOG_SQRT_2PI;
        }
        return out;
    }

    /** {@code log(sum_i exp(a[i]))}; terms more than {@link #NEGLIGIBLE} below the largest are skipped. */
    private static double logSumExp(double[] a) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : a) {
            if (v > max) {
                max = v;
            }
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double floor = max - NEGLIGIBLE;
        double sum = 0;
        for (double v : a) {
            if (v > floor) {
                sum += Math.exp(v - max);
            }
        }
        return max + Math.log(sum);
    }

    /** Whether parameter {@code j} is continuous with a width per kernel (not one shared width). */
    private boolean perKernelContinuous(int j) {
        return dims[j].kind == Dim.Kind.CONTINUOUS && sharedInv[j] == 0;
    }

    /** {@link #addContinuous} for parameters {@code j} and {@code j + 1} at once, all kernels. */
    private void addContinuousPair(int j, double u0, double u1, double[] acc) {
        double[] m0 = mu[j];
        double[] m1 = mu[j + 1];
        double[] i0 = invSigma[j];
        double[] i1 = invSigma[j + 1];
        for (int i = 0; i <= n; i++) {
            double z0 = (u0 - m0[i]) * i0[i];
            double z1 = (u1 - m1[i]) * i1[i];
            acc[i] -= 0.5 * (z0 * z0 + z1 * z1);
        }
    }

    /** Adds the log kernel densities of kernels {@code [from, to)} at {@code u} to {@code acc[0..]}. */
    private void addContinuous(int j, double u, double[] acc, int from, int to) {
        double[] mus = mu[j];
        double[] inv = invSigma[j];
        double shared = sharedInv[j];
        if (shared > 0) {
            // multivariate: one width for every observation kernel, the prior's apart
            double half = 0.5 * shared * shared;
            int last = Math.min(to, n);
            for (int i = from; i < last; i++) {
                double z = u - mus[i];
                acc[i - from] -= half * z * z;
            }
            if (to > n) {
                double z = (u - mus[n]) * inv[n];
                acc[n - from] -= 0.5 * z * z;
            }
            return;
        }
        for (int i = from; i < to; i++) {
            double z = (u - mus[i]) * inv[i];
            acc[i - from] -= 0.5 * z * z;
        }
    }

    private void addDiscrete(int j, double lo, double hi, double[] acc, int from, int to) {
        double[] mus = mu[j];
        double[] inv = invSigma[j];
        // cells of huge ranges (2^53 integers, say) may be narrower than the doubles near 1 are apart, so
        // that hi == lo: the midpoint rule's log width is the same for every kernel, so any floor keeps
        // the ratio of densities that candidates are scored by
        double width = Math.max(hi - lo, Double.MIN_NORMAL);
        double centre = 0.5 * (lo + hi);
        double logWidth = Math.log(width);
        for (int i = from; i < to; i++) {
            if (width * inv[i] < NARROW_CELL) {
                // midpoint rule: density at the centre times the width
                double z = (centre - mus[i]) * inv[i];
                acc[i - from] += logWidth - 0.5 * z * z;
            } else {
                // the mass itself; logScale holds 1 / (sigma Z), the density's normaliser
                double a = (lo - mus[i]) * inv[i];
                double b = (hi - mus[i]) * inv[i];
                double mass = a > -8 && b < 8 ? Normal.fastCdf(b) - Normal.fastCdf(a) : 0;
                acc[i - from] +=
                        (mass > 1e-7 ? Math.log(mass) : Normal.logMass(a, b)) + logSigma[j][i] + Normal.LOG_SQRT_2PI;
            }
        }
    }

    private void addCategorical(int j, int k, double[] acc, int from, int to) {
        int[] obs = choice[j];
        double h = logHit[j];
        double miss = logMiss[j];
        int last = Math.min(to, n);
        for (int i = from; i < last; i++) {
            acc[i - from] += obs[i] == k ? h : miss;
        }
        if (to > n) {
            acc[n - from] += -Math.log(dims[j].cells);
        }
    }
}
