package io.paratune.storage;

import io.paratune.FrozenTrial;
import io.paratune.TrialState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A storage shared by processes that may die: the worker of a RUNNING trial records heartbeats,
 * and a trial whose last heartbeat (or start, before the first) is older than a grace period is
 * failed by whichever worker notices first, exactly once.
 *
 * <p>Contract, in addition to {@link Storage}'s:
 *
 * <ul>
 *   <li>{@link #recordHeartbeat} changes only a RUNNING trial;
 *   <li>{@link #failStaleTrials} fails each stale trial once, however many workers call it at
 *       once; a later {@link #finishTrial} of that trial throws {@link
 *       io.paratune.TrialAlreadyFinishedException};
 *   <li>a retry trial is created in the same transaction as the failure it retries, so a failed
 *       trial that asked for a retry always has one.
 * </ul>
 */
public interface HeartbeatStorage extends Storage {

    /**
     * Records that the worker of a RUNNING trial is alive at {@code now}.
     *
     * @return false if the trial is no longer RUNNING (finished, perhaps failed as stale); the
     *     worker should stop beating for it
     */
    boolean recordHeartbeat(long trialId, Instant now);

    /**
     * Fails the study's RUNNING trials whose last heartbeat (or start) is before {@code now - grace}
     * with {@code failureMessage}, and for each enqueues a WAITING retry trial if {@code retry}
     * returns system attributes for it (null for no retry).
     *
     * @param retry called with each trial as failed, inside the storage's transaction; must only
     *     compute, never call the storage
     * @return the trials this call failed, each in state {@link TrialState#FAIL}
     */
    List<FrozenTrial> failStaleTrials(
            long studyId,
            Instant now,
            Duration grace,
            String failureMessage,
            Function<FrozenTrial, Map<String, Object>> retry);
}
