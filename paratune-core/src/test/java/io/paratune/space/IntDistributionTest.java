package io.paratune.space;

import static io.paratune.space.DistributionProperties.check;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class IntDistributionTest {

    static LongStream seeds() {
        return LongStream.range(0, 25);
    }

    /** The largest magnitude at which doubles still hold every integer. */
    private static final long EXACT = 1L << 53;

    // ---- validation ----

    @Test
    void lowAboveHighNamesBothBoundsAndTheFix() {
        assertThatThrownBy(() -> IntDistribution.of("layers", 5, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'layers'", "low=5", "high=2", "swap");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Long.MIN_VALUE})
    void stepMustBeAtLeastOne(long step) {
        assertThatThrownBy(() -> IntDistribution.stepped("batch", 0, 64, step))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'batch'", "step=" + step, "at least 1");
    }

    @Test
    void stepThatDoesNotDivideTheRangeSuggestsAHighThatFits() {
        assertThatThrownBy(() -> IntDistribution.stepped("batch", 0, 10, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'batch'", "step=3", "[0, 10]", "does not divide", "high=9");
        assertThatThrownBy(() -> IntDistribution.stepped("batch", -10, 0, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'batch'", "step=3", "[-10, 0]", "high=-1");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -4})
    void logNeedsLowOfAtLeastOne(long low) {
        assertThatThrownBy(() -> IntDistribution.logScale("units", low, 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'units'", "low=" + low, "log=false");
    }

    @Test
    void stepCannotBeCombinedWithLog() {
        assertThatThrownBy(() -> new IntDistribution("units", 1, 9, true, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'units'", "step=2", "log=true", "step=1");
    }

    @Test
    void boundsBeyondExactDoublesAreRejected() {
        assertThatThrownBy(() -> IntDistribution.of("seed", 0, Long.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'seed'", "high=" + Long.MAX_VALUE, String.valueOf(EXACT));
        assertThatThrownBy(() -> IntDistribution.of("seed", Long.MIN_VALUE, Long.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'seed'", "low=" + Long.MIN_VALUE);
        assertThat(IntDistribution.of("seed", -EXACT, EXACT).contains(EXACT)).isTrue();
    }

    @Test
    void nameMustNotBeEmpty() {
        assertThatThrownBy(() -> IntDistribution.of("", 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name is empty");
        assertThatThrownBy(() -> IntDistribution.of(null, 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name is empty");
    }

    // ---- mappings ----

    @Test
    void everyIntegerOwnsAnEqualCell() {
        IntDistribution d = IntDistribution.of("n", 1, 4);
        assertThat(d.toUnit(1)).isEqualTo(0.125);
        assertThat(d.toUnit(4)).isEqualTo(0.875);
        assertThat(d.fromUnit(0.2499)).isEqualTo(1.0);
        assertThat(d.fromUnit(0.25)).isEqualTo(2.0);
        assertThat(d.fromUnit(0.9999)).isEqualTo(4.0);
        IntDistribution stepped = IntDistribution.stepped("batch", 16, 64, 16);
        assertThat(stepped.fromUnit(0.3)).isEqualTo(32.0);
        assertThat(stepped.toUnit(48)).isEqualTo(0.625);
    }

    @Test
    void logScaleCellsAreEqualInLogSpace() {
        IntDistribution d = IntDistribution.logScale("units", 1, 1000);
        // cells are equal-width in log space of [0.5, 1000.5]: the first integer owns log(1.5/0.5)
        double a = Math.log(0.5);
        double width = Math.log(1000.5) - a;
        assertThat(d.fromUnit((Math.log(1.5) - a) / width - 1e-9)).isEqualTo(1.0);
        assertThat(d.fromUnit((Math.log(1.5) - a) / width + 1e-9)).isEqualTo(2.0);
        assertThat(d.fromUnit(0.5)).isEqualTo(Math.rint(Math.exp(a + 0.5 * width)));
    }

    @Test
    void externalValuesAreLongsAndAnyIntegralNumberIsAccepted() {
        IntDistribution d = IntDistribution.stepped("batch", 0, 64, 8);
        assertThat(d.toExternal(16)).isInstanceOf(Long.class).isEqualTo(16L);
        assertThat(d.toInternal(16)).isEqualTo(16.0);
        assertThat(d.toInternal(16L)).isEqualTo(16.0);
        assertThat(d.toInternal(16.0)).isEqualTo(16.0);
        assertThat(d.toInternal((short) 16)).isEqualTo(16.0);
        assertThatThrownBy(() -> d.toInternal(17))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'batch'", "17", "step 8");
        assertThatThrownBy(() -> d.toInternal(16.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'batch'", "16.5");
        assertThatThrownBy(() -> d.toInternal(72))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'batch'", "72", "[0, 64]");
        assertThatThrownBy(() -> d.toInternal("16"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'batch'", "16", "not an integer");
        assertThatThrownBy(() -> d.toInternal(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'batch'");
    }

    @Test
    void containsChecksBoundsIntegralityAndStep() {
        IntDistribution d = IntDistribution.stepped("n", -6, 6, 3);
        assertThat(d.contains(-3)).isTrue();
        assertThat(d.contains(-2)).isFalse();
        assertThat(d.contains(0.5)).isFalse();
        assertThat(d.contains(9)).isFalse();
        assertThat(d.contains(Double.NaN)).isFalse();
        assertThat(d.contains(Double.POSITIVE_INFINITY)).isFalse();
    }

    // ---- cardinality, single, same range ----

    @Test
    void cardinalityAndIsSingle() {
        assertThat(IntDistribution.of("n", 1, 10).cardinality()).isEqualTo(10);
        assertThat(IntDistribution.stepped("n", 0, 64, 16).cardinality()).isEqualTo(5);
        assertThat(IntDistribution.logScale("n", 1, 1024).cardinality()).isEqualTo(1024);
        assertThat(IntDistribution.of("n", -EXACT, EXACT).cardinality()).isEqualTo(2 * EXACT + 1);
        IntDistribution single = IntDistribution.of("n", 7, 7);
        assertThat(single.isSingle()).isTrue();
        assertThat(single.cardinality()).isEqualTo(1);
        assertThat(single.fromUnit(0.3)).isEqualTo(7.0);
        assertThat(single.toUnit(7)).isBetween(0.0, 1.0);
        assertThat(IntDistribution.of("n", 7, 8).isSingle()).isFalse();
    }

    @Test
    void sameRangeIgnoresTheNameButNothingElse() {
        IntDistribution d = IntDistribution.of("n", 1, 8);
        assertThat(d.sameRange(IntDistribution.of("m", 1, 8))).isTrue();
        assertThat(d.sameRange(IntDistribution.of("n", 1, 9))).isFalse();
        assertThat(d.sameRange(IntDistribution.of("n", 0, 8))).isFalse();
        assertThat(d.sameRange(IntDistribution.logScale("n", 1, 8))).isFalse();
        assertThat(IntDistribution.stepped("n", 0, 8, 2).sameRange(IntDistribution.stepped("n", 0, 8, 4)))
                .isFalse();
        assertThat(d.sameRange(FloatDistribution.of("n", 1, 8))).isFalse();
        assertThat(d.sameRange(CategoricalDistribution.of("n", java.util.List.of(1, 2))))
                .isFalse();
    }

    // ---- properties on random distributions ----

    @ParameterizedTest
    @MethodSource("seeds")
    void steppedGridPointsRoundTripExactly(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < 8; i++) {
            IntDistribution d = RandomDistributions.steppedInt(rnd);
            roundTripsOnEveryGridPoint(d, rnd, d.step());
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void logScaleIntegersRoundTripExactly(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < 8; i++) {
            IntDistribution d = RandomDistributions.logInt(rnd);
            roundTripsOnEveryGridPoint(d, rnd, 1);
        }
    }

    @Test
    void extremeRangesStillMapIntoThemselves() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (IntDistribution d : new IntDistribution[] {
            IntDistribution.of("n", -EXACT, EXACT), IntDistribution.logScale("n", 1, EXACT),
            IntDistribution.stepped("n", -EXACT, EXACT, 2), IntDistribution.of("n", EXACT - 3, EXACT)
        }) {
            DistributionProperties.fromUnitGivesMembers(d, rnd, 200);
        }
    }

    private static void roundTripsOnEveryGridPoint(IntDistribution d, SplittableRandom rnd, long step) {
        DistributionProperties.fromUnitGivesMembers(d, rnd, 100);
        long count = (d.high() - d.low()) / step + 1;
        check(d.cardinality() == count, "%s: cardinality %s, expected %s", d, d.cardinality(), count);
        check(d.isSingle() == (count == 1), "%s: isSingle", d);
        long[] ks = RandomDistributions.gridIndices(rnd, count, 200);
        double[] grid = new double[ks.length];
        for (int j = 0; j < ks.length; j++) {
            grid[j] = d.low() + ks[j] * step;
        }
        DistributionProperties.gridPointsRoundTrip(d, grid);
    }
}
