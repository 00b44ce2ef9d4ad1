package io.paratune;

import java.util.List;

/**
 * How a {@link TrialLoop} runs a started trial: an objective in this JVM ({@link Study#optimize}),
 * a subprocess with GPU slots (the CLI), later a remote worker or a checkpointed segment. The
 * runner records how the trial ended ({@link Study#tell}, {@link Study#fail}, and a re-run with
 * {@link Study#enqueueRetry} where its policy wants one) and returns the finished trial; the loop
 * does the rest (workers, devices, budget, time, stopping, callbacks).
 */
public interface TrialRunner {
    /**
     * Runs {@code trial} holding {@code devices} and records its end.
     *
     * @return the finished trial as recorded
     * @throws InterruptedException when the worker thread was interrupted (the loop is being torn down)
     * @throws TrialAlreadyFinishedException when another worker finished the trial meanwhile
     */
    FrozenTrial run(Trial trial, List<String> devices) throws InterruptedException;

    /** Stops the trials running now as soon as it can (the loop was stopped); the default does nothing. */
    default void stopRunning() {}
}
