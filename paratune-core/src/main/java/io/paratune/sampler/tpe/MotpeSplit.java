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
        double[] reference = reference(vectors);
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
            for (int i : greedySubset(vectors, front, count - filled, reference)) {
                out[filled++] = feasible.get(i);
            }
            break;
        }
        return out;
    }

    /** Greedy hypervolume subset selection of {@code k} members of {@code front}. */
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
                if (gain > bestGain) {
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

    /** Just beyond the worst value of each objective: max(1.1 w, 0.9 w), or a tiny number for 0. */
    static double[] reference(List<double[]> vectors) {
        int m = vectors.get(0).length;
        double[] ref = new double[m];
        java.util.Arrays.fill(ref, Double.NEGATIVE_INFINITY);
        for (double[] v : vectors) {
            for (int i = 0; i < m; i++) {
                ref[i] = Math.max(ref[i], v[i]);
            }
        }
        for (int i = 0; i < m; i++) {
            ref[i] = ref[i] == 0 ? 1e-12 : Math.max(1.1 * ref[i], 0.9 * ref[i]);
        }
        return ref;
    }
}
