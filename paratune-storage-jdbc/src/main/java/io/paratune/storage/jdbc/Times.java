package io.paratune.storage.jdbc;

import java.time.Instant;

/** Instants as the tables hold them: nanoseconds since the epoch, exact from 1677 to 2262. */
final class Times {
    private static final long NANOS = 1_000_000_000L;

    private Times() {}

    static long nanos(Instant t) {
        try {
            return Math.addExact(Math.multiplyExact(t.getEpochSecond(), NANOS), t.getNano());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    "time " + t + " is outside the range a storage keeps (years 1678"
                            + " to 2261); check the study's clock",
                    e);
        }
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS), Math.floorMod(nanos, NANOS));
    }
}
