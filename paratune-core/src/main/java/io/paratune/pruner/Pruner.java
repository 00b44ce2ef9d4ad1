package io.paratune.pruner;

import io.paratune.FrozenTrial;
import io.paratune.StudyView;
import java.util.function.Predicate;

/**
 * Decides from a trial's intermediate values whether it should stop early. Decisions use only the
 * stored state of the study (intermediate values, system attributes) and never wait for other
 * trials, so they hold across threads, processes and machines. Implementations are thread-safe;
 * {@link Pruners} has the built-in ones.
 */
@FunctionalInterface
public interface Pruner {
    /**
     * Whether {@code trial} (RUNNING, with its reported values so far) should stop now. A pruner may
     * record what it decided on the trial with {@link StudyView#setTrialSystemAttribute}.
     *
     * @param study the study's other trials (in this pruner's {@link #trialScope}), for comparison
     */
    boolean shouldPrune(StudyView study, FrozenTrial trial);

    /**
     * Which other trials the sampler and this pruner see while working on trial {@code
     * trialNumber}, or null for all of them (the default). Hyperband uses it to keep each bracket
     * to itself. It must depend on the study name and trial numbers only, so that every process
     * computes the same scope.
     */
    default Predicate<FrozenTrial> trialScope(String studyName, int trialNumber) {
        return null;
    }
}
