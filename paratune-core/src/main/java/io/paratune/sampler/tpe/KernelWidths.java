package io.paratune.sampler.tpe;

import java.util.Arrays;

/**
 * The widths of a Parzen estimator's kernels in one numeric parameter: Scott's rule shared by every
 * kernel (Optuna's multivariate rule) or each kernel's larger gap to its sorted neighbours
 * (Hyperopt's rule); see {@link TpeSampler.Bandwidth}.
 */
final class KernelWidths {
    private static final double SIGMA0_MAGNITUDE = 0.2;

    private KernelWidths() {}

    /**
     * The width of every observation kernel of a multivariate estimator of {@code n} observations
     * and {@code d} parameters: Scott's rule {@code 0.2 n^(-1/(d + 4))}, clipped. Above 64
     * observations {@code n} is rounded down to its 6 leading bits (at most 3.2% less, which
     * widens the kernels by at most 0.6%), so that the width changes only every 2^k asks and
     * the kernels' masses can be kept between asks.
     */
    static double sharedSigma(int n, int d, EstimatorSettings settings) {
        int count = Math.max(n, 1);
        int shift = Math.max(0, 31 - Integer.numberOfLeadingZeros(count) - 5);
        count = (count >>> shift) << shift;
        double s = SIGMA0_MAGNITUDE * Math.pow(count, -1.0 / (d + 4));
        double min = settings.magicClip() ? 1.0 / Math.min(100.0, 2.0 + n) : ParzenEstimator.EPS;
        return Math.max(min, Math.min(1.0, s));
    }

    /** The sorted order of {@code mus} (observations then the prior), from that of the observations. */
    static int[] withPrior(int[] order, double[] mus) {
        int m = mus.length;
        if (order == null || order.length != m - 1) {
            return argsort(mus);
        }
        int[] out = new int[m];
        int o = 0;
        boolean placed = false;
        for (int index : order) {
            if (!placed && mus[index] > mus[m - 1]) {
                out[o++] = m - 1;
                placed = true;
            }
            out[o++] = index;
        }
        if (!placed) {
            out[o] = m - 1;
        }
        return out;
    }

    /**
     * Hyperopt's bandwidth (Optuna's univariate one): the larger gap to the sorted neighbours in
     * this parameter, the prior's centre among them.
     */
    static void neighbourWidths(double[] mus, double[] sig, boolean endpoints, int[] order) {
        int m = mus.length;
        double[] e = new double[m + 2];
        e[0] = 0;
        e[m + 1] = 1;
        for (int p = 0; p < m; p++) {
            e[p + 1] = mus[order[p]];
        }
        double[] sorted = new double[m];
        for (int p = 0; p < m; p++) {
            sorted[p] = Math.max(e[p + 1] - e[p], e[p + 2] - e[p + 1]);
        }
        if (!endpoints && m >= 2) {
            sorted[0] = e[2] - e[1];
            sorted[m - 1] = e[m] - e[m - 1];
        }
        for (int p = 0; p < m; p++) {
            sig[order[p]] = sorted[p];
        }
    }

    /** Indices sorting {@code v} (values in [0, 1]) ascending, ties by index. */
    private static int[] argsort(double[] v) {
        int m = v.length;
        int[] order = new int[m];
        if (m < (1 << 21)) {
            long[] keys = new long[m];
            for (int i = 0; i < m; i++) {
                keys[i] = (Math.round(Math.max(0, Math.min(1, v[i])) * 0x1p41) << 21) | i;
            }
            Arrays.sort(keys);
            for (int p = 0; p < m; p++) {
                order[p] = (int) (keys[p] & ((1 << 21) - 1));
            }
            return order;
        }
        Integer[] boxed = new Integer[m];
        for (int i = 0; i < m; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, (x, y) -> Double.compare(v[x], v[y]));
        for (int p = 0; p < m; p++) {
            order[p] = boxed[p];
        }
        return order;
    }
}
