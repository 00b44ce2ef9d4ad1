package io.paratune.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Normal} against high-precision reference values ({@code normal-reference.csv}: mpmath at
 * 60 digits, at the branch points of each function and one ulp either side of them too), and its
 * symmetries, monotonicity, tails, special values and the edges of the {@link Normal#fastCdf}
 * table.
 */
class NormalTest {
    private static final double TAIL = 1.25 / Math.sqrt(0.5);

    private record Reference(String function, double x, BigDecimal value) {}

    private static List<Reference> references() throws IOException {
        List<Reference> out = new ArrayList<>();
        try (InputStream in = NormalTest.class.getResourceAsStream("normal-reference.csv");
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.startsWith("#")) {
                    String[] f = line.split(",");
                    out.add(new Reference(f[0], Double.parseDouble(f[1]), new BigDecimal(f[2])));
                }
            }
        }
        return out;
    }

    /** The error of {@code got} in units of the last place of the reference value. */
    private static double ulps(double got, BigDecimal reference) {
        double r = reference.doubleValue();
        if (!Double.isFinite(got)) {
            return Double.POSITIVE_INFINITY;
        }
        return new BigDecimal(got).subtract(reference).abs().doubleValue() / Math.ulp(r);
    }

    private static DoubleUnaryOperator function(String name) {
        return switch (name) {
            case "cdf" -> Normal::cdf;
            case "logCdf" -> Normal::logCdf;
            case "pdf" -> Normal::pdf;
            case "erfc" -> Normal::erfc;
            case "erfcx" -> Normal::erfcx;
            case "quantile" -> Normal::quantile;
            default -> throw new IllegalArgumentException(name);
        };
    }

    @Test
    void everyFunctionIsWithinAFewUlpsOfTheReferenceValues() throws IOException {
        // measured worst cases over thousands of random arguments: cdf 4.5, logCdf 5.7, pdf 2.9,
        // erfc 2.2, erfcx 3.2, quantile 6.1 ulps
        List<Reference> refs = references();
        assertThat(refs).hasSizeGreaterThan(300);
        for (Reference ref : refs) {
            double got = function(ref.function()).applyAsDouble(ref.x());
            assertThat(ulps(got, ref.value()))
                    .as("%s(%s) = %s, reference %s", ref.function(), ref.x(), got, ref.value())
                    .isLessThanOrEqualTo(8);
        }
    }

    @Test
    void logCdfStaysAccurateWhereTheCdfUnderflowsOrRoundsToOne() {
        // log Phi(z) = -z^2/2 - log(-z) - log sqrt(2 pi) + log(1 - 1/z^2 + 3/z^4 - ...)
        for (double z : new double[] {-100, -1e3, -1e4, -1e8}) {
            double w = 1 / (z * z);
            double expected =
                    -0.5 * z * z - Math.log(-z) - Normal.LOG_SQRT_2PI + Math.log1p(-w * (1 - 3 * w * (1 - 5 * w)));
            assertThat(Normal.logCdf(z)).as("z=%s", z).isCloseTo(expected, within(4 * Math.ulp(expected)));
            assertThat(Normal.cdf(z)).isZero();
        }
        // log Phi(z) = log(1 - Phi(-z)) = -Phi(-z) to rounding once Phi(-z) < 1e-17
        for (double z = 9; z < 38; z += 0.37) {
            double small = Normal.cdf(-z);
            assertThat(Normal.logCdf(z)).as("z=%s", z).isNegative().isCloseTo(-small, within(Math.ulp(small)));
            assertThat(Normal.cdf(z)).isEqualTo(1.0);
        }
        assertThat(Normal.logCdf(-1e200)).isEqualTo(Double.NEGATIVE_INFINITY); // -z^2/2 overflows
    }

    @Test
    void symmetries() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            double z = rng.nextDouble(-9, 9);
            assertThat(Normal.pdf(-z)).isEqualTo(Normal.pdf(z));
            assertThat(Normal.cdf(z) + Normal.cdf(-z)).as("z=%s", z).isCloseTo(1.0, within(3e-16));
            assertThat(Normal.erfc(z) + Normal.erfc(-z)).as("x=%s", z).isCloseTo(2.0, within(5e-16));
            double p = rng.nextInt(1, 1 << 20) / (double) (1 << 20); // 1 - p is exact
            assertThat(Normal.quantile(1 - p)).isEqualTo(-Normal.quantile(p));
            // the lower and upper tails' formulas meet: log Phi(z) and log(1 - Phi(-z))
            assertThat(Math.exp(Normal.logCdf(z))).as("z=%s", z).isCloseTo(Normal.cdf(z), within(1e-15));
        }
        for (double x = -26; x < 0; x += 0.013) {
            double expected = 2 * Math.exp(x * x) - Normal.erfcx(-x);
            assertThat(Normal.erfcx(x)).as("x=%s", x).isCloseTo(expected, within(2e-13 * expected));
        }
    }

    @Test
    void quantileInvertsTheCdfDownToTheSmallestDoubles() {
        for (double p = 1e-300; p < 0.5; p *= 1.7) {
            double z = Normal.quantile(p);
            assertThat(Normal.logCdf(z)).as("p=%s", p).isCloseTo(Math.log(p), within(1e-13 * -Math.log(p)));
            assertThat(Normal.quantile(1 - p)).isGreaterThanOrEqualTo(0.0);
        }
        // up to 5, where 1 - cdf(z) still has nine digits
        for (double z = -8; z < 5; z += 0.0173) {
            assertThat(Normal.quantile(Normal.cdf(z))).as("z=%s", z).isCloseTo(z, within(2e-8));
        }
    }

    @Test
    void monotoneOnAFineGrid() {
        double cdf = 0;
        double logCdf = Double.NEGATIVE_INFINITY;
        double erfc = 2;
        double erfcx = Double.POSITIVE_INFINITY;
        double fast = 0;
        for (int i = -45_000; i <= 45_000; i++) {
            double z = i / 1000.0;
            assertThat(Normal.cdf(z)).as("cdf(%s)", z).isGreaterThanOrEqualTo(cdf);
            assertThat(Normal.logCdf(z)).as("logCdf(%s)", z).isGreaterThanOrEqualTo(logCdf);
            assertThat(Normal.erfc(z)).as("erfc(%s)", z).isLessThanOrEqualTo(erfc);
            assertThat(Normal.erfcx(z)).as("erfcx(%s)", z).isLessThanOrEqualTo(erfcx);
            // the interpolant may round one ulp of 1 below its predecessor, well within its 1e-12 bound
            assertThat(Normal.fastCdf(z)).as("fastCdf(%s)", z).isGreaterThanOrEqualTo(fast - 0x1p-52);
            cdf = Normal.cdf(z);
            logCdf = Normal.logCdf(z);
            erfc = Normal.erfc(z);
            erfcx = Normal.erfcx(z);
            fast = Normal.fastCdf(z);
        }
        double q = Double.NEGATIVE_INFINITY;
        // up to 1 - 1e-12: closer to 1 the doubles are too coarse for steps of 1% of 1 - p
        for (double p = 1e-300; p < 1 - 1e-12; p = p < 0.5 ? p * 1.01 : 1 - (1 - p) / 1.01) {
            assertThat(Normal.quantile(p)).as("quantile(%s)", p).isGreaterThan(q);
            q = Normal.quantile(p);
        }
    }

    @Test
    void noJumpWhereAFormulaChanges() {
        // 64 ulps on each side of every join: each step moves the value the right way, or back by no
        // more than the few ulps of rounding (the reference values pin the joins themselves)
        double[] joins = {-38.6, -26.7, -6, -TAIL, -1.25, -0.84375, -0.25, 0.25, 0.84375, 1.25, 1 / 0.35, TAIL, 28};
        List<DoubleUnaryOperator> increasing = List.of(Normal::cdf, Normal::logCdf, Normal::fastCdf);
        List<DoubleUnaryOperator> decreasing = List.of(Normal::erfc, Normal::erfcx);
        for (double j : joins) {
            double z = j;
            for (int k = 0; k < 64; k++) {
                z = Math.nextDown(z);
            }
            for (int k = 0; k < 128; k++, z = Math.nextUp(z)) {
                double next = Math.nextUp(z);
                for (DoubleUnaryOperator f : increasing) {
                    double v = f.applyAsDouble(z);
                    assertThat(f.applyAsDouble(next)).as("at %s", z).isGreaterThanOrEqualTo(v - 4 * Math.ulp(v));
                }
                for (DoubleUnaryOperator f : decreasing) {
                    double v = f.applyAsDouble(z);
                    assertThat(f.applyAsDouble(next)).as("at %s", z).isLessThanOrEqualTo(v + 4 * Math.ulp(v));
                }
            }
        }
        // the quantile's joins: |p - 1/2| = 0.425 and sqrt(-log p) = 5
        for (double j : new double[] {0.075, 0.925, Math.exp(-25), 1 - Math.exp(-25)}) {
            double p = j;
            for (int k = 0; k < 64; k++) {
                p = Math.nextDown(p);
            }
            for (int k = 0; k < 128; k++, p = Math.nextUp(p)) {
                double v = Normal.quantile(p);
                assertThat(Normal.quantile(Math.nextUp(p))).as("at %s", p).isGreaterThanOrEqualTo(v - 4 * Math.ulp(v));
            }
        }
    }

    @Test
    void dLogCdfIsTheSlopeOfLogCdfInBothTails() {
        for (double z = -60; z <= 12; z += 0.0917) {
            double step = 1e-5 * Math.max(1, Math.abs(z));
            double fd = (Normal.logCdf(z + step) - Normal.logCdf(z - step)) / (2 * step);
            double slope = Normal.dLogCdf(z);
            assertThat(slope).as("z=%s", z).isPositive().isCloseTo(fd, within(1e-6 * Math.max(1, slope)));
        }
        // pdf / cdf: about -z far below zero, 0 far above
        assertThat(Normal.dLogCdf(-1e6)).isCloseTo(1e6, within(1e-3));
        assertThat(Normal.dLogCdf(40)).isZero();
    }

    @Test
    void logMassIsTheLogOfTheIntervalsMassInBothTails() {
        assertThat(Normal.logMass(-1, 1)).isCloseTo(Math.log(Normal.cdf(1) - Normal.cdf(-1)), within(1e-15));
        assertThat(Normal.logMass(30, 31)).isCloseTo(Normal.logCdf(-30), within(1e-9));
        assertThat(Normal.logMass(-31, -30)).isEqualTo(Normal.logMass(30, 31));
        // mpmath: log(ncdf(-49.999) - ncdf(-50)); the difference of logs costs digits of the mass
        assertThat(Normal.logMass(-50, -49.999)).isCloseTo(-1257.8015898164459593, within(1e-9));
        assertThat(Normal.logMass(-31, -30)).isCloseTo(-454.32124395634325204, within(1e-10));
        assertThat(Normal.logMass(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY))
                .isZero();
        assertThat(Normal.logMass(2, 2)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Normal.logMass(3, 2)).isEqualTo(Double.NEGATIVE_INFINITY);
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 2000; i++) {
            double a = rng.nextDouble(-6, 6);
            double b = a + rng.nextDouble(1e-3, 4);
            // from the side where the difference does not cancel
            double exact = a > 0 ? Normal.cdf(-a) - Normal.cdf(-b) : Normal.cdf(b) - Normal.cdf(a);
            assertThat(Math.exp(Normal.logMass(a, b))).as("[%s, %s]", a, b).isCloseTo(exact, within(1e-13 * exact));
        }
    }

    @ParameterizedTest
    @CsvSource({
        // function, argument, expected
        "cdf, -Infinity, 0",
        "cdf, Infinity, 1",
        "cdf, -0.0, 0.5",
        "cdf, 4.9E-324, 0.5",
        "cdf, -1.7976931348623157E308, 0",
        "cdf, 1.7976931348623157E308, 1",
        "logCdf, -Infinity, -Infinity",
        "logCdf, Infinity, 0",
        "logCdf, 1.7976931348623157E308, 0",
        "logCdf, -1.7976931348623157E308, -Infinity",
        "pdf, -Infinity, 0",
        "pdf, Infinity, 0",
        "pdf, 0, 0.3989422804014327",
        "pdf, 1.7976931348623157E308, 0",
        "erfc, -Infinity, 2",
        "erfc, Infinity, 0",
        "erfc, 0, 1",
        "erfc, -0.0, 1",
        "erfc, 4.9E-324, 1",
        "erfc, 28, 0",
        "erfcx, -Infinity, Infinity",
        "erfcx, -27, Infinity",
        "erfcx, Infinity, 0",
        "erfcx, 0, 1",
        "erfcx, 1.7976931348623157E308, 3.138408733985445E-309",
        "dLogCdf, -Infinity, Infinity",
        "dLogCdf, Infinity, 0",
        "quantile, 0, -Infinity",
        "quantile, 1, Infinity",
        "quantile, 0.5, 0",
        "quantile, -0.0, -Infinity",
        "quantile, -1e-300, NaN",
        "quantile, 1.0000000000000002, NaN",
        "quantile, -Infinity, NaN",
        "quantile, Infinity, NaN",
        "fastCdf, -Infinity, 0",
        "fastCdf, Infinity, 1",
        "fastCdf, 0, 0.5"
    })
    void specialValues(String name, double x, double expected) {
        DoubleUnaryOperator f =
                name.equals("dLogCdf") ? Normal::dLogCdf : name.equals("fastCdf") ? Normal::fastCdf : function(name);
        // + 0.0 makes a -0.0 result 0.0: the sign of a zero is not part of the contract
        double got = f.applyAsDouble(x) + 0.0;
        if (Double.isNaN(expected)) {
            assertThat(got).as("%s(%s)", name, x).isNaN();
        } else {
            assertThat(got).as("%s(%s)", name, x).isEqualTo(expected);
        }
    }

    @Test
    void nanGivesNan() {
        for (String name : new String[] {"cdf", "logCdf", "pdf", "erfc", "erfcx", "quantile"}) {
            assertThat(function(name).applyAsDouble(Double.NaN)).as(name).isNaN();
            // a NaN whose payload sits in the low bits that the exact-square split clears
            assertThat(function(name).applyAsDouble(Double.longBitsToDouble(0x7ff0000000000001L)))
                    .as(name)
                    .isNaN();
        }
        assertThat(Normal.dLogCdf(Double.NaN)).isNaN();
        assertThat(Normal.fastCdf(Double.NaN)).isNaN();
    }

    @Test
    void fastCdfIsWithinItsBoundOfCdfAcrossTheTable() {
        SplittableRandom rng = new SplittableRandom(11);
        double worst = 0;
        double worstAt = Double.NaN;
        for (int i = 0; i < 200_000; i++) {
            double z = rng.nextDouble(-Normal.TABLE_END - 0.5, Normal.TABLE_END + 0.5);
            double error = Math.abs(Normal.fastCdf(z) - Normal.cdf(z));
            if (error > worst) {
                worst = error;
                worstAt = z;
            }
        }
        assertThat(worst).as("at z=%s", worstAt).isLessThan(1e-12);
        // at the nodes the interpolant is the table entry itself
        for (int i = -9 * 256 + 1; i < 9 * 256; i += 37) {
            double z = i / 256.0;
            assertThat(Normal.fastCdf(z)).as("z=%s", z).isEqualTo(Normal.cdf(z));
        }
    }

    @Test
    void fastCdfTakesEveryArgumentAtAndAroundTheTableEnds() {
        // just below the upper end, (z + 9) * 256 rounds to the index of the last entry
        double end = Normal.TABLE_END;
        double[] edges = {
            Math.nextDown(end),
            end - 1e-15,
            end,
            Math.nextUp(end),
            Math.nextUp(-end),
            -end + 1e-15,
            -end,
            Math.nextDown(-end),
            Double.MAX_VALUE,
            -Double.MAX_VALUE,
            Double.MIN_VALUE,
            -Double.MIN_VALUE
        };
        for (double z : edges) {
            assertThat(Normal.fastCdf(z)).as("z=%s", z).isCloseTo(Normal.cdf(z), within(1e-12));
        }
        assertThat(Normal.fastCdf(end)).isEqualTo(1.0);
        assertThat(Normal.fastCdf(Math.nextUp(end))).isEqualTo(1.0);
        assertThat(Normal.fastCdf(-end)).isZero();
        assertThat(Normal.fastCdf(Math.nextDown(-end))).isZero();
        assertThat(Normal.fastCdf(Math.nextUp(-end))).isBetween(0.0, 1e-18);
        assertThat(Normal.fastCdf(Math.nextDown(end))).isBetween(1 - 1e-12, 1.0);
        for (double z = end - 1e-12; z < end; z = Math.nextUp(z + 1e-15)) {
            assertThat(Normal.fastCdf(z)).as("z=%s", z).isCloseTo(1.0, within(1e-12));
        }
        for (double z = -end; z < -end + 1e-12; z = Math.nextUp(z + 1e-15)) {
            assertThat(Normal.fastCdf(z)).as("z=%s", z).isBetween(0.0, 1e-18);
        }
    }
}
