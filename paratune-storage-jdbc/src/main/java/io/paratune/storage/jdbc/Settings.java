package io.paratune.storage.jdbc;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of a JDBC storage: pool size, waits and retries.
 *
 * @param poolSize most connections to PostgreSQL per storage (SQLite uses one writer and up to this
 *     many readers)
 * @param connectTimeout how long to wait for a connection from the pool
 * @param busyTimeout how long SQLite waits for another process's write lock before giving up
 * @param retryFor how long an operation that failed for a transient reason (lost connection,
 *     server restart, a locked SQLite file) is retried before the failure is reported
 * @param paramWriteDelay how long a parameter suggested for a trial this storage started may stay
 *     in memory before it is written ({@link ParamBuffer}); zero writes each at once
 */
record Settings(
        int poolSize, Duration connectTimeout, Duration busyTimeout, Duration retryFor, Duration paramWriteDelay) {

    static final Settings DEFAULTS = new Settings(
            8, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofMillis(20));

    Settings(int poolSize, Duration connectTimeout, Duration busyTimeout, Duration retryFor) {
        this(poolSize, connectTimeout, busyTimeout, retryFor, DEFAULTS.paramWriteDelay());
    }

    Settings {
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize=" + poolSize + " must be at least 1");
        }
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(busyTimeout, "busyTimeout");
        Objects.requireNonNull(retryFor, "retryFor");
        Objects.requireNonNull(paramWriteDelay, "paramWriteDelay");
    }

    Settings withRetryFor(Duration retry) {
        return new Settings(poolSize, connectTimeout, busyTimeout, retry, paramWriteDelay);
    }

    Settings withParamWriteDelay(Duration delay) {
        return new Settings(poolSize, connectTimeout, busyTimeout, retryFor, delay);
    }
}
