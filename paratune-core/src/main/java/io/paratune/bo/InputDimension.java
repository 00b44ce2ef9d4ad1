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

    /** Maps a number of {@code [0, 1)} to an allowed value of this coordinate. */
    double fromUnit(double u) {
        return switch (kind) {
            case CONTINUOUS -> Math.max(0, Math.min(1, u));
            case ROUNDED -> rounding.applyAsDouble(Math.max(0, Math.min(1, u)));
            case CATEGORICAL -> Math.min(categories - 1, Math.max(0, (int) Math.floor(u * categories)));
        };
    }
}
