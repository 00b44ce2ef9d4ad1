package io.paratune.sampler.tpe;

/**
 * The mixture weights of a Parzen estimator's kernels: the weights function's weights of the
 * observations, normalised with the prior's, with their running sums for drawing a kernel.
 */
final class MixtureWeights {
    private MixtureWeights() {}

    /**
     * The kernel weights of the last few observation counts (an ask builds estimators for two or
     * three counts, once per parameter in univariate mode): normalised weights with the prior's
     * last and their running sums. The weights function is assumed to be pure.
     */
    static final class Cache {
        private static final int SIZE = 4;
        private final int[] counts = new int[SIZE];
        private final double[][][] entries = new double[SIZE][][];
        private int next;

        synchronized double[][] get(int n, EstimatorSettings settings) {
            for (int k = 0; k < SIZE; k++) {
                if (entries[k] != null && counts[k] == n) {
                    return entries[k];
                }
            }
            double[][] entry = table(weights(n, settings));
            counts[next] = n;
            entries[next] = entry;
            next = (next + 1) % SIZE;
            return entry;
        }
    }

    /** Normalised weights (observations, then the prior) and their running sums, as {@code {w, cumulative}}. */
    static double[][] table(double[] w) {
        int n = w.length - 1;
        double[] cumulative = new double[n + 1];
        double run = 0;
        for (int i = 0; i <= n; i++) {
            run += w[i];
            cumulative[i] = run;
        }
        cumulative[n] = 1.0;
        return new double[][] {w, cumulative};
    }

    /**
     * The table of {@link #table(double[])} for given observation weights (each clipped to at least 1e-12)
     * and the prior's weight.
     */
    static double[][] table(double[] observationWeights, double priorWeight) {
        int n = observationWeights.length;
        double[] w = new double[n + 1];
        double total = 0;
        for (int i = 0; i < n; i++) {
            w[i] = Double.isFinite(observationWeights[i])
                    ? Math.max(ParzenEstimator.EPS, observationWeights[i])
                    : ParzenEstimator.EPS;
            total += w[i];
        }
        w[n] = priorWeight;
        total += priorWeight;
        for (int i = 0; i <= n; i++) {
            w[i] /= total;
        }
        return table(w);
    }

    static double[] weights(int n, EstimatorSettings settings) {
        double[] w = new double[n + 1];
        if (n > 0) {
            double[] given = settings.weights().apply(n);
            if (given == null || given.length < n) {
                throw new io.paratune.SamplerConfigurationException(
                        "TPE weights function returned " + (given == null ? "null" : given.length + " weights")
                                + " for " + n + " observations; return at least " + n);
            }
            double sum = 0;
            for (int i = 0; i < n; i++) {
                if (!(given[i] >= 0) || !Double.isFinite(given[i])) {
                    throw new io.paratune.SamplerConfigurationException("TPE weights function returned weight "
                            + given[i] + " at " + i + " for " + n + " observations; weights must be finite and >= 0");
                }
                w[i] = given[i];
                sum += given[i];
            }
            if (!(sum > 0)) {
                throw new io.paratune.SamplerConfigurationException(
                        "TPE weights function returned all-zero weights for " + n
                                + " observations; give some weight > 0");
            }
        }
        w[n] = settings.priorWeight();
        double total = 0;
        for (double v : w) {
            total += v;
        }
        for (int i = 0; i <= n; i++) {
            w[i] /= total;
        }
        return w;
    }
}
