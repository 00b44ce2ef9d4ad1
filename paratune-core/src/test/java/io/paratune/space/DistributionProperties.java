package io.paratune.space;

import static org.assertj.core.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The properties every distribution must have, checked on seeded random inputs: {@code fromUnit}
 * always gives a member, grid points survive both round trips exactly, {@code toUnit} and {@code
 * fromUnit} are monotone. Checks run in tight loops, so they test plainly and build a message only
 * on failure.
 */
final class DistributionProperties {
    private DistributionProperties() {}

    /** Unit values at and beyond the edges, which {@code fromUnit} must clamp. */
    static final double[] EDGE_UNITS = {
        0.0,
        -0.0,
        Double.MIN_VALUE,
        Double.MIN_NORMAL,
        1e-300,
        1e-17,
        0.5,
        1 - 1e-16,
        Math.nextDown(1.0),
        1.0,
        Math.nextUp(1.0),
        1.5,
        1e300,
        -1e-300,
        -0.5,
        -1e300,
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY,
        Double.NaN
    };

    static void check(boolean ok, String format, Object... args) {
        if (!ok) {
            fail(String.format(java.util.Locale.ROOT, format, args));
        }
    }

    /** Lower and upper bound of the members, or of the choice indices. */
    static double[] bounds(Distribution d) {
        if (d instanceof FloatDistribution f) {
            return new double[] {f.low(), f.high()};
        }
        if (d instanceof IntDistribution i) {
            return new double[] {i.low(), i.high()};
        }
        return new double[] {0, ((CategoricalDistribution) d).choices().size() - 1};
    }

    /** {@code fromUnit} of edge and random units is a member inside the bounds, monotone in the unit. */
    static void fromUnitGivesMembers(Distribution d, SplittableRandom rnd, int randomUnits) {
        double[] b = bounds(d);
        for (double u : EDGE_UNITS) {
            double x = d.fromUnit(u);
            check(d.contains(x) && x >= b[0] && x <= b[1], "%s: fromUnit(%s)=%s is not a member", d, u, x);
        }
        check(d.fromUnit(0) == b[0], "%s: fromUnit(0)=%s is not the lowest member", d, d.fromUnit(0));
        check(d.fromUnit(1) == b[1], "%s: fromUnit(1)=%s is not the highest member", d, d.fromUnit(1));
        double[] units = new double[randomUnits];
        for (int i = 0; i < units.length; i++) {
            units[i] = rnd.nextDouble();
        }
        Arrays.sort(units);
        double previous = Double.NEGATIVE_INFINITY;
        for (double u : units) {
            double x = d.fromUnit(u);
            check(d.contains(x) && x >= b[0] && x <= b[1], "%s: fromUnit(%s)=%s is not a member", d, u, x);
            check(x >= previous, "%s: fromUnit is not monotone: fromUnit(%s)=%s < %s", d, u, x, previous);
            previous = x;
        }
    }

    /**
     * Every point of an ascending grid is a member and maps exactly back through the unit
     * interval and through the external representation; {@code toUnit} is strictly increasing.
     */
    static void gridPointsRoundTrip(Distribution d, double[] ascendingGrid) {
        double previousUnit = -1;
        for (double v : ascendingGrid) {
            check(d.contains(v), "%s: grid point %s is not a member", d, v);
            double u = d.toUnit(v);
            check(u >= 0 && u <= 1, "%s: toUnit(%s)=%s is outside [0, 1]", d, v, u);
            check(u > previousUnit, "%s: toUnit is not strictly increasing at %s: %s <= %s", d, v, u, previousUnit);
            previousUnit = u;
            double back = d.fromUnit(u);
            check(back == v, "%s: fromUnit(toUnit(%s)) = fromUnit(%s) = %s", d, v, u, back);
            double internal = d.toInternal(d.toExternal(v));
            check(internal == v, "%s: toInternal(toExternal(%s)) = %s", d, v, internal);
        }
    }
}
