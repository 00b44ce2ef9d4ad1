package io.paratune.sampler.tpe;

import io.paratune.moo.Hypervolume;
import io.paratune.moo.Pareto;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The "good" group of a multi-objective TPE (Optuna's MOTPE): feasible COMPLETE observations by
 * non-dominated rank; the front that does not fit whole is thinned greedily, each step keeping the
 * point of largest hypervolume contribution to those kept (a greedy hypervolume subset selection),
 * with the reference point just beyond the worst loss of each objective. Pure.
 */
final class MotpeSplit {
    private MotpeSplit() {}

    /**
     * @param ranking trial numbers, best first: feasible COMPLETE (whose loss vectors are in {@code
     *     losses}) first, then the rest in their order
     * @param size the number of ranked observations
     * @param losses loss vectors of the feasible COMPLETE observations, by trial number
     * @param count how many to choose
     */
    static int[] best(int[] ranking, int size, Map<Integer, double[]> losses, int count) {
        List<Integer> feasible = new ArrayList<>();
        for (int r = 0; r < size && losses.containsKey(ranking[r]); r++) {
            feasible.add(ranking[r]);
        }
        int[] out = new int[count];
        if (feasible.size() <= count) {
            System.arraycopy(ranking, 0, out, 0, count);
            return out;
        }
        feasible.sort(Integer::compare);
        List<double[]> vectors = feasible.stream().map(losses::get).toList();
        int[] ranks = Pareto.ranks(vectors);
        Scaled scaled = scaled(vectors);
        int filled = 0;
        for (int[] front : Pareto.fronts(ranks)) {
            if (filled + front.length <= count) {
                for (int i : front) {
                    out[filled++] = feasible.get(i);
                }
                if (filled == count) {
                    break;
                }
                continue;
            }
            for (int i : greedySubset(scaled.vectors(), front, count - filled, scaled.reference())) {
                out[filled++] = feasible.get(i);
            }
            break;
        }
        return out;
    }

    /**
     * Greedy hypervolume subset selection of {@code k} members of {@code front}: each step keeps
     * the largest contribution, the first member among ties (or among contributions that are not
     * numbers, which finite inputs do not give).
     */
    static List<Integer> greedySubset(List<double[]> vectors, int[] front, int k, double[] reference) {
        List<Integer> chosen = new ArrayList<>();
        List<double[]> kept = new ArrayList<>();
        boolean[] used = new boolean[front.length];
        for (int step = 0; step < k; step++) {
            int best = -1;
            double bestGain = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < front.length; i++) {
                if (used[i]) {
                    continue;
                }
                double gain = Hypervolume.contribution(vectors.get(front[i]), kept, reference);
                if (best < 0 || gain > bestGain) {
                    bestGain = gain;
                    best = i;
                }
            }
            used[best] = true;
            chosen.add(front[best]);
            kept.add(vectors.get(front[best]));
        }
        return chosen;
    }

    /**
     * Loss vectors and the reference point in units where every objective's observed range is
     * {@code [0, 1]} (a constant objective is 0 everywhere, its reference 1).
     */
    record Scaled(List<double[]> vectors, double[] reference) {}

    /**
     * The loss vectors mapped per objective by {@code (v - min) / (max - min)}, and the reference
     * point just beyond the worst value of each objective ({@code max(1.1 w, 0.9 w)}, or a tiny
     * number above a worst of 0) mapped likewise. Hypervolumes and contributions in these units are
     * those of the losses times one positive constant, so the greedy choice and the relative
     * weights are the same; but they stay finite for losses near the largest double, whose
     * differences and reference point overflow. The reference's distance beyond the worst value is
     * capped (at {@code 1e15} ranges, less for many objectives) so that a range of a few ulps
     * cannot make the volumes overflow. Pure; the input is not modified.
     */
    static Scaled scaled(List<double[]> vectors) {
        int m = vectors.get(0).length;
        double[] lo = new double[m];
        double[] hi = new double[m];
        java.util.Arrays.fill(lo, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (double[] v : vectors) {
            for (int j = 0; j < m; j++) {
                lo[j] = Math.min(lo[j], v[j]);
                hi[j] = Math.max(hi[j], v[j]);
            }
        }
        double cap = Math.min(1e15, Math.pow(10, 250.0 / m));
        double[] reference = new double[m];
        double[] halfRange = new double[m];
        for (int j = 0; j < m; j++) {
            // halves: the range of two finite doubles is finite
            halfRange[j] = hi[j] / 2 - lo[j] / 2;
            double beyond = hi[j] == 0 ? 1e-12 : 0.1 * Math.abs(hi[j]);
            reference[j] = halfRange[j] > 0 ? 1 + Math.min(cap, (beyond / 2) / halfRange[j]) : 1;
        }
        List<double[]> out = new ArrayList<>(vectors.size());
        for (double[] v : vectors) {
            double[] u = new double[m];
            for (int j = 0; j < m; j++) {
                u[j] = halfRange[j] > 0 ? Math.min(1, Math.max(0, (v[j] / 2 - lo[j] / 2) / halfRange[j])) : 0;
            }
            out.add(u);
        }
        return new Scaled(out, reference);
    }
}
