package io.paratune;

import io.paratune.storage.HeartbeatStorage;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Fails the trials of a study whose workers stopped beating for longer than the heartbeat policy's
 * grace, and enqueues their retries while the chain has retries left.
 */
final class StaleTrials {
    private static final System.Logger LOG = System.getLogger(Study.class.getName());

    private final HeartbeatStorage storage;
    private final long studyId;
    private final String studyName;
    private final Clock clock;
    private final HeartbeatPolicy policy;
    private final Heartbeats heartbeats;

    StaleTrials(
            HeartbeatStorage storage,
            long studyId,
            String studyName,
            Clock clock,
            HeartbeatPolicy policy,
            Heartbeats heartbeats) {
        this.storage = storage;
        this.studyId = studyId;
        this.studyName = studyName;
        this.clock = clock;
        this.policy = policy;
        this.heartbeats = heartbeats;
    }

    /** Fails every stale trial of the study, with one WARNING each, enqueueing retries as allowed. */
    void failStale() {
        String message =
                "no heartbeat for more than " + policy.grace().toMillis() / 1000.0 + " s; its worker died or stalled";
        Instant now = clock.instant();
        // this object's own trials are alive, whatever an outage did to their stored heartbeats
        List<FrozenTrial> failed = heartbeats.renewingStale(
                now.minus(policy.grace().dividedBy(2)),
                () -> storage.failStaleTrials(studyId, now, policy.grace(), message, this::retry));
        for (FrozenTrial t : failed) {
            LOG.log(
                    Level.WARNING,
                    () -> "Trial " + t.number() + " of study '" + studyName + "' failed: " + message
                            + (retry(t) == null ? "" : "; it is enqueued again"));
        }
    }

    /** The system attributes of a retry of a stale trial, or null when its chain used up its retries. */
    private Map<String, Object> retry(FrozenTrial failed) {
        int count = Reruns.count(failed);
        return count >= policy.maxRetries() ? null : Reruns.attributes(failed, count + 1);
    }
}
