package io.paratune;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How many trials a {@link TrialLoop} may start, and which: a local counter of this loop's trials
 * ({@link #local}), or a counter in the storage that loops in several processes share (the CLI's
 * {@code trials:}). A budget starts trials for the loop's workers and, once it allows no more,
 * says whether a worker should wait for trials that may still need running (a re-run not yet
 * enqueued) or end.
 */
public interface TrialBudget {
    /**
     * Starts the next trial for a worker holding {@code devices}, or empty when the budget allows
     * none now.
     *
     * @throws SamplerExhaustedException when the sampler has no point left (the loop ends)
     */
    Optional<Trial> start(Study study, List<String> devices);

    /**
     * Called when {@link #start} gave nothing: waits, if something may still need running, and
     * says whether the worker should try {@link #start} again; false ends the worker.
     */
    default boolean awaitMore(Loop loop) throws InterruptedException {
        return false;
    }

    /** A budget of {@code trials} trials started by one loop; 0 for no limit. Enqueued trials count. */
    static TrialBudget local(int trials) {
        return new LocalBudget(trials);
    }

    /** What a budget sees of its loop while it waits for more trials. */
    interface Loop {
        /**
         * Runs {@code check} holding the loop's lock while none of the loop's own trials is being
         * started or run (so every RUNNING trial in the storage belongs to another process), and
         * returns its result. Otherwise waits up to {@code max} for one of them to end and returns
         * empty: look again.
         */
        <T> Optional<T> whenIdle(Supplier<T> check, Duration max) throws InterruptedException;

        /** Sleeps for up to {@code max}, waking early when the loop stops. */
        void pause(Duration max) throws InterruptedException;

        /** Whether the loop was stopped or has ended: a waiting budget should give up. */
        boolean ending();
    }
}
