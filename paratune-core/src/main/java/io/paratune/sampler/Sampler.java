package io.paratune.sampler;

import io.paratune.FrozenTrial;
import io.paratune.StudyView;
import io.paratune.space.Distribution;
import io.paratune.space.SearchSpace;
import java.util.Map;

/**
 * Proposes parameter values for trials. A sampler works on internal values (see {@link
 * Distribution}) and must be <em>pending-aware</em>: {@link StudyView#running()} lists the trials
 * being evaluated right now, so that a batch of asks, or many asynchronous workers, get different
 * and jointly useful points rather than copies of one argmax.
 *
 * <p>The work is split as in Optuna: when a trial starts, {@link #relativeSearchSpace} and {@link
 * #sampleRelative} propose the parameters known from earlier trials jointly; a parameter first seen
 * in this trial, or outside that space, is proposed alone by {@link #sampleIndependent}.
 *
 * <p>A sampler should not throw while proposing: any exception other than Paratune's domain
 * failures ({@link io.paratune.SamplerExhaustedException}, {@link
 * io.paratune.SamplerConfigurationException} for settings that do not fit the study) is contained by
 * the study, which falls back to independent, then uniform sampling and logs a warning (see
 * {@link io.paratune.Study}).
 *
 * <p>Samplers are shared by all worker threads of a study and must be thread-safe. Randomness is
 * seeded; given the same seed and the same sequential history, proposals are reproducible.
 */
public interface Sampler {

    /**
     * Called before a new trial is created (but not for enqueued trials). A sampler that hands out
     * a fixed set of points returns the next one as fixed parameters (external values).
     *
     * @throws io.paratune.SamplerExhaustedException when no point is left; the study then ends
     */
    default Map<String, Object> reserveParams(StudyView study) {
        return Map.of();
    }

    /**
     * Whether {@link #reserveParams} can return parameters. A sampler that never reserves lets the
     * study claim an enqueued trial or create a new one in one step ({@link
     * io.paratune.storage.Storage#startTrial}).
     */
    default boolean reservesParams() {
        return false;
    }

    /** The parameters to propose jointly for {@code trial}; empty when the sampler has none. */
    default SearchSpace relativeSearchSpace(StudyView study, FrozenTrial trial) {
        return SearchSpace.empty();
    }

    /**
     * Proposes internal values for every parameter of {@code space} at once.
     *
     * @return parameter name to internal value; each a member of its distribution
     */
    default Map<String, Double> sampleRelative(StudyView study, FrozenTrial trial, SearchSpace space) {
        return Map.of();
    }

    /**
     * Proposes an internal value for one parameter that the relative proposal did not cover.
     *
     * @return a member of {@code distribution}
     */
    double sampleIndependent(StudyView study, FrozenTrial trial, String name, Distribution distribution);

    /** Called after a trial finished; samplers may clean up or record state. */
    default void afterTrial(StudyView study, FrozenTrial trial) {}
}
