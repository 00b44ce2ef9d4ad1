package io.paratune.sampler.nsga;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * NSGA-III niching (Deb and Jain 2014): normalise the objectives by the ideal point and the
 * intercepts of the hyperplane through the extreme points (falling back to the worst values when
 * that plane is degenerate), associate each member with its nearest reference line, and fill the
 * remaining places from the least crowded reference lines.
 */
final class Niching {
    private Niching() {}

    /**
     * Indices into {@code front} of the {@code room} members to keep after {@code kept}.
     */
    static List<Integer> choose(
            List<double[]> refs,
            List<Survival.Member> kept,
            List<Survival.Member> front,
            int room,
            SplittableRandom rng) {
        List<double[]> all = new ArrayList<>();
        kept.forEach(m -> all.add(m.losses()));
        front.forEach(m -> all.add(m.losses()));
        double[][] normal = normalise(all);
        int m = normal[0].length;
        int[] niche = new int[refs.size()];
        int[] assoc = new int[all.size()];
        double[] dist = new double[all.size()];
        for (int i = 0; i < all.size(); i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < refs.size(); j++) {
                double d = perpendicular(normal[i], refs.get(j), m);
                if (d < best) {
                    best = d;
                    assoc[i] = j;
                }
            }
            dist[i] = best;
            if (i < kept.size()) {
                niche[assoc[i]]++;
            }
        }
        boolean[] taken = new boolean[front.size()];
        boolean[] excluded = new boolean[refs.size()];
        List<Integer> chosen = new ArrayList<>();
        while (chosen.size() < room) {
            int min = Integer.MAX_VALUE;
            List<Integer> least = new ArrayList<>();
            for (int j = 0; j < refs.size(); j++) {
                if (excluded[j]) {
                    continue;
                }
                if (niche[j] < min) {
                    min = niche[j];
                    least.clear();
                }
                if (niche[j] == min) {
                    least.add(j);
                }
            }
            if (least.isEmpty()) {
                break;
            }
            int j = least.get(rng.nextInt(least.size()));
            List<Integer> members = new ArrayList<>();
            for (int f = 0; f < front.size(); f++) {
                if (!taken[f] && assoc[kept.size() + f] == j) {
                    members.add(f);
                }
            }
            if (members.isEmpty()) {
                excluded[j] = true;
                continue;
            }
            int pick = members.get(0);
            if (niche[j] == 0) {
                for (int f : members) {
                    if (dist[kept.size() + f] < dist[kept.size() + pick]) {
                        pick = f;
                    }
                }
            } else {
                pick = members.get(rng.nextInt(members.size()));
            }
            taken[pick] = true;
            chosen.add(pick);
            niche[j]++;
        }
        for (int f = 0; f < front.size() && chosen.size() < room; f++) {
            if (!taken[f]) {
                chosen.add(f);
            }
        }
        return chosen;
    }

    /**
     * Translates by the ideal point and scales by the hyperplane intercepts (or the worst values).
     * Losses near the largest double are first scaled, all by one power of two, so that their
     * differences stay finite; a common factor changes neither the extreme points nor the result.
     */
    static double[][] normalise(List<double[]> points) {
        int m = points.get(0).length;
        double largest = 0;
        for (double[] p : points) {
            for (double v : p) {
                largest = Math.max(largest, Math.abs(v));
            }
        }
        if (largest > 0x1p500) {
            double factor = Math.scalb(1.0, 500 - Math.getExponent(largest));
            List<double[]> scaled = new java.util.ArrayList<>(points.size());
            for (double[] p : points) {
                double[] q = new double[m];
                for (int k = 0; k < m; k++) {
                    q[k] = p[k] * factor;
                }
                scaled.add(q);
            }
            points = scaled;
        }
        int n = points.size();
        double[] ideal = new double[m];
        double[] worst = new double[m];
        java.util.Arrays.fill(ideal, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(worst, Double.NEGATIVE_INFINITY);
        for (double[] p : points) {
            for (int k = 0; k < m; k++) {
                ideal[k] = Math.min(ideal[k], p[k]);
                worst[k] = Math.max(worst[k], p[k]);
            }
        }
        double[][] shifted = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < m; k++) {
                shifted[i][k] = points.get(i)[k] - ideal[k];
            }
        }
        double[][] extremes = new double[m][];
        for (int axis = 0; axis < m; axis++) {
            double best = Double.POSITIVE_INFINITY;
            for (double[] p : shifted) {
                double asf = 0;
                for (int k = 0; k < m; k++) {
                    asf = Math.max(asf, p[k] / (k == axis ? 1 : 1e-6));
                }
                if (asf < best) {
                    best = asf;
                    extremes[axis] = p;
                }
            }
        }
        boolean found = true;
        for (double[] e : extremes) {
            found &= e != null;
        }
        double[] intercepts = found ? intercepts(extremes) : null;
        boolean usable = intercepts != null;
        for (int k = 0; usable && k < m; k++) {
            usable = intercepts[k] > 1e-6 && Double.isFinite(intercepts[k]);
        }
        if (!usable) {
            intercepts = new double[m];
            for (int k = 0; k < m; k++) {
                double span = worst[k] - ideal[k];
                intercepts[k] = span > 1e-12 ? span : 1;
            }
        }
        for (double[] p : shifted) {
            for (int k = 0; k < m; k++) {
                p[k] /= intercepts[k];
            }
        }
        return shifted;
    }

    /** Intercepts of the hyperplane through the extreme points (solve E b = 1, a = 1/b), or null. */
    private static double[] intercepts(double[][] e) {
        int m = e.length;
        double[][] a = new double[m][m + 1];
        for (int i = 0; i < m; i++) {
            System.arraycopy(e[i], 0, a[i], 0, m);
            a[i][m] = 1;
        }
        for (int c = 0; c < m; c++) {
            int pivot = c;
            for (int r = c + 1; r < m; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) {
                    pivot = r;
                }
            }
            if (Math.abs(a[pivot][c]) < 1e-12) {
                return null;
            }
            double[] tmp = a[c];
            a[c] = a[pivot];
            a[pivot] = tmp;
            for (int r = 0; r < m; r++) {
                if (r != c) {
                    double f = a[r][c] / a[c][c];
                    for (int k = c; k <= m; k++) {
                        a[r][k] -= f * a[c][k];
                    }
                }
            }
        }
        double[] out = new double[m];
        for (int i = 0; i < m; i++) {
            out[i] = a[i][i] / a[i][m];
        }
        return out;
    }

    private static double perpendicular(double[] p, double[] w, int m) {
        double dot = 0;
        double norm = 0;
        for (int k = 0; k < m; k++) {
            dot += p[k] * w[k];
            norm += w[k] * w[k];
        }
        double t = dot / norm;
        double d = 0;
        for (int k = 0; k < m; k++) {
            double diff = p[k] - t * w[k];
            d += diff * diff;
        }
        return Math.sqrt(d);
    }
}
