package io.paratune;

import static io.paratune.internal.Checks.require;

import io.paratune.execution.DevicePool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How {@link Study#optimize} runs: how many trials, for how long, on how many threads, with which
 * devices, and what to call after each trial. Build with {@link #builder()}.
 *
 * @param trials how many trials to run (enqueued ones included), or 0 for no limit
 * @param timeout no new trial starts after this long; running trials finish; null for no limit
 * @param parallelism how many trials run at once, on as many threads
 * @param devices the device pool handing each running trial its own devices
 * @param callbacks called after each finished trial, in order
 * @param stopOnFailure whether the first failed trial stops the study with {@link
 *     ObjectiveFailedException}, instead of being recorded while the study goes on
 */
public record OptimizeOptions(
        int trials,
        Duration timeout,
        int parallelism,
        DevicePool devices,
        List<StudyCallback> callbacks,
        boolean stopOnFailure) {

    public OptimizeOptions {
        require(trials >= 0, "trials=%d must be >= 0 (0 means no limit)", trials);
        require(
                timeout == null || (!timeout.isNegative() && !timeout.isZero()),
                "timeout=%s must be positive, or null for none",
                timeout);
        require(parallelism >= 1, "parallelism=%d must be at least 1", parallelism);
        Objects.requireNonNull(devices, "devices (use DevicePool.none())");
        callbacks = List.copyOf(callbacks);
    }

    /** A builder with one thread, no limits, no devices and no callbacks. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link OptimizeOptions}. */
    public static final class Builder {
        private int trials;
        private Duration timeout;
        private int parallelism = 1;
        private DevicePool devices = DevicePool.none();
        private final List<StudyCallback> callbacks = new ArrayList<>();
        private boolean stopOnFailure;

        private Builder() {}

        /** How many trials to run; 0 for no limit. */
        public Builder trials(int trials) {
            this.trials = trials;
            return this;
        }

        /** Start no trial after this long. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** How many trials run at once. */
        public Builder parallelism(int parallelism) {
            this.parallelism = parallelism;
            return this;
        }

        /** The device pool; trials wait for free devices. */
        public Builder devices(DevicePool devices) {
            this.devices = devices;
            return this;
        }

        /** Adds a callback run after each finished trial. */
        public Builder callback(StudyCallback callback) {
            this.callbacks.add(Objects.requireNonNull(callback, "callback"));
            return this;
        }

        /** Stop the study on the first failed trial. */
        public Builder stopOnFailure(boolean stopOnFailure) {
            this.stopOnFailure = stopOnFailure;
            return this;
        }

        public OptimizeOptions build() {
            return new OptimizeOptions(trials, timeout, parallelism, devices, callbacks, stopOnFailure);
        }
    }
}
