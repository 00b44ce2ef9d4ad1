package io.paratune.moo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Pareto dominance on loss vectors (every objective minimised): the non-dominated set, non-dominated
 * sorting into ranked fronts (optionally under Deb's constrained domination) and crowding distance.
 * Inputs are not modified.
 */
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

    /**
     * Fast non-dominated sorting (Deb et al. 2002): the rank of each vector, 0 for the non-dominated
     * ones, 1 for those dominated only by rank-0 vectors, and so on. O(m n^2).
     *
     * @return one rank per vector, in input order
     */
    public static int[] ranks(List<double[]> losses) {
        return ranks(losses, null);
    }

    /**
     * Non-dominated sorting under constrained domination (Deb 2000): a feasible vector ({@code
     * violations[i] <= 0}) dominates every infeasible one, of two infeasible ones the smaller
     * violation dominates, and two feasible ones compare by Pareto dominance.
     *
     * @param violations one total constraint violation per vector (0 when feasible), or null for
     *     plain dominance
     */
    public static int[] ranks(List<double[]> losses, double[] violations) {
        int n = losses.size();
        if (violations != null && violations.length != n) {
            throw new IllegalArgumentException("violations has " + violations.length + " entries for " + n
                    + " loss vectors; give one violation per vector");
        }
        int[] dominatedBy = new int[n];
        List<List<Integer>> dominates = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            dominates.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                int c = compare(losses, violations, i, j);
                if (c < 0) {
                    dominates.get(i).add(j);
                    dominatedBy[j]++;
                } else if (c > 0) {
                    dominates.get(j).add(i);
                    dominatedBy[i]++;
                }
            }
        }
        int[] rank = new int[n];
        List<Integer> current = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (dominatedBy[i] == 0) {
                current.add(i);
            }
        }
        int r = 0;
        while (!current.isEmpty()) {
            List<Integer> next = new ArrayList<>();
            for (int i : current) {
                rank[i] = r;
                for (int j : dominates.get(i)) {
                    if (--dominatedBy[j] == 0) {
                        next.add(j);
                    }
                }
            }
            current = next;
            r++;
        }
        return rank;
    }

    /** -1 when i dominates j, 1 when j dominates i, 0 otherwise. */
    private static int compare(List<double[]> losses, double[] violations, int i, int j) {
        if (violations != null) {
            double vi = Math.max(0, violations[i]);
            double vj = Math.max(0, violations[j]);
            if (vi > 0 || vj > 0) {
                return Double.compare(vi, vj);
            }
        }
        double[] a = losses.get(i);
        double[] b = losses.get(j);
        return dominates(a, b) ? -1 : dominates(b, a) ? 1 : 0;
    }

    /**
     * The fronts of {@link #ranks(List)}: front 0 holds the indices of rank 0, ascending, and so on.
     */
    public static List<int[]> fronts(List<double[]> losses) {
        return fronts(ranks(losses));
    }

    /** Groups indices by rank: element r holds the indices of rank r, ascending. */
    public static List<int[]> fronts(int[] ranks) {
        int max = -1;
        for (int r : ranks) {
            max = Math.max(max, r);
        }
        List<int[]> out = new ArrayList<>();
        for (int r = 0; r <= max; r++) {
            final int rank = r;
            out.add(java.util.stream.IntStream.range(0, ranks.length)
                    .filter(i -> ranks[i] == rank)
                    .toArray());
        }
        return out;
    }

    /**
     * The crowding distance of each vector of one front (Deb et al. 2002): for each objective, the
     * normalised gap between its two neighbours, summed; the extreme vectors of any objective get
     * infinity. Larger means less crowded.
     *
     * @return one distance per vector, in input order
     */
    public static double[] crowdingDistance(List<double[]> front) {
        int n = front.size();
        double[] distance = new double[n];
        if (n == 0) {
            return distance;
        }
        if (n <= 2) {
            Arrays.fill(distance, Double.POSITIVE_INFINITY);
            return distance;
        }
        int m = front.get(0).length;
        Integer[] order = new Integer[n];
        for (int k = 0; k < m; k++) {
            final int objective = k;
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, Comparator.comparingDouble(i -> front.get(i)[objective]));
            double low = front.get(order[0])[k];
            double high = front.get(order[n - 1])[k];
            distance[order[0]] = Double.POSITIVE_INFINITY;
            distance[order[n - 1]] = Double.POSITIVE_INFINITY;
            if (high == low) {
                continue;
            }
            // in halves: the difference of two finite values may overflow
            double range = high / 2 - low / 2;
            for (int i = 1; i < n - 1; i++) {
                distance[order[i]] += (front.get(order[i + 1])[k] / 2 - front.get(order[i - 1])[k] / 2) / range;
            }
        }
        return distance;
    }
}
