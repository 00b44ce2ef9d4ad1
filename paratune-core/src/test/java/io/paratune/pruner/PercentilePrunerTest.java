package io.paratune.pruner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PercentilePrunerTest {

    /** Values, percentile and numpy.percentile(values, q) (numpy 2.4, default linear method). */
    static Stream<Arguments> numpyCases() {
        return Stream.of(
                Arguments.of(new double[] {1, 2, 3, 4}, 50, 2.5),
                Arguments.of(new double[] {1, 2, 3, 4}, 25, 1.75),
                Arguments.of(new double[] {3, 1, 2}, 90, 2.8),
                Arguments.of(new double[] {5}, 37, 5.0),
                Arguments.of(new double[] {1, 10}, 0, 1.0),
                Arguments.of(new double[] {1, 10}, 100, 10.0),
                Arguments.of(new double[] {-1, 0, 7, 7, 100}, 75, 7.0),
                Arguments.of(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 33, 2.97),
                Arguments.of(new double[] {0.5, -2.25, 9.75, 3.0, 1.0, 1.0}, 12.5, -0.53125),
                Arguments.of(new double[] {2.0, 8.0, 4.0}, 66.6, 5.327999999999999));
    }

    @ParameterizedTest
    @MethodSource("numpyCases")
    void percentileMatchesNumpysLinearInterpolation(double[] values, double q, double numpy) {
        double[] before = values.clone();
        assertThat(PercentilePruner.percentileOf(values, q)).isCloseTo(numpy, within(1e-12));
        assertThat(values).as("the input is not reordered").containsExactly(before);
    }

    @Test
    void aLowPercentileKeepsOnlyTheBestTrials() {
        PrunerFixture f = new PrunerFixture(new PercentilePruner(25, 0, 0, 1, 1));
        for (double v : new double[] {1, 2, 3, 4, 5}) {
            f.complete(v);
        }
        // the 25th percentile of 1..5 is 2
        assertThat(f.prunes(2)).isFalse();
        assertThat(f.prunes(2.1)).isTrue();
        assertThat(f.prunes(1.5)).isFalse();
    }

    @Test
    void theExtremePercentilesCompareWithTheBestAndTheWorst() {
        PrunerFixture f0 = new PrunerFixture(new PercentilePruner(0, 0, 0, 1, 1));
        PrunerFixture f100 = new PrunerFixture(new PercentilePruner(100, 0, 0, 1, 1));
        for (double v : new double[] {1, 2, 3}) {
            f0.complete(v);
            f100.complete(v);
        }
        assertThat(f0.prunes(1)).isFalse();
        assertThat(f0.prunes(1.01)).isTrue();
        assertThat(f100.prunes(3)).isFalse();
        assertThat(f100.prunes(3.01)).isTrue();
    }

    @Test
    void percentileOutsideZeroToHundredIsRefused() {
        assertThatThrownBy(() -> new PercentilePruner(101, 0, 0, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("percentile=101.0", "[0, 100]");
        assertThatThrownBy(() -> new PercentilePruner(-0.5, 0, 0, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("percentile=-0.5");
        assertThatThrownBy(() -> new PercentilePruner(Double.NaN, 0, 0, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("percentile=NaN");
    }

    @Test
    void medianIsTheFiftiethPercentile() {
        assertThat(Pruners.median(3, 2, 4, 5)).isEqualTo(new PercentilePruner(50, 3, 2, 4, 5));
        assertThat(Pruners.median()).isEqualTo(new PercentilePruner(50, 5, 0, 1, 1));
    }

    @Test
    void infiniteValuesCountAsTheExtremeFiniteOnes() {
        PrunerFixture f = new PrunerFixture(Pruners.percentile(50, 0, 0, 1, 1));
        f.complete(Double.NEGATIVE_INFINITY, 1).complete(1, 1);
        // the median of [-inf, 1] at step 0 is about -Double.MAX_VALUE / 2, not NaN
        assertThat(f.prunes(0)).isTrue();
        assertThat(f.prunes(Double.NEGATIVE_INFINITY)).isFalse();
        PrunerFixture g = new PrunerFixture(Pruners.percentile(50, 0, 0, 1, 1));
        g.complete(1, 1).complete(2, 1).complete(Double.POSITIVE_INFINITY, 1);
        assertThat(g.prunes(Double.POSITIVE_INFINITY)).isTrue();
        assertThat(g.prunes(1.5)).isFalse();
    }

    @Test
    void badOptionsNameFieldValueAndFix() {
        assertThatThrownBy(() -> Pruners.percentile(101, 0, 0, 1, 1))
                .hasMessage("percentile pruner: percentile=101.0 is outside [0, 100]; give 50 for the median rule");
        assertThatThrownBy(() -> Pruners.percentile(50, -1, 0, 1, 1)).hasMessageContaining("startupTrials=-1");
        assertThatThrownBy(() -> Pruners.percentile(50, 0, 0, 0, 1)).hasMessageContaining("intervalSteps=0");
        assertThatThrownBy(() -> Pruners.percentile(50, 0, 0, 1, 0)).hasMessageContaining("minTrialsAtStep=0");
    }
}
