package io.paratune.sampler.nsga;

import java.util.ArrayList;
import java.util.List;

/** Das and Dennis (1998) structured reference points on the unit simplex, for NSGA-III. */
final class ReferencePoints {
    private ReferencePoints() {}

    /** Every point with coordinates {@code k / divisions} that sum to 1, in {@code m} dimensions. */
    static List<double[]> dasDennis(int m, int divisions) {
        List<double[]> out = new ArrayList<>();
        fill(new int[m], 0, divisions, divisions, out);
        return out;
    }

    private static void fill(int[] counts, int index, int left, int divisions, List<double[]> out) {
        if (index == counts.length - 1) {
            counts[index] = left;
            double[] p = new double[counts.length];
            for (int i = 0; i < p.length; i++) {
                p[i] = divisions == 0 ? 1.0 / p.length : (double) counts[i] / divisions;
            }
            out.add(p);
            return;
        }
        for (int k = 0; k <= left; k++) {
            counts[index] = k;
            fill(counts, index + 1, left - k, divisions, out);
        }
    }

    /** How many points {@link #dasDennis} gives: C(divisions + m - 1, m - 1). */
    static long count(int m, int divisions) {
        long c = 1;
        for (int i = 1; i < m; i++) {
            c = c * (divisions + i) / i;
        }
        return c;
    }

    /** The largest number of divisions whose point count is at most {@code populationSize} (at least 1). */
    static int defaultDivisions(int m, int populationSize) {
        int p = 1;
        while (count(m, p + 1) <= populationSize) {
            p++;
        }
        return p;
    }
}
