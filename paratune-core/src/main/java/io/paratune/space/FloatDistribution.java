package io.paratune.space;

import static io.paratune.internal.Checks.finite;
import static io.paratune.internal.Checks.require;

import java.math.BigDecimal;
import java.util.OptionalDouble;

/**
 * A floating-point parameter in {@code [low, high]}: continuous on a linear, logarithmic or logit
 * {@link Scale}, or on the grid {@code low, low + step, ..., high} ({@code step}).
 *
 * <p>The internal value is the number itself. The unit mapping, which every sampler works in, is
 * linear in the scale's coordinate: {@code x}, {@code log x} or {@code logit x = log(x / (1 - x))}
 * (for ranges whose span in that coordinate is under 1e-6, where the coordinate is linear in
 * {@code x} to that precision, the mapping is linear in {@code x}); with a step, each of the grid
 * points owns an equal cell of {@code [0, 1]} and maps to its centre.
 *
 * @param name the parameter name, used in error messages
 * @param low the lower bound, inclusive
 * @param high the upper bound, inclusive; {@code low == high} is allowed (a fixed value); {@code
 *     high - low} must be a finite double
 * @param scale how values are spread: {@link Scale#LOG} needs {@code low > 0}, {@link Scale#LOGIT}
 *     needs {@code 0 < low} and {@code high < 1}; neither combines with a step
 * @param step the grid spacing, absent for a continuous range; must divide {@code high - low} (up to
 *     the rounding of decimal bounds) and be at least 1024 times the spacing of doubles at the
 *     bounds' magnitude, so that grid points stay distinct
 */
public record FloatDistribution(String name, double low, double high, Scale scale, OptionalDouble step)
        implements Distribution {

    /** The coordinate in which a continuous float parameter's values are spread uniformly. */
    public enum Scale {
        /** The value itself. */
        LINEAR,
        /** {@code log x}, for positive quantities spanning orders of magnitude (learning rates, penalties). */
        LOG,
        /**
         * {@code log(x / (1 - x))}, for fractions in {@code (0, 1)} whose ends both matter (a
         * dropout rate, a subsample or split fraction): as fine near 0 and near 1 as {@code LOG} is
         * near 0.
         */
        LOGIT
    }

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
        require(
                Double.isFinite(high - low),
                "parameter '%s': the range [%s, %s] is wider than the largest double"
                        + " (high - low overflows); narrow the range",
                name,
                low,
                high);
        require(step != null, "parameter '%s': step is null; use OptionalDouble.empty() for no step", name);
        require(scale != null, "parameter '%s': scale is null; use Scale.LINEAR for a linear range", name);
        if (scale == Scale.LOG) {
            require(
                    low > 0,
                    "parameter '%s': log=true needs low > 0, got low=%s; use a positive low bound"
                            + " (for example 1e-8) or log=false",
                    name,
                    low);
        }
        if (scale == Scale.LOGIT) {
            require(
                    low > 0 && high < 1,
                    "parameter '%s': logit=true needs 0 < low and high < 1, got [%s, %s];"
                            + " use bounds strictly inside (0, 1) (for example [0.01, 0.99]) or logit=false",
                    name,
                    low,
                    high);
        }
        if (step.isPresent()) {
            double s = step.getAsDouble();
            require(
                    scale == Scale.LINEAR,
                    "parameter '%s': step=%s cannot be combined with %s=true; drop the step" + " or the %s scale",
                    name,
                    s,
                    scale.name().toLowerCase(java.util.Locale.ROOT),
                    scale.name().toLowerCase(java.util.Locale.ROOT));
            require(
                    Double.isFinite(s) && s > 0,
                    "parameter '%s': step=%s must be a positive finite number;" + " give a step > 0 or none",
                    name,
                    s);
            double spacing = Math.ulp(Math.max(Math.abs(low), Math.abs(high)));
            require(
                    s >= MIN_STEP_IN_ULPS * spacing,
                    "parameter '%s': step=%s is too small for bounds of magnitude"
                            + " %s, where doubles are %s apart; use a larger step (at least %s) or no step",
                    name,
                    s,
                    Math.max(Math.abs(low), Math.abs(high)),
                    spacing,
                    MIN_STEP_IN_ULPS * spacing);
            double steps = (high - low) / s;
            long k = Math.round(steps);
            // the bounds are rounded decimals: allow their rounding on top of the relative tolerance
            double tolerance = GRID_TOLERANCE * Math.max(1, steps) + (Math.ulp(low) + Math.ulp(high)) / s;
            require(
                    Math.abs(steps - k) <= tolerance,
                    "parameter '%s': step=%s does not divide the range [%s, %s] (%s steps); choose a step"
                            + " that divides high - low, or set high=%s",
                    name,
                    s,
                    low,
                    high,
                    steps,
                    gridValue(low, s, (long) Math.floor(steps)));
        }
    }

    /** A linear ({@code log == false}) or logarithmic range, or a linear one with a step. */
    public FloatDistribution(String name, double low, double high, boolean log, OptionalDouble step) {
        this(name, low, high, log ? Scale.LOG : Scale.LINEAR, step);
    }

    /** A continuous range. */
    public static FloatDistribution of(String name, double low, double high) {
        return new FloatDistribution(name, low, high, Scale.LINEAR, OptionalDouble.empty());
    }

    /** A continuous range, uniform in log space. */
    public static FloatDistribution logScale(String name, double low, double high) {
        return new FloatDistribution(name, low, high, Scale.LOG, OptionalDouble.empty());
    }

    /** A continuous range of fractions inside {@code (0, 1)}, uniform in logit space. */
    public static FloatDistribution logitScale(String name, double low, double high) {
        return new FloatDistribution(name, low, high, Scale.LOGIT, OptionalDouble.empty());
    }

    /** The grid {@code low, low + step, ..., high}. */
    public static FloatDistribution stepped(String name, double low, double high, double step) {
        return new FloatDistribution(name, low, high, Scale.LINEAR, OptionalDouble.of(step));
    }

    /** Whether the range is on the logarithmic scale. */
    public boolean log() {
        return scale == Scale.LOG;
    }

    /** Whether the range is on the logit scale. */
    public boolean logit() {
        return scale == Scale.LOGIT;
    }

    /** Number of grid intervals, or -1 without a step. */
    private long intervals() {
        return step.isPresent() ? Math.round((high - low) / step.getAsDouble()) : -1;
    }

    private static double gridValue(double low, double step, long k) {
        return BigDecimal.valueOf(low)
                .add(BigDecimal.valueOf(step).multiply(BigDecimal.valueOf(k)))
                .doubleValue();
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
        require(
                external instanceof Number,
                "parameter '%s': value %s is not a number; give a number in [%s, %s]",
                name,
                external,
                low,
                high);
        double x = ((Number) external).doubleValue();
        if (step.isPresent()) {
            long k = nearestIndex(x);
            double snapped = k >= 0 && k <= intervals() ? gridPoint(k) : Double.NaN;
            require(
                    Math.abs(x - snapped) <= gridSlack(),
                    "parameter '%s': value %s is not on the grid %s + k*%s within [%s, %s]; give a grid value",
                    name,
                    x,
                    low,
                    step.getAsDouble(),
                    low,
                    high);
            return snapped;
        }
        require(
                contains(x),
                "parameter '%s': value %s is outside [%s, %s]; give a value inside the bounds",
                name,
                x,
                low,
                high);
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
        double u = scaleMapped()
                ? (coordinate(x) - coordinate(low)) / (coordinate(high) - coordinate(low))
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
        double x = scaleMapped()
                ? value(coordinate(low) + unit * (coordinate(high) - coordinate(low)))
                : low + unit * (high - low);
        return Math.max(low, Math.min(high, x));
    }

    /** The scale's coordinate of {@code x}: {@code log x} or {@code logit x}. */
    private double coordinate(double x) {
        return scale == Scale.LOG ? Math.log(x) : Math.log(x) - Math.log1p(-x);
    }

    /** The number whose scale coordinate is {@code t}. */
    private double value(double t) {
        if (scale == Scale.LOG) {
            return Math.exp(t);
        }
        // the logistic function, computed from the nearer end so that it neither overflows nor loses
        // the small distance to 0 or to 1
        double e = Math.exp(-Math.abs(t));
        double tail = e / (1 + e);
        return t < 0 ? tail : 1 - tail;
    }

    /**
     * Whether the unit interval maps in the scale's coordinate: for log and logit ranges whose span
     * there exceeds 1e-6. Narrower ones map linearly: the coordinate is linear there to within 1e-6,
     * and the coordinates of bounds a few ulps apart are equal or one ulp apart, which would map
     * members to NaN or onto the bounds.
     */
    private boolean scaleMapped() {
        return scale != Scale.LINEAR && coordinate(high) - coordinate(low) > 1e-6;
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
                && o.low == low
                && o.high == high
                && o.scale == scale
                && o.step.equals(step);
    }
}
