package io.paratune;

import java.time.Duration;

/**
 * How a study watches its RUNNING trials: workers beat every {@code interval}; a trial without a
 * beat for {@code grace} is failed, and retried with the same parameters up to {@code maxRetries}
 * times in a chain.
 */
record HeartbeatPolicy(Duration interval, Duration grace, int maxRetries) {
    HeartbeatPolicy {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("heartbeat interval=" + interval + " must be positive");
        }
        if (grace.compareTo(interval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("heartbeat grace period=" + grace + " must be at least twice the"
                    + " interval=" + interval + ", so that a late heartbeat does not fail a live trial (as the study"
                    + " file requires); a few intervals is usual (for example interval 10 s, grace 60 s)");
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries=" + maxRetries + " must be 0 or more");
        }
    }
}
