package io.paratune.space;

import static io.paratune.internal.Checks.finite;
import static io.paratune.internal.Checks.require;

import java.math.BigDecimal;
import java.util.OptionalDouble;

/**
 * A floating-point parameter in {@code [low, high]}, either continuous, on a logarithmic scale
 * ({@code log}) or on the grid {@code low, low + step, ..., high} ({@code step}).
 *
 * <p>The internal value is the number itself. The unit mapping is linear (or linear in log space,
 * except for log ranges narrower than a relative 1e-6, where log space is linear to that precision);
 * with a step, each of the grid points owns an equal cell of {@code [0, 1]} and maps to its centre.
 *
 * @param name the parameter name, used in error messages
 * @param low the lower bound, inclusive
 * @param high the upper bound, inclusive; {@code low == high} is allowed (a fixed value); {@code
 *     high - low} must be a finite double
 * @param log whether values are spread uniformly in log space; needs {@code low > 0}
 * @param step the grid spacing, absent for a continuous range; must divide {@code high - low} (up to
 *     the rounding of decimal bounds) and be at least 1024 times the spacing of doubles at the
 *     bounds' magnitude, so that grid points stay distinct
 */
public record FloatDistribution(String name, double low, double high, boolean log, OptionalDouble step)
        implements Distribution {

    /** Relative tolerance (in steps) within which a number counts as a grid point. */
    private static final double GRID_TOLERANCE = 1e-9;

    /**
     * The smallest step, in units of the spacing of doubles at the bounds' magnitude, that keeps
     * neighbouring grid points apart after rounding.
     */
    private static final double MIN_STEP_IN_ULPS = 1024;

    public FloatDistribution {
        require(name != null && !name.isEmpty(), "parameter name is empty; give every parameter a name");
        finite(name, "low", low);
        finite(name, "high", high);
        require(low <= high, "parameter '%s': low=%s > high=%s; swap low and high", name, low, high);
        // one canonical zero: -0.0 would compare unequal to the 0.0 a storage reads back
        low += 0.0;
        high += 0.0;
        require(Double.isFinite(high - low), "parameter '%s': the range [%s, %s] is wider than the largest double"
                + " (high - low overflows); narrow the range", name, low, high);
        require(step != null, "parameter '%s': step is null; use OptionalDouble.empty() for no step", name);
        if (log) {
            require(low > 0, "parameter '%s': log=true needs low > 0, got low=%s; use a positive low bound"
                    + " (for example 1e-8) or log=false", name, low);
        }
        if (step.isPresent()) {
            double s = step.getAsDouble();
            require(!log, "parameter '%s': step=%s cannot be combined with log=true; drop the step or set"
                    + " log=false", name, s);
            require(Double.isFinite(s) && s > 0, "parameter '%s': step=%s must be a positive finite number;"
                    + " give a step > 0 or none", name, s);
            double spacing = Math.ulp(Math.max(Math.abs(low), Math.abs(high)));
            require(s >= MIN_STEP_IN_ULPS * spacing, "parameter '%s': step=%s is too small for bounds of magnitude"
                    + " %s, where doubles are %s apart; use a larger step (at least %s) or no step",
                    name, s, Math.max(Math.abs(low), Math.abs(high)), spacing, MIN_STEP_IN_ULPS * spacing);
            double steps = (high - low) / s;
            long k = Math.round(steps);
            // the bounds are rounded decimals: allow their rounding on top of the relative tolerance
            double tolerance = GRID_TOLERANCE * Math.max(1, steps) + (Math.ulp(low) + Math.ulp(high)) / s;
            require(Math.abs(steps - k) <= tolerance,
                    "parameter '%s': step=%s does not divide the range [%s, %s] (%s steps); choose a step"
                            + " that divides high - low, or set high=%s",
                    name, s, low, high, steps, gridValue(low, s, (long) Math.floor(steps)));
        }
    }

    /** A continuous range. */
    public static FloatDistribution of(String name, double low, double high) {
        return new FloatDistribution(name, low, high, false, OptionalDouble.empty());
    }

    /** A continuous range, uniform in log space. */
    public static FloatDistribution logScale(String name, double low, double high) {
        return new FloatDistribution(name, low, high, true, OptionalDouble.empty());
    }

    /** The grid {@code low, low + step, ..., high}. */
    public static FloatDistribution stepped(String name, double low, double high, double step) {
        return new FloatDistribution(name, low, high, false, OptionalDouble.of(step));
    }

    /** Number of grid intervals, or -1 without a step. */
    private long intervals() {
        return step.isPresent() ? Math.round((high - low) / step.getAsDouble()) : -1;
    }

    private static double gridValue(double low, double step, long k) {
        return BigDecimal.valueOf(low).add(BigDecimal.valueOf(step).multiply(BigDecimal.valueOf(k))).doubleValue();
    }

    private double gridPoint(long k) {
        return k == intervals() ? high : gridValue(low, step.getAsDouble(), k);
    }

    /** How far a number may be from a grid point and still count as that point. */
    private double gridSlack() {
        return Math.max(GRID_TOLERANCE * step.getAsDouble(), 4 * Math.ulp(Math.max(Math.abs(low), Math.abs(high))));
    }

    private long nearestIndex(double x) {
        return Math.round((x - low) / step.getAsDouble());
    }

    @Override
    public double toInternal(Object external) {
        require(external instanceof Number, "parameter '%s': value %s is not a number; give a number in [%s, %s]",
                name, external, low, high);
        double x = ((Number) external).doubleValue();
        if (step.isPresent()) {
            long k = nearestIndex(x);
            double snapped = k >= 0 && k <= intervals() ? gridPoint(k) : Double.NaN;
            require(Math.abs(x - snapped) <= gridSlack(),
                    "parameter '%s': value %s is not on the grid %s + k*%s within [%s, %s]; give a grid value",
                    name, x, low, step.getAsDouble(), low, high);
            return snapped;
        }
        require(contains(x), "parameter '%s': value %s is outside [%s, %s]; give a value inside the bounds",
                name, x, low, high);
        return x;
    }

    @Override
    public Object toExternal(double internal) {
        return internal;
    }

    @Override
    public boolean contains(double x) {
        if (!(x >= low && x <= high)) {
            return false;
        }
        if (step.isPresent()) {
            long k = nearestIndex(x);
            return Math.abs(x - gridPoint(k)) <= gridSlack();
        }
        return true;
    }

    @Override
    public double toUnit(double x) {
        if (low == high) {
            return 0.5;
        }
        if (step.isPresent()) {
            long n = intervals() + 1;
            long k = Math.max(0, Math.min(nearestIndex(x), n - 1));
            return (k + 0.5) / n;
        }
        double u = logMapped() ? (Math.log(x) - Math.log(low)) / (Math.log(high) - Math.log(low))
                : (x - low) / (high - low);
        return Math.max(0, Math.min(1, u));
    }

    @Override
    public double fromUnit(double unit) {
        if (low == high || !(unit > 0)) {
            return low;
        }
        if (unit >= 1) {
            return high;
        }
        if (step.isPresent()) {
            long n = intervals() + 1;
            return gridPoint(Math.min((long) Math.floor(unit * n), n - 1));
        }
        double x = logMapped() ? Math.exp(Math.log(low) + unit * (Math.log(high) - Math.log(low)))
                : low + unit * (high - low);
        return Math.max(low, Math.min(high, x));
    }

    /**
     * Whether the unit interval maps in log space: for {@code log} ranges wider than a relative
     * 1e-6. Narrower ones map linearly: the log is linear there to within 1e-6, and the logs of bounds
     * a few ulps apart are equal or one ulp apart, which would map members to NaN or onto the bounds.
     */
    private boolean logMapped() {
        return log && high / low > 1 + 1e-6;
    }

    @Override
    public boolean isSingle() {
        return low == high;
    }

    @Override
    public long cardinality() {
        return low == high ? 1 : step.isPresent() ? intervals() + 1 : -1;
    }

    @Override
    public boolean sameRange(Distribution other) {
        return other instanceof FloatDistribution o
                && o.low == low && o.high == high && o.log == log && o.step.equals(step);
    }
}
