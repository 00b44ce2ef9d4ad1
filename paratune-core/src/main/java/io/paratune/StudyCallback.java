package io.paratune;

/**
 * Called by {@link Study#optimize} after each trial finishes, on the worker thread that ran it.
 * An exception thrown here is logged and does not stop the study; call {@link Study#stop()} to stop.
 */
@FunctionalInterface
public interface StudyCallback {
    void afterTrial(Study study, FrozenTrial trial);
}
