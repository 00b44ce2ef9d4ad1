package io.paratune.bo;

import java.util.Objects;
import java.util.function.DoubleUnaryOperator;

/**
 * One coordinate of the space an acquisition is optimised in.
 *
 * @param kind continuous, rounded (int and step parameters: optimised as continuous in {@code [0,
 *     1]}, then rounded) or categorical (a category index)
 * @param categories the number of categories; at least 1 for {@link Kind#CATEGORICAL}, else 0
 * @param rounding maps a unit value to the nearest allowed one; required for {@link
 *     Kind#ROUNDED}, null otherwise
 */
public record InputDimension(Kind kind, int categories, DoubleUnaryOperator rounding) {

    /** The kinds of coordinate. */
    public enum Kind {
        CONTINUOUS,
        ROUNDED,
        CATEGORICAL
    }

    public InputDimension {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.CATEGORICAL ? categories < 1 : categories != 0) {
            throw new IllegalArgumentException(kind + " dimension with categories=" + categories
                    + "; give at least 1 category for CATEGORICAL and 0 otherwise");
        }
        if ((kind == Kind.ROUNDED) != (rounding != null)) {
            throw new IllegalArgumentException(kind + " dimension " + (rounding == null ? "without" : "with")
                    + " a rounding; give a rounding exactly for ROUNDED dimensions");
        }
    }

    /** A continuous coordinate in {@code [0, 1]}. */
    public static InputDimension continuous() {
        return new InputDimension(Kind.CONTINUOUS, 0, null);
    }

    /** A coordinate in {@code [0, 1]} whose values are rounded by {@code rounding}. */
    public static InputDimension rounded(DoubleUnaryOperator rounding) {
        return new InputDimension(Kind.ROUNDED, 0, rounding);
    }

    /** A category index in {@code 0 .. categories - 1}. */
    public static InputDimension categorical(int categories) {
        return new InputDimension(Kind.CATEGORICAL, categories, null);
    }

    /**
     * The allowed values next below and above {@code v} of a rounded coordinate, in that order;
     * NaN where {@code v} is the lowest or the highest. Found by bisection on the rounding, which
     * is monotone, so the values need not be evenly spaced (log-scaled ints are not).
     */
    double[] neighbours(double v) {
        if (kind != Kind.ROUNDED) {
            throw new IllegalStateException(kind + " dimension has no neighbouring values");
        }
        double at = rounding.applyAsDouble(Math.max(0, Math.min(1, v)));
        return new double[] {next(at, 0), next(at, 1)};
    }

    /** The allowed value next to {@code at} towards {@code end} (0 or 1), or NaN if there is none. */
    private double next(double at, double end) {
        if (rounding.applyAsDouble(end) == at) {
            return Double.NaN;
        }
        double near = at; // rounds to at
        double far = end; // rounds to another value
        for (int i = 0; i < 64; i++) {
            double mid = 0.5 * (near + far);
            if (mid == near || mid == far) {
                break;
            }
            if (rounding.applyAsDouble(mid) == at) {
                near = mid;
            } else {
                far = mid;
            }
        }
        return rounding.applyAsDouble(far);
    }

    /** Maps a number of {@code [0, 1)} to an allowed value of this coordinate. */
    double fromUnit(double u) {
        return switch (kind) {
            case CONTINUOUS -> Math.max(0, Math.min(1, u));
            case ROUNDED -> rounding.applyAsDouble(Math.max(0, Math.min(1, u)));
            case CATEGORICAL -> Math.min(categories - 1, Math.max(0, (int) Math.floor(u * categories)));
        };
    }
}
