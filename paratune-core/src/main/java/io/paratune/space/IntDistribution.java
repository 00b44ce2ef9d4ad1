package io.paratune.space;

import static io.paratune.internal.Checks.require;

/**
 * An integer parameter in {@code [low, high]}, on the grid {@code low, low + step, ..., high} or on a
 * logarithmic scale ({@code log}, which needs {@code low >= 1} and {@code step == 1}).
 *
 * <p>The internal value is the integer as a {@code double}; the external value a {@link Long}. In
 * the unit interval every integer owns a cell: equal width on the linear scale, equal width in
 * log space (of {@code [low - 0.5, high + 0.5]}) on the log scale. {@code fromUnit(toUnit(v)) == v}
 * holds exactly for every member while the range holds at most 2^52 values (log scale: while
 * {@code high <= 2^46}); beyond that, neighbouring integers may share a point of the unit interval.
 *
 * @param name the parameter name, used in error messages
 * @param low the lower bound, inclusive, at least -2^53
 * @param high the upper bound, inclusive, at most 2^53
 * @param log whether values are spread uniformly in log space
 * @param step the grid spacing, at least 1, dividing {@code high - low}
 */
public record IntDistribution(String name, long low, long high, boolean log, long step) implements Distribution {

    /** 2^53: every integer up to this magnitude is exactly a double, and so a valid internal value. */
    private static final long MAX_EXACT = 1L << 53;

    public IntDistribution {
        require(name != null && !name.isEmpty(), "parameter name is empty; give every parameter a name");
        require(low <= high, "parameter '%s': low=%d > high=%d; swap low and high", name, low, high);
        require(
                low >= -MAX_EXACT && low <= MAX_EXACT,
                "parameter '%s': low=%d is beyond +-%d, where internal (double) values"
                        + " stop holding every integer; use bounds within +-%d",
                name,
                low,
                MAX_EXACT,
                MAX_EXACT);
        require(
                high >= -MAX_EXACT && high <= MAX_EXACT,
                "parameter '%s': high=%d is beyond +-%d, where internal (double) values"
                        + " stop holding every integer; use bounds within +-%d",
                name,
                high,
                MAX_EXACT,
                MAX_EXACT);
        require(step >= 1, "parameter '%s': step=%d must be at least 1; give a step >= 1", name, step);
        if (log) {
            require(
                    low >= 1,
                    "parameter '%s': log=true needs low >= 1, got low=%d; raise low or set log=false",
                    name,
                    low);
            require(
                    step == 1,
                    "parameter '%s': step=%d cannot be combined with log=true; use step=1 or" + " log=false",
                    name,
                    step);
        }
        require(
                (high - low) % step == 0,
                "parameter '%s': step=%d does not divide the range [%d, %d];"
                        + " choose a step that divides high - low, or set high=%d",
                name,
                step,
                low,
                high,
                low + (high - low) / step * step);
    }

    /** Every integer in {@code [low, high]}. */
    public static IntDistribution of(String name, long low, long high) {
        return new IntDistribution(name, low, high, false, 1);
    }

    /** Every integer in {@code [low, high]}, uniform in log space. */
    public static IntDistribution logScale(String name, long low, long high) {
        return new IntDistribution(name, low, high, true, 1);
    }

    /** The grid {@code low, low + step, ..., high}. */
    public static IntDistribution stepped(String name, long low, long high, long step) {
        return new IntDistribution(name, low, high, false, step);
    }

    private long count() {
        return (high - low) / step + 1;
    }

    @Override
    public double toInternal(Object external) {
        require(
                external instanceof Number,
                "parameter '%s': value %s is not an integer; give an integer in [%d, %d]",
                name,
                external,
                low,
                high);
        double x = ((Number) external).doubleValue();
        require(
                x == Math.rint(x) && contains(x),
                "parameter '%s': value %s is not an integer of [%d, %d] on step %d;" + " give a value on the grid",
                name,
                external,
                low,
                high,
                step);
        return x;
    }

    @Override
    public Object toExternal(double internal) {
        return (long) internal;
    }

    @Override
    public boolean contains(double x) {
        return x >= low && x <= high && x == Math.rint(x) && ((long) x - low) % step == 0;
    }

    @Override
    public double toUnit(double x) {
        if (low == high) {
            return 0.5;
        }
        if (log) {
            double a = Math.log(low - 0.5);
            double u = (Math.log(x) - a) / (Math.log(high + 0.5) - a);
            return Math.max(0, Math.min(1, u));
        }
        long n = count();
        long k = Math.max(0, Math.min(Math.round((x - low) / step), n - 1));
        return (k + 0.5) / n;
    }

    @Override
    public double fromUnit(double unit) {
        if (low == high || !(unit > 0)) {
            return low;
        }
        if (unit >= 1) {
            return high;
        }
        if (log) {
            double a = Math.log(low - 0.5);
            double x = Math.rint(Math.exp(a + unit * (Math.log(high + 0.5) - a)));
            return Math.max(low, Math.min(high, x));
        }
        long n = count();
        return low + Math.min((long) Math.floor(unit * n), n - 1) * step;
    }

    @Override
    public boolean isSingle() {
        return low == high;
    }

    @Override
    public long cardinality() {
        return count();
    }

    @Override
    public boolean sameRange(Distribution other) {
        return other instanceof IntDistribution o && o.low == low && o.high == high && o.log == log && o.step == step;
    }
}
