package io.paratune.bo;

import io.paratune.internal.Normal;
import io.paratune.moo.Pareto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The region that a front (of 2 or 3 minimised objectives) does not dominate inside a reference
 * point, split into boxes, for the closed-form expected hypervolume improvement of a point whose
 * objectives are independent normals.
 *
 * <p>The boxes: a grid over the sorted first (and second) coordinates of the front; grid cell
 * {@code (i, j)} times {@code (-inf, h_ij)} in the last coordinate, {@code h_ij} the smallest last
 * coordinate among front points at or below the cell's lower corner (the reference's if none).
 * The improvement of {@code y} is the sum over cells of the product over coordinates of {@code
 * (upper - max(lower, y_k))^+}, and with independent normal {@code y_k} its expectation is the sum
 * of products of {@code psi_k(upper) - psi_k(lower)}, {@code psi(t) = E[(t - y)^+] = sd h((t -
 * mean) / sd)}. The grid has {@code (m + 1)^2} cells for m front points (the last coordinate's
 * {@code psi} is evaluated once per distinct value), which keeps it exact and fast for fronts of
 * a few hundred points.
 */
final class HypervolumeBoxes {
    final int objectives;
    /** Cell bounds of the first coordinate: -inf, the sorted front values, the reference. */
    private final double[] a;
    /** Cell bounds of the second coordinate (3 objectives). */
    private final double[] b;
    /** The distinct values the last coordinate's upper bound takes, sorted. */
    private final double[] tops;
    /** Per cell, the index into {@link #tops}: (a.length - 1) x (b.length - 1), or a.length - 1 for 2-D. */
    private final int[] top;
    /** The lower bound of the last coordinate (-inf: none). */
    private final double lowLast;

    HypervolumeBoxes(List<double[]> points, double[] reference) {
        this(points, reference, null);
    }

    /**
     * @param lower null, or per objective the lowest value that counts: the region is then cut to
     *     the box {@code [lower, reference]}, and front points below it are raised to it
     */
    HypervolumeBoxes(List<double[]> points, double[] reference, double[] lower) {
        this.objectives = reference.length;
        if (objectives != 2 && objectives != 3) {
            throw new IllegalArgumentException("hypervolume boxes need 2 or 3 objectives, not " + objectives);
        }
        List<double[]> inside = new ArrayList<>();
        for (double[] p : points) {
            if (lower != null && p.length == objectives) {
                p = p.clone();
                for (int k = 0; k < objectives; k++) {
                    p[k] = Math.max(p[k], lower[k]);
                }
            }
            boolean in = p.length == objectives;
            for (int k = 0; k < objectives && in; k++) {
                in = p[k] < reference[k];
            }
            if (in) {
                inside.add(p);
            }
        }
        List<double[]> front = new ArrayList<>();
        for (int i : Pareto.nonDominated(inside)) {
            front.add(inside.get(i));
        }
        int last = objectives - 1;
        double[] firsts = distinct(front, 0);
        this.a = bounds(firsts, reference[0], lower == null ? Double.NEGATIVE_INFINITY : lower[0]);
        double[] seconds = objectives == 3 ? distinct(front, 1) : new double[0];
        this.b = objectives == 3
                ? bounds(seconds, reference[1], lower == null ? Double.NEGATIVE_INFINITY : lower[1])
                : new double[] {Double.NEGATIVE_INFINITY, 0};
        this.lowLast = lower == null ? Double.NEGATIVE_INFINITY : lower[last];
        this.tops = withReference(distinct(front, last), reference[last]);
        int ca = a.length - 1;
        int cb = b.length - 1;
        double[] h = new double[ca * cb];
        Arrays.fill(h, reference[last]);
        for (double[] p : front) {
            int i = Arrays.binarySearch(firsts, p[0]) + 1;
            int j = objectives == 3 ? Arrays.binarySearch(seconds, p[1]) + 1 : 0;
            h[i * cb + j] = Math.min(h[i * cb + j], p[last]);
        }
        for (int i = 0; i < ca; i++) {
            for (int j = 0; j < cb; j++) {
                double v = h[i * cb + j];
                if (i > 0) {
                    v = Math.min(v, h[(i - 1) * cb + j]);
                }
                if (j > 0) {
                    v = Math.min(v, h[i * cb + j - 1]);
                }
                h[i * cb + j] = v;
            }
        }
        this.top = new int[ca * cb];
        for (int c = 0; c < top.length; c++) {
            top[c] = Arrays.binarySearch(tops, h[c]);
        }
    }

    private static double[] distinct(List<double[]> front, int k) {
        return front.stream().mapToDouble(p -> p[k]).sorted().distinct().toArray();
    }

    private static double[] bounds(double[] values, double reference, double low) {
        double[] out = new double[values.length + 2];
        out[0] = low;
        System.arraycopy(values, 0, out, 1, values.length);
        out[out.length - 1] = reference;
        return out;
    }

    private static double[] withReference(double[] values, double reference) {
        double[] out = Arrays.copyOf(values, values.length + 1);
        out[values.length] = reference;
        Arrays.sort(out);
        return out;
    }

    /** psi(t) = E[(t - y)^+] and, with {@code slopes}, its derivatives by mean and sd. */
    private static void psi(double[] t, double mean, double sd, double[] out, double[] dMean, double[] dSd) {
        for (int i = 0; i < t.length; i++) {
            if (t[i] == Double.NEGATIVE_INFINITY) {
                out[i] = 0;
                if (dMean != null) {
                    dMean[i] = 0;
                    dSd[i] = 0;
                }
                continue;
            }
            double u = (t[i] - mean) / sd;
            out[i] = sd * ImprovementMath.h(u);
            if (dMean != null) {
                dMean[i] = -Normal.cdf(u);
                dSd[i] = Normal.pdf(u);
            }
        }
    }

    /**
     * The expected hypervolume improvement of a point with independent normal objectives; with
     * {@code dMean} non-null, its derivatives by each mean and sd are written there and to {@code
     * dSd}.
     */
    double expectedImprovement(double[] mean, double[] sd, double[] dMean, double[] dSd) {
        boolean grad = dMean != null;
        int last = objectives - 1;
        double[] pa = new double[a.length];
        double[] pam = grad ? new double[a.length] : null;
        double[] pas = grad ? new double[a.length] : null;
        psi(a, mean[0], sd[0], pa, pam, pas);
        double[] pt = new double[tops.length];
        double[] ptm = grad ? new double[tops.length] : null;
        double[] pts = grad ? new double[tops.length] : null;
        psi(tops, mean[last], sd[last], pt, ptm, pts);
        if (lowLast != Double.NEGATIVE_INFINITY) {
            // the last coordinate's cells end at lowLast instead of -inf: subtract psi(lowLast)
            double u = (lowLast - mean[last]) / sd[last];
            double below = sd[last] * ImprovementMath.h(u);
            for (int k = 0; k < pt.length; k++) {
                pt[k] -= below;
                if (grad) {
                    ptm[k] += Normal.cdf(u);
                    pts[k] -= Normal.pdf(u);
                }
            }
        }
        int ca = a.length - 1;
        int cb = b.length - 1;
        double[] db = new double[cb];
        double[] dbm = new double[cb];
        double[] dbs = new double[cb];
        if (objectives == 3) {
            double[] pb = new double[b.length];
            double[] pbm = grad ? new double[b.length] : null;
            double[] pbs = grad ? new double[b.length] : null;
            psi(b, mean[1], sd[1], pb, pbm, pbs);
            for (int j = 0; j < cb; j++) {
                db[j] = pb[j + 1] - pb[j];
                if (grad) {
                    dbm[j] = pbm[j + 1] - pbm[j];
                    dbs[j] = pbs[j + 1] - pbs[j];
                }
            }
        } else {
            db[0] = 1;
        }
        double total = 0;
        double g1m = 0;
        double g1s = 0;
        double g2m = 0;
        double g2s = 0;
        double g3m = 0;
        double g3s = 0;
        for (int i = 0; i < ca; i++) {
            double da = pa[i + 1] - pa[i];
            double row = 0;
            double rowBm = 0;
            double rowBs = 0;
            double rowTm = 0;
            double rowTs = 0;
            int off = i * cb;
            for (int j = 0; j < cb; j++) {
                int k = top[off + j];
                double v = pt[k];
                row += db[j] * v;
                if (grad) {
                    rowBm += dbm[j] * v;
                    rowBs += dbs[j] * v;
                    rowTm += db[j] * ptm[k];
                    rowTs += db[j] * pts[k];
                }
            }
            total += da * row;
            if (grad) {
                g1m += (pam[i + 1] - pam[i]) * row;
                g1s += (pas[i + 1] - pas[i]) * row;
                g2m += da * rowBm;
                g2s += da * rowBs;
                g3m += da * rowTm;
                g3s += da * rowTs;
            }
        }
        if (grad) {
            dMean[0] = g1m;
            dSd[0] = g1s;
            dMean[last] = g3m;
            dSd[last] = g3s;
            if (objectives == 3) {
                dMean[1] = g2m;
                dSd[1] = g2s;
            }
        }
        return total;
    }
}
