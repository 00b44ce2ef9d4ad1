package io.paratune.bench;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Keeps library logging (a line per trial, pool and migration notices) off the benchmark's console. */
final class BenchLogging {
    /** Held so that the levels set here are not lost when the loggers are garbage-collected. */
    private static final List<Logger> QUIET = List.of(
            Logger.getLogger("io.paratune"),
            Logger.getLogger("com.zaxxer.hikari"),
            Logger.getLogger("org.flywaydb"),
            Logger.getLogger("io.zonky"));

    private BenchLogging() {}

    /** Lets only warnings and errors through. */
    static void quiet() {
        QUIET.forEach(l -> l.setLevel(Level.WARNING));
    }
}
