package io.paratune.bench;

import java.util.Arrays;

/**
 * Latency of one kind of call over a measured study, in microseconds.
 *
 * @param p50 the median
 * @param p99 the 99th percentile
 * @param mean the mean
 */
record Latency(double p50, double p99, double mean) {

    /** Summarises durations in nanoseconds. {@code nanos} is sorted in place. */
    static Latency ofNanos(long[] nanos) {
        Arrays.sort(nanos);
        return new Latency(
                Stats.percentile(nanos, 50) / 1e3, Stats.percentile(nanos, 99) / 1e3, Stats.mean(nanos) / 1e3);
    }
}
