package io.paratune.moo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ParetoTest {

    @Test
    void ranksMatchRepeatedFrontPeeling() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int round = 0; round < 30; round++) {
            List<double[]> pts = HypervolumeTest.randomPoints(rng, 1 + rng.nextInt(40), 2 + rng.nextInt(3));
            int[] ranks = Pareto.ranks(pts);
            // brute force: rank r = non-dominated among the vectors not yet ranked
            int[] expected = new int[pts.size()];
            java.util.Arrays.fill(expected, -1);
            for (int r = 0; ; r++) {
                List<Integer> left = new ArrayList<>();
                for (int i = 0; i < pts.size(); i++) {
                    if (expected[i] < 0) {
                        left.add(i);
                    }
                }
                if (left.isEmpty()) {
                    break;
                }
                List<Integer> front = new ArrayList<>();
                for (int i : left) {
                    boolean dominated = false;
                    for (int j : left) {
                        dominated |= Pareto.dominates(pts.get(j), pts.get(i));
                    }
                    if (!dominated) {
                        front.add(i);
                    }
                }
                for (int i : front) {
                    expected[i] = r;
                }
            }
            assertThat(ranks).containsExactly(expected);
            assertThat(Pareto.fronts(pts).get(0)).containsExactly(Pareto.nonDominated(pts));
        }
    }

    @Test
    void constrainedDominationPutsFeasibleFirstThenSmallerViolation() {
        List<double[]> pts =
                List.of(new double[] {5, 5}, new double[] {0, 0}, new double[] {1, 1}, new double[] {6, 6});
        double[] violations = {0, 2, 1, 0};
        assertThat(Pareto.ranks(pts, violations)).containsExactly(0, 3, 2, 1);
    }

    @Test
    void crowdingDistanceOfAnEvenFront() {
        List<double[]> front =
                List.of(new double[] {0, 4}, new double[] {1, 3}, new double[] {3, 1}, new double[] {4, 0});
        double[] d = Pareto.crowdingDistance(front);
        assertThat(d[0]).isInfinite();
        assertThat(d[3]).isInfinite();
        assertThat(d[1]).isEqualTo(3.0 / 4 + 3.0 / 4);
        assertThat(d[2]).isEqualTo(3.0 / 4 + 3.0 / 4);
    }

    @Test
    void crowdingDistanceOfAFrontSpanningTheDoublesIsANumber() {
        // the range of each objective overflows: the gaps are measured in halves
        double max = Double.MAX_VALUE;
        List<double[]> front = List.of(
                new double[] {-max, max}, new double[] {0, 0}, new double[] {max / 2, -max / 2}, new double[] {max, -max
                });
        double[] d = Pareto.crowdingDistance(front);
        assertThat(d[0]).isInfinite();
        assertThat(d[3]).isInfinite();
        assertThat(d[1]).isCloseTo(0.75 + 0.75, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(d[2]).isCloseTo(0.5 + 0.5, org.assertj.core.api.Assertions.within(1e-12));
    }
}
