package io.paratune.sampler.gp;

import static org.assertj.core.api.Assertions.assertThat;

import io.paratune.Direction;
import io.paratune.Study;
import io.paratune.Trial;
import io.paratune.TrialState;
import io.paratune.sampler.Sampler;
import io.paratune.space.FloatDistribution;
import io.paratune.space.IntDistribution;
import io.paratune.space.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The GP sampler on legal but extreme values: losses and constraints near the largest double (whose
 * sums, ranges and reference point overflow), constant objectives and values one ulp apart.
 */
class GpSamplerExtremeValuesTest {

    private static final SearchSpace SPACE =
            SearchSpace.of(FloatDistribution.of("x", 0, 1), IntDistribution.of("n", 0, 3));

    private static Sampler gp(long seed) {
        return GpSampler.builder().seed(seed).initialTrials(4).build();
    }

    /** Value {@code k} of trial {@code i} for the kind of values {@code kind}. */
    private static double value(int kind, int i, int k, double x) {
        return switch (kind) {
            case 0 -> (i % 2 == 0 ? 1e308 : -1e308) * (k == 0 ? 1 : -1) * (i % 3 == 0 ? 0.5 : 1);
            case 1 -> (i % 3 == k ? -1 : 1) * Double.MAX_VALUE;
            case 2 -> 5;
            case 3 -> 1 + ((i + k) % 2) * Math.ulp(1.0);
            default -> (k == 0 ? x : 1 - x) * 1e307 * (i % 4);
        };
    }

    @ParameterizedTest(name = "values of kind {0}")
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void twoObjectivesTakeExtremeAndDegenerateValues(int kind) {
        for (Direction second : Direction.values()) {
            Study study = Study.builder()
                    .directions(Direction.MINIMIZE, second)
                    .sampler(gp(kind))
                    .create();
            for (int i = 0; i < 14; i++) {
                Trial t = study.ask(SPACE);
                double x = (Double) t.params().get("x");
                double v = value(kind, i, 1, x);
                study.tell(t, value(kind, i, 0, x), second == Direction.MINIMIZE ? v : -v);
            }
            assertThat(study.trials(TrialState.COMPLETE)).hasSize(14);
        }
        Study study = Study.builder()
                .directions(Direction.MINIMIZE, Direction.MINIMIZE, Direction.MAXIMIZE)
                .sampler(gp(kind))
                .create();
        for (int i = 0; i < 14; i++) {
            Trial t = study.ask(SPACE);
            double x = (Double) t.params().get("x");
            study.tell(t, value(kind, i, 0, x), value(kind, i, 1, x), value(kind, i + 1, 0, x));
        }
        assertThat(study.trials(TrialState.COMPLETE)).hasSize(14);
    }

    @ParameterizedTest(name = "values of kind {0}")
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void oneObjectiveWithConstraintsTakesExtremeAndDegenerateValues(int kind) {
        Study study = Study.builder().sampler(gp(kind)).create();
        for (int i = 0; i < 14; i++) {
            Trial t = study.ask(SPACE);
            double x = (Double) t.params().get("x");
            t.setConstraints(value(kind, i, 1, x), i % 2 == 0 ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
            study.tell(t, value(kind, i, 0, x));
        }
        assertThat(study.trials(TrialState.COMPLETE)).hasSize(14);
    }

    @ParameterizedTest(name = "values of kind {0}")
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void oneObjectiveTakesExtremeAndDegenerateValues(int kind) {
        Study study =
                Study.builder().direction(Direction.MAXIMIZE).sampler(gp(kind)).create();
        for (int i = 0; i < 14; i++) {
            Trial t = study.ask(SPACE);
            double x = (Double) t.params().get("x");
            study.tell(t, value(kind, i, 0, x));
        }
        assertThat(study.trials(TrialState.COMPLETE)).hasSize(14);
    }

    /** The parameters proposed for a sequential study whose values are {@code scale} times a parabola. */
    private static List<Map<String, Object>> proposals(double scale, int objectives) {
        Direction[] directions = new Direction[objectives];
        java.util.Arrays.fill(directions, Direction.MINIMIZE);
        Study study = Study.builder().directions(directions).sampler(gp(9)).create();
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Trial t = study.ask(SPACE);
            double x = (Double) t.params().get("x");
            long n = (Long) t.params().get("n");
            double[] v = new double[objectives];
            for (int k = 0; k < objectives; k++) {
                // the first value is the largest, so that the power of two the model scales by stays the same
                v[k] = scale * (i == 0 ? 10 : (x - 0.3 * (k + 1)) * (x - 0.3 * (k + 1)) + 0.1 * n);
            }
            study.tell(t, v);
            out.add(t.params());
        }
        return out;
    }

    @Test
    void valuesNearTheLargestDoubleAreModelledLikeTheSameValuesScaledDown() {
        // values up to 10 * 2^1020 are modelled as 10 * 2^476 (just below 2^480): the same proposals as for
        // values 2^544 times smaller, whose sums and squares do not overflow
        for (int objectives = 1; objectives <= 2; objectives++) {
            assertThat(proposals(0x1p1020, objectives))
                    .as("%d objectives", objectives)
                    .isEqualTo(proposals(0x1p476, objectives));
        }
    }

    @Test
    void outputsAreScaledByAPowerOfTwoOnlyWhenTheyWouldOverflow() {
        assertThat(Models.outputScale(new double[] {1e140, -3, 0})).isEqualTo(1.0);
        assertThat(Models.outputScale(new double[] {})).isEqualTo(1.0);
        double f = Models.outputScale(new double[] {1, -Double.MAX_VALUE, 2});
        assertThat(f * Double.MAX_VALUE).isLessThanOrEqualTo(0x1p480).isGreaterThan(0x1p470);
        assertThat(Math.scalb(1.0, Math.getExponent(f))).isEqualTo(f);
    }
}
