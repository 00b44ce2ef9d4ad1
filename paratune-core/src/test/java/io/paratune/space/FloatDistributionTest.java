package io.paratune.space;

import static io.paratune.space.DistributionProperties.check;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class FloatDistributionTest {

    static LongStream seeds() {
        return LongStream.range(0, 25);
    }

    // ---- validation ----

    @Test
    void lowAboveHighNamesBothBoundsAndTheFix() {
        assertThatThrownBy(() -> FloatDistribution.of("lr", 2, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'lr'", "low=2.0", "high=1.0", "swap");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -1e-3, -5})
    void logNeedsAPositiveLowBound(double low) {
        assertThatThrownBy(() -> FloatDistribution.logScale("lr", low, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'lr'", "low=" + low, "log=false", "positive low");
    }

    @ParameterizedTest
    @CsvSource({"0, 0.5", "-0.1, 0.5", "0.1, 1", "0.1, 1.5", "0, 1"})
    void logitNeedsBoundsStrictlyInsideTheUnitInterval(double low, double high) {
        assertThatThrownBy(() -> FloatDistribution.logitScale("dropout", low, high))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'dropout'", "logit=true", "0 < low and high < 1", "[0.01, 0.99]");
    }

    @Test
    void stepCannotBeCombinedWithLogit() {
        assertThatThrownBy(() ->
                        new FloatDistribution("p", 0.2, 0.8, FloatDistribution.Scale.LOGIT, OptionalDouble.of(0.1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'p'", "step=0.1", "logit=true", "drop the step");
    }

    @Test
    void theBooleanConstructorMeansLogOrLinear() {
        assertThat(new FloatDistribution("lr", 1e-3, 1, true, OptionalDouble.empty()))
                .isEqualTo(FloatDistribution.logScale("lr", 1e-3, 1));
        assertThat(new FloatDistribution("x", 0, 1, false, OptionalDouble.empty()))
                .isEqualTo(FloatDistribution.of("x", 0, 1));
        assertThat(FloatDistribution.logitScale("p", 0.1, 0.9).log()).isFalse();
        assertThat(FloatDistribution.logitScale("p", 0.1, 0.9).logit()).isTrue();
    }

    @Test
    void negativeZeroBoundsAreTheSameRangeAsZero() {
        // a storage writes -0.0 back as 0.0; the range must still equal the one the objective asks for
        FloatDistribution negative = FloatDistribution.of("x", -0.0, 1);
        assertThat(negative).isEqualTo(FloatDistribution.of("x", 0.0, 1));
        assertThat(Double.compare(negative.low(), 0.0)).isZero();
        assertThat(FloatDistribution.of("y", -1, -0.0)).isEqualTo(FloatDistribution.of("y", -1, 0.0));
        assertThat(FloatDistribution.of("z", -0.0, -0.0).high()).isEqualTo(0.0);
    }

    @Test
    void stepThatDoesNotDivideTheRangeSuggestsAHighThatFits() {
        assertThatThrownBy(() -> FloatDistribution.stepped("dropout", 0, 1, 0.3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'dropout'", "step=0.3", "does not divide", "[0.0, 1.0]", "high=0.9");
    }

    @Test
    void stepCannotBeCombinedWithLog() {
        assertThatThrownBy(() -> new FloatDistribution("lr", 1, 10, true, OptionalDouble.of(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'lr'", "step=1.0", "log=true", "drop the step");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -0.1, Double.NaN, Double.POSITIVE_INFINITY})
    void stepMustBePositiveAndFinite(double step) {
        assertThatThrownBy(() -> FloatDistribution.stepped("x", 0, 1, step))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'x'", "step=" + step, "step > 0");
    }

    @Test
    void nullStepIsRejected() {
        assertThatThrownBy(() -> new FloatDistribution("x", 0, 1, false, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'x'", "OptionalDouble.empty()");
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void boundsMustBeFinite(double bad) {
        assertThatThrownBy(() -> FloatDistribution.of("x", bad, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'x'", "low=" + bad, "finite");
        assertThatThrownBy(() -> FloatDistribution.of("x", 0, bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'x'", "high=" + bad, "finite");
    }

    @Test
    void rangeWiderThanTheLargestDoubleIsRejected() {
        assertThatThrownBy(() -> FloatDistribution.of("x", -Double.MAX_VALUE, Double.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'x'", "high - low", "narrow");
    }

    @Test
    void stepTooSmallToResolveAtTheBoundsMagnitudeIsRejected() {
        assertThatThrownBy(() -> FloatDistribution.stepped("x", 1e10, 1e10 + 1, 1e-9))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'x'", "step=1.0E-9", "larger step");
    }

    @Test
    void nameMustNotBeEmpty() {
        assertThatThrownBy(() -> FloatDistribution.of("", 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name is empty");
        assertThatThrownBy(() -> FloatDistribution.of(null, 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name is empty");
    }

    @Test
    void decimalStepsTypedByUsersAreAccepted() {
        assertThat(FloatDistribution.stepped("x", 0.1, 0.9, 0.1).cardinality()).isEqualTo(9);
        assertThat(FloatDistribution.stepped("x", 0, 1, 0.1).cardinality()).isEqualTo(11);
        assertThat(FloatDistribution.stepped("x", 12345678.9, 12345679.0, 0.001).cardinality())
                .isEqualTo(101);
        assertThat(FloatDistribution.stepped("x", -3.3, 3.3, 1.1).cardinality()).isEqualTo(7);
    }

    // ---- mappings ----

    @Test
    void continuousMapsLinearlyAndLogMapsInLogSpace() {
        FloatDistribution lin = FloatDistribution.of("x", -2, 6);
        assertThat(lin.toUnit(2)).isEqualTo(0.5);
        assertThat(lin.fromUnit(0.25)).isEqualTo(0.0);
        FloatDistribution log = FloatDistribution.logScale("lr", 1e-4, 1);
        assertThat(log.fromUnit(0.5)).isCloseTo(1e-2, within(1e-15));
        assertThat(log.toUnit(1e-3)).isCloseTo(0.25, within(1e-15));
    }

    @Test
    void logitMapsInLogitSpaceSymmetricallyAboutOneHalf() {
        FloatDistribution d = FloatDistribution.logitScale("p", 0.01, 0.99);
        assertThat(d.toUnit(0.5)).isCloseTo(0.5, within(1e-15));
        assertThat(d.fromUnit(0.5)).isCloseTo(0.5, within(1e-15));
        // logit 0.01 = -log 99 and logit 0.99 = log 99: a quarter of the way is log-odds -log(99) / 2
        double quarter = 1 / (1 + Math.sqrt(99));
        assertThat(d.fromUnit(0.25)).isCloseTo(quarter, within(1e-15));
        assertThat(d.toUnit(quarter)).isCloseTo(0.25, within(1e-14));
        assertThat(d.toUnit(0.1) + d.toUnit(0.9)).isCloseTo(1.0, within(1e-14));
        // as fine near 1 as near 0: 0.999 and 0.9999 are as far apart as 1e-3 and 1e-4
        FloatDistribution wide = FloatDistribution.logitScale("p", 1e-6, 1 - 1e-6);
        assertThat(wide.toUnit(0.9999) - wide.toUnit(0.999))
                .isCloseTo(wide.toUnit(1e-3) - wide.toUnit(1e-4), within(1e-6));
    }

    @Test
    void logitRangesAFewUlpsWideOrNearOneMapIntoTheUnitIntervalAndRoundTrip() {
        for (double low : new double[] {1e-300, 0.5, Math.nextDown(1.0) - 4 * Math.ulp(1.0), Double.MIN_VALUE}) {
            rangesAFewUlpsWideRoundTrip(low, 3, high -> FloatDistribution.logitScale("p", low, high));
        }
    }

    /**
     * For ranges from {@code low} to 1 .. {@code widths} ulps above it: unit draws give members, and
     * every member maps into the unit interval and back to itself.
     */
    private static void rangesAFewUlpsWideRoundTrip(
            double low, int widths, java.util.function.DoubleFunction<FloatDistribution> upTo) {
        double high = low;
        for (int width = 1; width <= widths; width++) {
            high = Math.nextUp(high);
            FloatDistribution d = upTo.apply(high);
            DistributionProperties.fromUnitGivesMembers(d, new SplittableRandom(width), 50);
            double[] members = new double[width + 1];
            members[0] = low;
            for (int k = 1; k <= width; k++) {
                members[k] = Math.nextUp(members[k - 1]);
            }
            DistributionProperties.gridPointsRoundTrip(d, members);
        }
    }

    @Test
    void everyStepOwnsAnEqualCellOfTheUnitInterval() {
        FloatDistribution d = FloatDistribution.stepped("x", 0, 1, 0.25);
        assertThat(d.toUnit(0)).isEqualTo(0.1);
        assertThat(d.toUnit(1)).isCloseTo(0.9, within(1e-15));
        assertThat(d.fromUnit(0.199)).isEqualTo(0.0);
        assertThat(d.fromUnit(0.2)).isEqualTo(0.25);
        assertThat(d.fromUnit(0.79)).isEqualTo(0.75);
        assertThat(d.fromUnit(0.81)).isEqualTo(1.0);
    }

    @Test
    void toInternalSnapsNearlyGridValuesAndRejectsOthersNamingTheValue() {
        FloatDistribution d = FloatDistribution.stepped("x", 0, 1, 0.1);
        assertThat(d.toInternal(0.1 + 0.2)).isEqualTo(0.3);
        assertThat(d.toInternal(1)).isEqualTo(1.0);
        assertThatThrownBy(() -> d.toInternal(0.35))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'x'", "0.35", "grid");
        assertThatThrownBy(() -> d.toInternal(1.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'x'", "1.1");
        FloatDistribution c = FloatDistribution.of("y", 0, 1);
        assertThatThrownBy(() -> c.toInternal(1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'y'", "1.5", "[0.0, 1.0]");
        assertThatThrownBy(() -> c.toInternal("0.5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'y'", "0.5", "not a number");
        assertThat(c.toExternal(0.5)).isInstanceOf(Double.class).isEqualTo(0.5);
    }

    @Test
    void containsChecksBoundsAndGrid() {
        FloatDistribution d = FloatDistribution.stepped("x", 0, 1, 0.25);
        assertThat(d.contains(0.5)).isTrue();
        assertThat(d.contains(0.6)).isFalse();
        assertThat(d.contains(-0.25)).isFalse();
        assertThat(d.contains(1.25)).isFalse();
        assertThat(d.contains(Double.NaN)).isFalse();
        assertThat(FloatDistribution.of("x", 0, 1).contains(Double.NaN)).isFalse();
        assertThat(FloatDistribution.of("x", 0, 1).contains(Math.nextUp(1.0))).isFalse();
    }

    // ---- cardinality, single, same range ----

    @Test
    void cardinalityAndIsSingle() {
        assertThat(FloatDistribution.of("x", 0, 1).cardinality()).isEqualTo(-1);
        assertThat(FloatDistribution.of("x", 0, 1).isSingle()).isFalse();
        assertThat(FloatDistribution.of("x", 3, 3).cardinality()).isEqualTo(1);
        assertThat(FloatDistribution.of("x", 3, 3).isSingle()).isTrue();
        assertThat(FloatDistribution.logScale("x", 3, 3).isSingle()).isTrue();
        assertThat(FloatDistribution.stepped("x", 0, 1, 0.5).cardinality()).isEqualTo(3);
        assertThat(FloatDistribution.stepped("x", 2, 2, 0.5).isSingle()).isTrue();
        assertThat(FloatDistribution.stepped("x", 2, 2, 0.5).cardinality()).isEqualTo(1);
        FloatDistribution single = FloatDistribution.of("x", 3, 3);
        assertThat(single.fromUnit(0.7)).isEqualTo(3.0);
        assertThat(single.toUnit(3)).isBetween(0.0, 1.0);
    }

    @Test
    void sameRangeIgnoresTheNameButNothingElse() {
        FloatDistribution d = FloatDistribution.of("x", 0, 1);
        assertThat(d.sameRange(FloatDistribution.of("y", 0, 1))).isTrue();
        assertThat(d.sameRange(FloatDistribution.of("x", 0, 2))).isFalse();
        assertThat(d.sameRange(FloatDistribution.of("x", -1, 1))).isFalse();
        assertThat(FloatDistribution.of("x", 1, 2).sameRange(FloatDistribution.logScale("x", 1, 2)))
                .isFalse();
        assertThat(FloatDistribution.of("x", 0.1, 0.2).sameRange(FloatDistribution.logitScale("x", 0.1, 0.2)))
                .isFalse();
        assertThat(FloatDistribution.logScale("x", 0.1, 0.2).sameRange(FloatDistribution.logitScale("x", 0.1, 0.2)))
                .isFalse();
        assertThat(d.sameRange(FloatDistribution.stepped("x", 0, 1, 0.5))).isFalse();
        assertThat(FloatDistribution.stepped("x", 0, 1, 0.5).sameRange(FloatDistribution.stepped("z", 0, 1, 0.5)))
                .isTrue();
        assertThat(FloatDistribution.stepped("x", 0, 1, 0.5).sameRange(FloatDistribution.stepped("x", 0, 1, 0.25)))
                .isFalse();
        assertThat(d.sameRange(IntDistribution.of("x", 0, 1))).isFalse();
        assertThat(d.sameRange(CategoricalDistribution.of("x", java.util.List.of(0.0, 1.0))))
                .isFalse();
    }

    // ---- properties on random distributions ----

    @ParameterizedTest
    @MethodSource("seeds")
    void continuousRangesMapIntoThemselvesAndRoundTrip(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < 8; i++) {
            FloatDistribution d = switch (rnd.nextInt(3)) {
                case 0 -> RandomDistributions.continuousFloat(rnd);
                case 1 -> RandomDistributions.logFloat(rnd);
                default -> RandomDistributions.logitFloat(rnd);
            };
            DistributionProperties.fromUnitGivesMembers(d, rnd, 100);
            assertThat(d.cardinality()).isEqualTo(d.low() == d.high() ? 1 : -1);
            double[] members = randomMembers(d, rnd, 100);
            double previousUnit = -1;
            for (double x : members) {
                check(d.contains(x), "%s does not contain %s", d, x);
                check(d.toInternal(d.toExternal(x)) == x, "%s: toInternal(toExternal(%s)) != %s", d, x, x);
                double u = d.toUnit(x);
                check(
                        u >= 0 && u <= 1 && u >= previousUnit,
                        "%s: toUnit(%s)=%s outside [0, 1] or below %s",
                        d,
                        x,
                        u,
                        previousUnit);
                previousUnit = u;
                double scale = d.log() ? x : d.logit() ? x * (1 - x) : Math.max(Math.abs(x), d.high() - d.low());
                double back = d.fromUnit(u);
                // logit ranges also lose the spacing of doubles near 1 in 1 / (1 + exp(-t))
                double slack = d.logit() ? 2 * Math.ulp(x) : 0;
                check(Math.abs(back - x) <= 1e-12 * scale + slack, "%s: fromUnit(toUnit(%s)) = %s", d, x, back);
            }
        }
    }

    @Test
    void logRangesAFewUlpsWideMapIntoTheUnitIntervalAndRoundTrip() {
        // the logs of such bounds are equal or one ulp apart: log space cannot tell their members apart
        for (double low : new double[] {1e-4, 1e6, 1e-300, 1.0, 3e300, Double.MIN_NORMAL}) {
            rangesAFewUlpsWideRoundTrip(low, 4, high -> FloatDistribution.logScale("lr", low, high));
        }
        // a relative width of 1e-6 still maps in log space
        FloatDistribution wide = FloatDistribution.logScale("lr", 1, 1 + 2e-6);
        assertThat(wide.toUnit(1 + 1e-6)).isCloseTo(Math.log1p(1e-6) / Math.log1p(2e-6), within(1e-9));
    }

    /** Random members, ascending, including both bounds and their neighbours. */
    private static double[] randomMembers(FloatDistribution d, SplittableRandom rnd, int n) {
        double[] xs = new double[n + 4];
        for (int i = 0; i < n; i++) {
            double r = rnd.nextDouble();
            double x = d.log()
                    ? Math.exp(Math.log(d.low()) + r * (Math.log(d.high()) - Math.log(d.low())))
                    : d.logit() ? d.low() + Math.pow(r, 4) * (d.high() - d.low()) : d.low() + r * (d.high() - d.low());
            xs[i] = Math.max(d.low(), Math.min(d.high(), x));
        }
        xs[n] = d.low();
        xs[n + 1] = d.high();
        xs[n + 2] = Math.min(d.high(), Math.nextUp(d.low()));
        xs[n + 3] = Math.max(d.low(), Math.nextDown(d.high()));
        Arrays.sort(xs);
        return xs;
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void steppedGridPointsRoundTripExactly(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < 8; i++) {
            FloatDistribution d = RandomDistributions.steppedFloat(rnd);
            DistributionProperties.fromUnitGivesMembers(d, rnd, 100);
            double step = d.step().getAsDouble();
            long count = d.cardinality();
            assertThat(count).as("%s cardinality", d).isEqualTo(Math.round((d.high() - d.low()) / step) + 1);
            long[] ks = RandomDistributions.gridIndices(rnd, count, 100);
            double[] grid = new double[ks.length];
            BigDecimal low = BigDecimal.valueOf(d.low());
            BigDecimal decimalStep = BigDecimal.valueOf(step);
            for (int j = 0; j < ks.length; j++) {
                double decimal =
                        low.add(decimalStep.multiply(BigDecimal.valueOf(ks[j]))).doubleValue();
                grid[j] = d.toInternal(decimal);
                check(Math.abs(grid[j] - decimal) <= 1e-9 * step, "%s: grid point %s is %s", d, decimal, grid[j]);
            }
            assertThat(grid[0]).isEqualTo(d.low());
            if (ks[ks.length - 1] == count - 1) {
                assertThat(grid[grid.length - 1]).isEqualTo(d.high());
            }
            DistributionProperties.gridPointsRoundTrip(d, grid);
        }
    }
}
