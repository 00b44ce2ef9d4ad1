package io.paratune.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Exact 2-D and 3-D hypervolume for the multi-objective benchmark (minimisation). */
final class BenchHypervolume {
    private BenchHypervolume() {}

    static double compute(List<double[]> points, double[] ref) {
        List<double[]> pts = new ArrayList<>();
        for (double[] p : points) {
            boolean inside = true;
            for (int k = 0; k < ref.length; k++) {
                inside &= p[k] < ref[k];
            }
            if (inside) {
                pts.add(p);
            }
        }
        if (ref.length == 2) {
            pts.sort(Comparator.comparingDouble(p -> p[0]));
            double total = 0;
            double best = ref[1];
            for (double[] p : pts) {
                if (p[1] < best) {
                    total += (ref[0] - p[0]) * (best - p[1]);
                    best = p[1];
                }
            }
            return total;
        }
        pts.sort(Comparator.comparingDouble(p -> p[2]));
        double total = 0;
        for (int i = 0; i < pts.size(); i++) {
            double upper = i + 1 < pts.size() ? pts.get(i + 1)[2] : ref[2];
            if (upper > pts.get(i)[2]) {
                total += compute(pts.subList(0, i + 1), new double[] {ref[0], ref[1]}) * (upper - pts.get(i)[2]);
            }
        }
        return total;
    }
}
