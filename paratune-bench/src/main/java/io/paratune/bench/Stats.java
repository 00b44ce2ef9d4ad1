package io.paratune.bench;

import java.util.Arrays;

/** Order statistics over measurements. */
final class Stats {
    private Stats() {}

    /** The median (mean of the two middle values for an even count); NaN when empty. Not modified. */
    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] s = values.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }

    /**
     * The {@code q}-th percentile of sorted values by linear interpolation between closest ranks
     * (numpy's default); NaN when empty.
     *
     * @param sorted ascending values; not modified
     * @param q in [0, 100]
     */
    static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double pos = (sorted.length - 1) * q / 100.0;
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    /** The mean; NaN when empty. */
    static double mean(long[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (long v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
