package io.paratune.pruner;

import io.paratune.FrozenTrial;
import io.paratune.StudyView;

/**
 * Decides from a trial's intermediate values whether it should stop early. Decisions use only the
 * stored state of the study and never wait for other trials, so they hold across threads,
 * processes and machines. Implementations are thread-safe.
 */
@FunctionalInterface
public interface Pruner {
    /**
     * Whether {@code trial} (RUNNING, with its reported values so far) should stop now.
     *
     * @param study the study's other trials, for comparison
     */
    boolean shouldPrune(StudyView study, FrozenTrial trial);
}
