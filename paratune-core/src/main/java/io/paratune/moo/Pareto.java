package io.paratune.moo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Pareto dominance on loss vectors (every objective minimised). */
public final class Pareto {
    private Pareto() {}

    /** Whether {@code a} dominates {@code b}: no worse in every objective, better in at least one. */
    public static boolean dominates(double[] a, double[] b) {
        boolean better = false;
        for (int i = 0; i < a.length; i++) {
            if (a[i] > b[i]) {
                return false;
            }
            if (a[i] < b[i]) {
                better = true;
            }
        }
        return better;
    }

    /**
     * The indices of the non-dominated vectors, ascending. Vectors are visited in lexicographic
     * order, so a vector can only be dominated by one visited before it; each is compared with the
     * front found so far.
     */
    public static int[] nonDominated(List<double[]> losses) {
        Integer[] order = new Integer[losses.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparing(losses::get, Arrays::compare));
        List<Integer> front = new ArrayList<>();
        for (int i : order) {
            double[] candidate = losses.get(i);
            boolean dominated = false;
            for (int j : front) {
                if (dominates(losses.get(j), candidate)) {
                    dominated = true;
                    break;
                }
            }
            if (!dominated) {
                front.add(i);
            }
        }
        return front.stream().mapToInt(Integer::intValue).sorted().toArray();
    }
}
