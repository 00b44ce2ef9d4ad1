package io.paratune.moo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exact hypervolume (the Lebesgue measure of the region dominated by a set of points and bounded by
 * a reference point) with every objective minimised, and each point's exclusive contribution.
 *
 * <p>Algorithms: one objective is a minimum; two objectives a sort and sweep, O(n log n); three the
 * dimension sweep of Beume et al. (2009) over a balanced tree, O(n log n); four or more the WFG
 * algorithm of While, Bradstreet and Barone (2012), which slices along the last objective, keeps
 * only the non-dominated points of each limited set and ends in the three-objective sweep.
 *
 * <p>Points that do not strictly dominate the reference (some coordinate at or beyond it) add no
 * volume and are ignored. Inputs are not modified.
 */
public final class Hypervolume {
    private Hypervolume() {}

    /**
     * The hypervolume of {@code points} with respect to {@code reference}.
     *
     * @param points loss vectors, each of length {@code reference.length}; not modified
     * @param reference the reference point, finite; not modified
     * @throws IllegalArgumentException for a length mismatch, a NaN coordinate or a non-finite
     *     reference
     */
    public static double compute(List<double[]> points, double[] reference) {
        double[][] inside = inside(points, reference);
        return volume(inside, reference.clone());
    }

    /**
     * The exclusive contribution of each point: how much the hypervolume shrinks when that point
     * alone is removed. Dominated points, duplicates and points not dominating the reference get 0.
     *
     * @return one contribution per point, in input order
     */
    public static double[] contributions(List<double[]> points, double[] reference) {
        inside(points, reference); // validates
        if (reference.length == 2) {
            return contributions2d(points, reference);
        }
        int n = points.size();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = exclusive(points.get(i), points, i, reference);
        }
        return out;
    }

    /**
     * The exclusive contribution of {@code point} on top of {@code others}: {@code compute(others +
     * point) - compute(others)}.
     */
    public static double contribution(double[] point, List<double[]> others, double[] reference) {
        List<double[]> all = new ArrayList<>(others);
        all.add(point);
        inside(all, reference); // validates
        return exclusive(point, others, -1, reference);
    }

    // ---- validation ----

    /** The points that strictly dominate the reference, as fresh arrays; validates everything. */
    private static double[][] inside(List<double[]> points, double[] reference) {
        if (reference.length == 0) {
            throw new IllegalArgumentException("reference has 0 objectives; give one coordinate per objective");
        }
        for (int j = 0; j < reference.length; j++) {
            if (!Double.isFinite(reference[j])) {
                throw new IllegalArgumentException("reference[" + j + "]=" + reference[j]
                        + " is not finite; give a finite reference point worse than every point of interest");
            }
        }
        List<double[]> kept = new ArrayList<>(points.size());
        for (int i = 0; i < points.size(); i++) {
            double[] p = points.get(i);
            if (p.length != reference.length) {
                throw new IllegalArgumentException(
                        "point " + i + " has " + p.length + " objectives but the reference has " + reference.length
                                + "; give points and reference of one dimension");
            }
            boolean in = true;
            for (int j = 0; j < p.length; j++) {
                if (Double.isNaN(p[j])) {
                    throw new IllegalArgumentException("point " + i + " has NaN as objective " + j
                            + "; drop or repair it before computing a hypervolume");
                }
                in &= p[j] < reference[j];
            }
            if (in) {
                kept.add(p.clone());
            }
        }
        return kept.toArray(new double[0][]);
    }

    // ---- volume by dimension ----

    /** The hypervolume of points that all strictly dominate {@code ref}; may reorder {@code pts}. */
    static double volume(double[][] pts, double[] ref) {
        if (pts.length == 0) {
            return 0;
        }
        switch (ref.length) {
            case 1: {
                double min = Double.POSITIVE_INFINITY;
                for (double[] p : pts) {
                    min = Math.min(min, p[0]);
                }
                return ref[0] - min;
            }
            case 2:
                return volume2d(pts, ref);
            case 3:
                return volume3d(pts, ref);
            default:
                return wfg(pts, ref);
        }
    }

    static double volume2d(double[][] pts, double[] ref) {
        Arrays.sort(pts, Comparator.<double[]>comparingDouble(p -> p[0]).thenComparingDouble(p -> p[1]));
        double area = 0;
        double top = ref[1];
        for (double[] p : pts) {
            if (p[1] < top) {
                area += (ref[0] - p[0]) * (top - p[1]);
                top = p[1];
            }
        }
        return area;
    }

    /** Beume et al.'s sweep along the third objective over a 2-D staircase kept in a balanced tree. */
    static double volume3d(double[][] pts, double[] ref) {
        Arrays.sort(pts, Comparator.comparingDouble(p -> p[2]));
        TreeMap<Double, Double> front = new TreeMap<>();
        double area = 0;
        double volume = 0;
        double previousZ = pts[0][2];
        for (double[] p : pts) {
            volume += area * (p[2] - previousZ);
            area += insert(front, p[0] + 0.0, p[1] + 0.0, ref[0], ref[1]);
            previousZ = p[2];
        }
        return volume + area * (ref[2] - previousZ);
    }

    /**
     * Inserts (x, y) into the staircase {@code front} (x ascending, y descending, no point weakly
     * dominated by another) and returns the area it adds inside the reference box.
     */
    private static double insert(TreeMap<Double, Double> front, double x, double y, double rx, double ry) {
        Map.Entry<Double, Double> floor = front.floorEntry(x);
        if (floor != null && floor.getValue() <= y) {
            return 0; // weakly dominated
        }
        Map.Entry<Double, Double> lower = front.lowerEntry(x);
        double upper = lower == null ? ry : lower.getValue();
        double cursor = x;
        double added = 0;
        Map.Entry<Double, Double> next = front.ceilingEntry(x);
        while (next != null && next.getValue() >= y) {
            added += (next.getKey() - cursor) * (upper - y);
            cursor = next.getKey();
            upper = next.getValue();
            front.remove(cursor);
            next = front.higherEntry(cursor);
        }
        double right = next == null ? rx : next.getKey();
        added += (right - cursor) * (upper - y);
        front.put(x, y);
        return added;
    }

    /**
     * WFG: with points sorted by the last objective, worst first, every point after {@code k} is at
     * least as good there, so the part of {@code k}'s box that later points also cover is a slab of
     * constant height over a (d-1)-dimensional limited set.
     */
    static double wfg(double[][] pts, double[] ref) {
        int d = ref.length;
        Arrays.sort(pts, Comparator.<double[]>comparingDouble(p -> -p[d - 1]));
        double[] lowerRef = Arrays.copyOf(ref, d - 1);
        double total = 0;
        for (int k = 0; k < pts.length; k++) {
            double height = ref[d - 1] - pts[k][d - 1];
            if (height <= 0) {
                continue;
            }
            double[] base = Arrays.copyOf(pts[k], d - 1);
            total += height * (box(base, lowerRef) - limitedVolume(base, pts, k + 1, pts.length, -1, lowerRef));
        }
        return total;
    }

    /**
     * The volume of {@code point}'s box that the points {@code pts[from..to)} (except {@code skip})
     * also dominate, in the dimensions of {@code ref}: the hypervolume of the limited set {@code
     * max(point, q)}, reduced to its non-dominated points.
     */
    private static double limitedVolume(double[] point, double[][] pts, int from, int to, int skip, double[] ref) {
        int d = ref.length;
        List<double[]> limited = new ArrayList<>();
        for (int j = from; j < to; j++) {
            if (j == skip) {
                continue;
            }
            double[] q = pts[j];
            double[] w = new double[d];
            boolean in = true;
            for (int i = 0; i < d; i++) {
                w[i] = Math.max(point[i], q[i]);
                in &= w[i] < ref[i];
            }
            if (in) {
                limited.add(w);
            }
        }
        // the sweeps of two and three objectives skip dominated points by themselves
        return volume(d <= 3 ? limited.toArray(new double[0][]) : nonDominated(limited), ref);
    }

    /** The points no other point weakly dominates (one copy of duplicates). */
    static double[][] nonDominated(List<double[]> pts) {
        pts.sort(Comparator.comparingDouble(p -> sum(p)));
        List<double[]> front = new ArrayList<>();
        for (double[] p : pts) {
            boolean dominated = false;
            for (double[] f : front) {
                if (weaklyDominates(f, p)) {
                    dominated = true;
                    break;
                }
            }
            if (!dominated) {
                front.add(p);
            }
        }
        return front.toArray(new double[0][]);
    }

    private static double sum(double[] p) {
        double s = 0;
        for (double v : p) {
            s += v;
        }
        return s;
    }

    private static boolean weaklyDominates(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] > b[i]) {
                return false;
            }
        }
        return true;
    }

    private static double box(double[] p, double[] ref) {
        double v = 1;
        for (int i = 0; i < p.length; i++) {
            v *= ref[i] - p[i];
        }
        return v;
    }

    // ---- contributions ----

    private static double exclusive(double[] point, List<double[]> others, int skip, double[] ref) {
        for (int i = 0; i < ref.length; i++) {
            if (!(point[i] < ref[i])) {
                return 0;
            }
        }
        double[][] rest = others.toArray(new double[0][]);
        double covered = limitedVolume(point, rest, 0, rest.length, skip, ref);
        return Math.max(0, box(point, ref) - covered);
    }

    /**
     * Two objectives, O(n log n): a staircase point's exclusive region is the rectangle up to its
     * neighbours, less what the points it alone dominates (which fall in that rectangle only) cover.
     */
    private static double[] contributions2d(List<double[]> points, double[] ref) {
        int n = points.size();
        double[] out = new double[n];
        List<Integer> inside = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (points.get(i)[0] < ref[0] && points.get(i)[1] < ref[1]) {
                inside.add(i);
            }
        }
        inside.sort(
                Comparator.<Integer>comparingDouble(i -> points.get(i)[0]).thenComparingDouble(i -> points.get(i)[1]));
        List<Integer> stairs = new ArrayList<>();
        List<List<double[]>> shadows = new ArrayList<>();
        double top = ref[1];
        for (int i : inside) {
            double[] p = points.get(i);
            if (p[1] < top) {
                stairs.add(i);
                shadows.add(new ArrayList<>());
                top = p[1];
            } else {
                // the last staircase point so far has the largest x <= p[0] and dominates p weakly
                shadows.get(shadows.size() - 1).add(p);
            }
        }
        for (int s = 0; s < stairs.size(); s++) {
            double[] p = points.get(stairs.get(s));
            double right = s + 1 < stairs.size() ? points.get(stairs.get(s + 1))[0] : ref[0];
            double above = s > 0 ? points.get(stairs.get(s - 1))[1] : ref[1];
            double[] box = {right, above};
            List<double[]> covering = new ArrayList<>();
            for (double[] q : shadows.get(s)) {
                if (q[0] < right && q[1] < above) {
                    covering.add(q.clone());
                }
            }
            double rect = (right - p[0]) * (above - p[1]);
            out[stairs.get(s)] = Math.max(0, rect - volume(covering.toArray(new double[0][]), box));
        }
        return out;
    }
}
