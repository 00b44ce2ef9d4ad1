package io.paratune;

import io.paratune.storage.Storage;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Finishes a study's trials: turns invalid told values into a FAIL with a message, stops the
 * trial's heartbeat, stores the end, logs it and tells the sampler (as Optuna keeps its tell checks
 * apart from the study facade).
 */
final class TrialFinisher {
    /** The study's logger: a failed trial is one WARNING, a finished one a DEBUG line. */
    private static final System.Logger LOG = System.getLogger(Study.class.getName());

    private final Storage storage;
    private final Heartbeats heartbeats;
    private final Clock clock;
    private final List<Direction> directions;
    private final ContainedSampler sampler;
    private final IntFunction<StudyView> views;

    /**
     * @param heartbeats the study's heartbeats, or null without them
     * @param views the study's view for a trial number
     */
    TrialFinisher(
            Storage storage,
            Heartbeats heartbeats,
            Clock clock,
            List<Direction> directions,
            ContainedSampler sampler,
            IntFunction<StudyView> views) {
        this.storage = storage;
        this.heartbeats = heartbeats;
        this.clock = clock;
        this.directions = directions;
        this.sampler = sampler;
        this.views = views;
    }

    /** Finishes a trial, turning invalid values into a FAIL with a message. */
    FrozenTrial finish(long trialId, TrialState state, double[] values, String failureMessage) {
        if (state == TrialState.COMPLETE) {
            String problem = ObjectiveValues.problem(values, directions)
                    .map(p -> "the objective returned " + p)
                    .orElse(null);
            if (problem != null) {
                state = TrialState.FAIL;
                failureMessage = problem;
                values = null;
            }
        } else if (state == TrialState.PRUNED && directions.size() == 1) {
            double last = storage.trial(trialId).lastIntermediateValue();
            values = Double.isNaN(last) ? null : new double[] {last};
        } else {
            values = null;
        }
        FrozenTrial done;
        if (heartbeats != null) {
            heartbeats.finishing(trialId);
        }
        try {
            done = storage.finishTrial(trialId, state, values, failureMessage, clock.instant());
        } finally {
            if (heartbeats != null) {
                heartbeats.stop(trialId);
            }
        }
        logFinished(done);
        sampler.afterTrial(views.apply(done.number()), done);
        return done;
    }

    /** Marks a trial FAIL without telling the sampler; a storage failure only warns. */
    void failQuietly(long trialId, String message) {
        if (heartbeats != null) {
            heartbeats.stop(trialId);
        }
        try {
            storage.finishTrial(trialId, TrialState.FAIL, null, message, clock.instant());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not mark trial #" + trialId + " failed", e);
        }
    }

    private static void logFinished(FrozenTrial t) {
        if (t.state() == TrialState.FAIL) {
            LOG.log(Level.WARNING, () -> "Trial " + t.number() + " failed: " + t.failureMessage());
        } else if (LOG.isLoggable(Level.DEBUG)) {
            // DEBUG (FINE in java.util.logging), not INFO: thousands of trials are not printed by default
            LOG.log(
                    Level.DEBUG,
                    "Trial " + t.number() + " " + t.state() + " with values " + Arrays.toString(t.values())
                            + " and params " + t.params());
        }
    }
}
