package io.paratune.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paratune.FrozenTrial;
import io.paratune.OptimizeOptions;
import io.paratune.Study;
import io.paratune.space.FloatDistribution;
import io.paratune.space.SearchSpace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hipparchus.random.SobolSequenceGenerator;
import org.junit.jupiter.api.Test;

class QmcSamplerTest {

    private static QmcSampler sampler(QmcSampler.Sequence sequence, boolean scramble, long seed) {
        return QmcSampler.builder()
                .sequence(sequence)
                .scramble(scramble)
                .seed(seed)
                .build();
    }

    /** Whether every box of width base^-a by base^-(m-a) holds exactly one of the base^m points. */
    private static void assertNet(QmcSampler s, int base, int m, int dimX, int dimY) {
        int n = (int) Math.pow(base, m);
        for (int a = 0; a <= m; a++) {
            int cellsX = (int) Math.pow(base, a);
            int cellsY = n / cellsX;
            Set<Long> cells = new HashSet<>();
            for (int i = 0; i < n; i++) {
                double[] p = s.unitPoint(i, Math.max(dimX, dimY) + 1);
                for (double u : p) {
                    assertThat(u).isGreaterThanOrEqualTo(0).isLessThan(1);
                }
                cells.add((long) Math.floor(p[dimX] * cellsX) * cellsY + (long) Math.floor(p[dimY] * cellsY));
            }
            assertThat(cells).as("%d x %d boxes", cellsX, cellsY).hasSize(n);
        }
    }

    /** Whether each interval of width base^-m holds exactly one of the first base^m values of coordinate j. */
    private static void assertStratified(QmcSampler s, int base, int m, int j) {
        int n = (int) Math.pow(base, m);
        Set<Long> cells = new HashSet<>();
        for (int i = 0; i < n; i++) {
            cells.add((long) Math.floor(s.unitPoint(i, j + 1)[j] * n));
        }
        assertThat(cells).as("coordinate %d", j).hasSize(n);
    }

    @Test
    void scrambledSobolPointsFormANet() {
        QmcSampler s = QmcSampler.seeded(42);
        assertNet(s, 2, 8, 0, 1);
        for (int j = 0; j < 8; j++) {
            assertStratified(s, 2, 8, j);
        }
    }

    @Test
    void scrambledHaltonPointsAreStratifiedPerCoordinate() {
        QmcSampler s = sampler(QmcSampler.Sequence.HALTON, true, 42);
        assertStratified(s, 2, 7, 0);
        assertStratified(s, 3, 4, 1);
        assertStratified(s, 5, 3, 2);
        assertStratified(s, 7, 2, 3);
    }

    @Test
    void unscrambledSobolIsHipparchusSobol() {
        QmcSampler s = sampler(QmcSampler.Sequence.SOBOL, false, 0);
        assertThat(s.unitPoint(0, 2)).containsExactly(0, 0);
        assertThat(s.unitPoint(1, 2)).containsExactly(0.5, 0.5);
        assertThat(s.unitPoint(2, 2)).containsExactly(0.75, 0.25);
        assertThat(s.unitPoint(3, 2)).containsExactly(0.25, 0.75);
        SobolSequenceGenerator reference = new SobolSequenceGenerator(7);
        for (int i = 0; i < 200; i++) {
            assertThat(s.unitPoint(i, 7)).containsExactly(reference.nextVector());
        }
    }

    @Test
    void unscrambledHaltonIsTheRadicalInverse() {
        QmcSampler s = sampler(QmcSampler.Sequence.HALTON, false, 0);
        double[][] expected = {
            {0, 0, 0},
            {0.5, 1 / 3.0, 0.2},
            {0.25, 2 / 3.0, 0.4},
            {0.75, 1 / 9.0, 0.6},
            {0.125, 4 / 9.0, 0.8},
            {0.625, 7 / 9.0, 0.04}
        };
        for (int i = 0; i < expected.length; i++) {
            assertThat(s.unitPoint(i, 3)).containsExactly(expected[i], org.assertj.core.data.Offset.offset(1e-15));
        }
    }

    @Test
    void seedsChangeTheScrambleAndOnlyTheSeed() {
        for (QmcSampler.Sequence seq : QmcSampler.Sequence.values()) {
            double[] a = sampler(seq, true, 1).unitPoint(5, 4);
            assertThat(sampler(seq, true, 1).unitPoint(5, 4)).containsExactly(a);
            assertThat(sampler(seq, true, 2).unitPoint(5, 4)).isNotEqualTo(a);
            assertThat(sampler(seq, false, 0).unitPoint(5, 4)).isNotEqualTo(a);
        }
    }

    @Test
    void coordinatesDoNotDependOnTheDimensionAskedFor() {
        QmcSampler s = QmcSampler.seeded(3);
        double[] wide = s.unitPoint(77, 9);
        assertThat(s.unitPoint(77, 3)).containsExactly(wide[0], wide[1], wide[2]);
    }

    @Test
    void parallelWorkersGetConsecutiveDistinctPointsOfOneSequence() {
        SearchSpace unit = SearchSpace.of(FloatDistribution.of("x", 0, 1), FloatDistribution.of("y", 0, 1));
        QmcSampler s = QmcSampler.builder().searchSpace(unit).seed(9).build();
        Study study = Study.builder().sampler(s).create();
        study.optimize(
                t -> t.suggestFloat("x", 0, 1) + t.suggestFloat("y", 0, 1),
                OptimizeOptions.builder().trials(64).parallelism(4).build());
        Set<List<Double>> expected = new HashSet<>();
        for (int i = 0; i < 64; i++) {
            double[] p = s.unitPoint(i, 2);
            expected.add(List.of(p[0], p[1]));
        }
        List<List<Double>> got = new ArrayList<>();
        for (FrozenTrial t : study.trials()) {
            got.add(List.of((Double) t.param("x"), (Double) t.param("y")));
        }
        assertThat(got).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void searchSpaceIsInferredFromTheFirstCompleteTrialWithoutSingleValues() {
        QmcSampler s = QmcSampler.seeded(4);
        Study study = Study.builder().sampler(s).create();
        study.optimize(
                t -> {
                    double x = t.suggestFloat("x", 0, 1);
                    t.suggestInt("one", 3, 3);
                    return x + t.suggestInt("n", 0, 7);
                },
                9);
        List<FrozenTrial> trials = study.trials();
        for (int i = 1; i < trials.size(); i++) {
            double[] p = s.unitPoint(i - 1, 2); // trial 0 was sampled before any trial completed
            assertThat(trials.get(i).param("x")).isEqualTo(p[0]);
            assertThat(trials.get(i).param("n")).isEqualTo((long) Math.floor(p[1] * 8));
        }
        Set<Object> ns = new HashSet<>();
        trials.subList(1, 9).forEach(t -> ns.add(t.param("n")));
        assertThat(ns).hasSize(8); // the first 8 points put one n in each of the 8 cells
    }

    @Test
    void builderOptionsAreSetOnce() {
        assertThatThrownBy(() -> QmcSampler.builder().seed(1).seed(2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("seed was already set to 1");
        assertThatThrownBy(() -> new SobolSequence(true, 0).point(0, SobolSequence.MAX_DIMENSION + 1))
                .hasMessageContaining("dimension=21202")
                .hasMessageContaining("Halton");
    }
}
