package io.paratune.examples.digits;

import io.paratune.FrozenTrial;
import io.paratune.Study;
import io.paratune.StudyCallback;
import io.paratune.TrialState;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Prints one line per finished trial: its number, state, validation loss and rounds, the best
 * trial so far, the elapsed time, and how many trials are done and running. Thread-safe.
 */
final class ProgressPrinter implements StudyCallback {
    /** The user attribute holding the number of rounds of a trial's best validation loss. */
    static final String ROUNDS = "rounds";

    private final PrintStream out;
    private final LongSupplier nanoTime;
    private final long startNanos;
    private final int totalTrials;
    private FrozenTrial best;
    private int done;

    ProgressPrinter(PrintStream out, LongSupplier nanoTime, int totalTrials) {
        this.out = out;
        this.nanoTime = nanoTime;
        this.startNanos = nanoTime.getAsLong();
        this.totalTrials = totalTrials;
    }

    @Override
    public synchronized void afterTrial(Study study, FrozenTrial trial) {
        done++;
        if (trial.state() == TrialState.COMPLETE && (best == null || trial.value() < best.value())) {
            best = trial;
        }
        int running = study.trials(TrialState.RUNNING).size();
        out.println(String.format(
                Locale.ROOT,
                "[%6.1fs] trial %3d %-8s %s | best %s | %d/%d done, %d running",
                elapsedSeconds(),
                trial.number(),
                trial.state(),
                outcome(trial),
                best == null ? "-" : String.format(Locale.ROOT, "%.4f (trial %d)", best.value(), best.number()),
                done,
                totalTrials,
                running));
    }

    /** Seconds since this printer was created. */
    double elapsedSeconds() {
        return (nanoTime.getAsLong() - startNanos) / 1e9;
    }

    private static String outcome(FrozenTrial trial) {
        return switch (trial.state()) {
            case COMPLETE ->
                String.format(
                        Locale.ROOT,
                        "cv-mlogloss %.4f at %3s rounds",
                        trial.value(),
                        trial.userAttributes().get(ROUNDS));
            case PRUNED ->
                String.format(
                        Locale.ROOT, "cv-mlogloss %.4f at %3d rounds", trial.lastIntermediateValue(), trial.lastStep());
            default -> String.valueOf(trial.failureMessage());
        };
    }
}
