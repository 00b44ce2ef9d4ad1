package io.paratune.moo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HypervolumeTest {

    /** Exact union of boxes by coordinate compression: sums every grid cell some box covers. */
    static double bruteForce(List<double[]> points, double[] ref) {
        int d = ref.length;
        double[][] grid = new double[d][];
        for (int k = 0; k < d; k++) {
            TreeSet<Double> cuts = new TreeSet<>();
            cuts.add(ref[k]);
            for (double[] p : points) {
                if (p[k] < ref[k]) {
                    cuts.add(p[k]);
                }
            }
            grid[k] = cuts.stream().mapToDouble(Double::doubleValue).toArray();
        }
        int[] idx = new int[d];
        double total = 0;
        while (true) {
            boolean valid = true;
            for (int k = 0; k < d; k++) {
                valid &= idx[k] + 1 < grid[k].length;
            }
            if (valid) {
                double[] corner = new double[d];
                double cell = 1;
                for (int k = 0; k < d; k++) {
                    corner[k] = grid[k][idx[k]];
                    cell *= grid[k][idx[k] + 1] - grid[k][idx[k]];
                }
                for (double[] p : points) {
                    boolean covers = true;
                    for (int k = 0; k < d; k++) {
                        covers &= p[k] <= corner[k] && p[k] < ref[k];
                    }
                    if (covers) {
                        total += cell;
                        break;
                    }
                }
            }
            int k = 0;
            while (k < d && ++idx[k] >= grid[k].length) {
                idx[k++] = 0;
            }
            if (k == d) {
                return total;
            }
        }
    }

    /** Random points, some on a front, some dominated, some duplicated, some outside the reference. */
    static List<double[]> randomPoints(SplittableRandom rng, int n, int d) {
        List<double[]> pts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] p = new double[d];
            if (i > 0 && rng.nextInt(6) == 0) {
                p = pts.get(rng.nextInt(pts.size())).clone();
            } else if (rng.nextBoolean()) {
                double norm = 0;
                for (int k = 0; k < d; k++) {
                    p[k] = rng.nextDouble();
                    norm += p[k] * p[k];
                }
                for (int k = 0; k < d; k++) {
                    p[k] /= Math.sqrt(norm);
                }
            } else {
                for (int k = 0; k < d; k++) {
                    p[k] = rng.nextInt(5) * 0.3; // ties on a coarse grid, some beyond the reference
                }
            }
            pts.add(p);
        }
        return pts;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6})
    void computeMatchesBruteForceOnRandomFronts(int d) {
        SplittableRandom rng = new SplittableRandom(11 + d);
        double[] ref = new double[d];
        Arrays.fill(ref, 1.1);
        int maxN = d >= 5 ? 7 : 12;
        for (int round = 0; round < 40; round++) {
            List<double[]> pts = randomPoints(rng, 1 + rng.nextInt(maxN), d);
            double expected = bruteForce(pts, ref);
            assertThat(Hypervolume.compute(pts, ref))
                    .as("round %d, %d points", round, pts.size())
                    .isCloseTo(expected, within(1e-9));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 5})
    void contributionsAreTheLossOfRemovingEachPoint(int d) {
        SplittableRandom rng = new SplittableRandom(100 + d);
        double[] ref = new double[d];
        Arrays.fill(ref, 1.1);
        for (int round = 0; round < 20; round++) {
            List<double[]> pts = randomPoints(rng, 1 + rng.nextInt(d >= 5 ? 6 : 10), d);
            double all = bruteForce(pts, ref);
            double[] contributions = Hypervolume.contributions(pts, ref);
            for (int i = 0; i < pts.size(); i++) {
                List<double[]> rest = new ArrayList<>(pts);
                rest.remove(i);
                double expected = all - bruteForce(rest, ref);
                assertThat(contributions[i]).as("round %d, point %d", round, i).isCloseTo(expected, within(1e-9));
                assertThat(Hypervolume.contribution(pts.get(i), rest, ref)).isCloseTo(expected, within(1e-9));
            }
        }
    }

    @Test
    void largeFrontsAgreeAcrossAlgorithms() {
        // A 3-D front extended by a constant fourth objective has the same volume times its height.
        SplittableRandom rng = new SplittableRandom(5);
        List<double[]> pts3 = new ArrayList<>();
        List<double[]> pts4 = new ArrayList<>();
        for (double[] p : randomPoints(rng, 300, 3)) {
            if (p[0] >= 1.1 || p[1] >= 1.1 || p[2] >= 1.1) {
                continue;
            }
            pts3.add(p);
            pts4.add(new double[] {p[0], p[1], p[2], 0.5});
        }
        double[] ref3 = {1.1, 1.1, 1.1};
        double[] ref4 = {1.1, 1.1, 1.1, 2.0};
        assertThat(Hypervolume.compute(pts4, ref4)).isCloseTo(1.5 * Hypervolume.compute(pts3, ref3), within(1e-9));
        double[][] copy = pts3.toArray(new double[0][]);
        assertThat(Hypervolume.wfg(copy, ref3)).isCloseTo(Hypervolume.compute(pts3, ref3), within(1e-9));
    }

    @Test
    void knownValues() {
        List<double[]> pts = List.of(new double[] {1, 3}, new double[] {2, 2}, new double[] {3, 1});
        assertThat(Hypervolume.compute(pts, new double[] {4, 4})).isEqualTo(6.0);
        assertThat(Hypervolume.contributions(pts, new double[] {4, 4})).containsExactly(1, 1, 1);
        assertThat(Hypervolume.compute(List.of(), new double[] {1, 1})).isZero();
        assertThat(Hypervolume.compute(List.of(new double[] {2, 0}), new double[] {1, 1}))
                .isZero();
    }

    @Test
    void invalidInputIsNamed() {
        assertThatThrownBy(() -> Hypervolume.compute(List.of(new double[] {1}), new double[] {2, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("point 0 has 1 objectives");
        assertThatThrownBy(() -> Hypervolume.compute(List.of(new double[] {Double.NaN, 1}), new double[] {2, 2}))
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> Hypervolume.compute(List.of(), new double[] {Double.POSITIVE_INFINITY}))
                .hasMessageContaining("reference[0]");
    }
}
