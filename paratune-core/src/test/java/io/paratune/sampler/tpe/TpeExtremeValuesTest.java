package io.paratune.sampler.tpe;

import static org.assertj.core.api.Assertions.assertThat;

import io.paratune.Direction;
import io.paratune.Study;
import io.paratune.Trial;
import io.paratune.TrialState;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TPE and MOTPE on legal but extreme values: losses near the largest double (whose reference point
 * or differences overflow), duplicates, constant objectives and values one ulp apart.
 */
class TpeExtremeValuesTest {

    /** Objective values chosen by {@code kind} for trial {@code i}. */
    private static double[] values(int kind, int i, double x) {
        return switch (kind) {
            case 0 -> new double[] {i % 2 == 0 ? 1e308 : -1e308, i % 3 == 0 ? -1e308 : 1e308};
            case 1 -> new double[] {Double.MAX_VALUE, Double.MAX_VALUE * (i % 2 == 0 ? 1 : -1)};
            case 2 -> new double[] {3, 3};
            case 3 -> new double[] {1 + (i % 2) * Math.ulp(1.0), 1 - (i % 3) * Math.ulp(1.0)};
            case 4 -> new double[] {x * 1e307 * (i % 5), -x * 1e307};
            default -> new double[] {i % 4 == 0 ? 0 : 1e300 * x, i % 4 == 1 ? 0 : -1e300 * x};
        };
    }

    @ParameterizedTest(name = "values of kind {0}")
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void motpeProposesOnExtremeAndDegenerateFronts(int kind) {
        TpeSampler sampler = TpeSampler.builder().seed(kind).startupTrials(5).build();
        Study study = Study.builder()
                .directions(Direction.MINIMIZE, Direction.MAXIMIZE)
                .sampler(sampler)
                .create();
        for (int i = 0; i < 80; i++) {
            Trial t = study.ask();
            double x = t.suggestFloat("x", 0, 1);
            t.suggestInt("n", 0, 2);
            study.tell(t, values(kind, i, x));
        }
        assertThat(study.trials(TrialState.COMPLETE)).hasSize(80);
    }

    @Test
    void greedySubsetOfAFrontWithOverflowingLossesKeepsTheRequestedCount() {
        List<double[]> losses = List.of(
                new double[] {-Double.MAX_VALUE, Double.MAX_VALUE},
                new double[] {Double.MAX_VALUE, -Double.MAX_VALUE},
                new double[] {0, 0},
                new double[] {-1e308, 1e308},
                new double[] {1e308, -1e308},
                new double[] {Double.MAX_VALUE, Double.MAX_VALUE});
        int[] ranking = {0, 1, 2, 3, 4, 5};
        Map<Integer, double[]> byNumber = new java.util.HashMap<>();
        for (int i = 0; i < losses.size(); i++) {
            byNumber.put(i, losses.get(i));
        }
        for (int count = 1; count <= 5; count++) {
            int[] best = MotpeSplit.best(ranking, 6, byNumber, count);
            Set<Integer> distinct = Arrays.stream(best).boxed().collect(Collectors.toSet());
            assertThat(distinct).as("count %d", count).hasSize(count).doesNotContain(5);
        }
        // in units of the observed ranges the middle point bounds the most hypervolume, then the
        // points at 1e308 (each adds more beside it than the extremes at the largest double do)
        assertThat(MotpeSplit.best(ranking, 6, byNumber, 1)).containsExactly(2);
        assertThat(Arrays.stream(MotpeSplit.best(ranking, 6, byNumber, 3))
                        .boxed()
                        .collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(2, 3, 4);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {0, 1, 2})
    void singleObjectiveTpeTakesHugeValuesBothWays(long seed) {
        Study study = Study.builder()
                .sampler(TpeSampler.builder().seed(seed).startupTrials(3).build())
                .create();
        for (int i = 0; i < 60; i++) {
            Trial t = study.ask();
            double x = t.suggestFloat("x", -1, 1);
            study.tell(t, i % 3 == 0 ? Double.MAX_VALUE * Math.signum(x) : i % 3 == 1 ? -Double.MAX_VALUE : x);
        }
        assertThat(study.trials(TrialState.COMPLETE)).hasSize(60);
    }
}
