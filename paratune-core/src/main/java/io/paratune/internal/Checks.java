package io.paratune.internal;

import java.util.Map;

/** Argument checks and small helpers shared by the core packages. Not part of the public API. */
public final class Checks {
    private Checks() {}

    /** Throws an {@link IllegalArgumentException} whose message names the field, value and fix. */
    public static void require(boolean ok, String messageFormat, Object... args) {
        if (!ok) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, messageFormat, args));
        }
    }

    /**
     * Requires a finite number, naming parameter {@code param}'s {@code field}; the message is built
     * only on failure, so hot paths may call it freely.
     */
    public static double finite(String param, String field, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("parameter '" + param + "': " + field + "=" + value
                    + " is not a finite number; give a finite bound");
        }
        return value;
    }

    /** Requires a finite number, naming {@code what} (for example {@code "parameter 'lr': low"}). */
    public static double finite(String what, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(what + "=" + value + " is not a finite number; give a finite bound");
        }
        return value;
    }

    /**
     * The one check of every builder that an option is set at most once: throws an {@link
     * IllegalStateException} ("seed was already set to 5; set it once") when {@code current}, the
     * option's value so far, is not null.
     */
    public static void requireUnset(Object current, String option) {
        if (current != null) {
            String shown = current instanceof double[] a ? java.util.Arrays.toString(a) : String.valueOf(current);
            throw new IllegalStateException(option + " was already set to " + shown + "; set it once");
        }
    }

    /**
     * An immutable copy that keeps insertion order and allows null values; an immutable copy made
     * here before is returned as it is.
     */
    public static <K, V> Map<K, V> frozenMap(Map<K, V> map) {
        return FrozenMap.copyOf(map);
    }
}
