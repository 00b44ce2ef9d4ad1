package io.paratune.bench;

import io.paratune.Study;
import io.paratune.Trial;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The trial loop of the {@code storage} benchmark, the same in every worker process and in the
 * Optuna peer: {@code threads} threads share one study, each looping {@code study.ask()}, {@code
 * suggestFloat("x", -10, 10)}, {@code suggestInt("y", 0, 5)}, {@code suggestCategorical("kind",
 * [a, b, c])}, optionally sleeping {@code trialMillis} (the trial's work), then {@code tell(x² + y
 * + len(kind))}, until this process has run its {@code trials}.
 */
final class StorageWorkload {
    static final List<String> KINDS = List.of("a", "b", "c");

    private StorageWorkload() {}

    /**
     * What one run measured.
     *
     * @param startEpochNanos when the threads were released, nanoseconds since the epoch
     * @param endEpochNanos when the last tell returned, nanoseconds since the epoch
     * @param trials the trials told
     * @param ask durations of {@code study.ask()}, nanoseconds, one per trial
     * @param askSuggest durations of {@code study.ask()} plus the three suggests, nanoseconds
     * @param done when each tell returned, nanoseconds since the epoch
     * @param cpuNanos CPU time of the whole process (all its threads, the JIT and GC included) while
     *     the trials ran
     */
    record Result(
            long startEpochNanos,
            long endEpochNanos,
            int trials,
            long[] ask,
            long[] askSuggest,
            long[] done,
            long cpuNanos) {

        /** Throughput over the first or last tenth of the trials, merged over {@code results}. */
        static double tenthPerSecond(java.util.List<Result> results, boolean first) {
            long start =
                    results.stream().mapToLong(Result::startEpochNanos).min().orElseThrow();
            long[] done = results.stream()
                    .flatMapToLong(r -> java.util.Arrays.stream(r.done()))
                    .sorted()
                    .toArray();
            int n = done.length;
            if (n == 0) {
                return Double.NaN;
            }
            int chunk = Math.max(1, n / 10);
            if (first) {
                return chunk / ((done[chunk - 1] - start) / 1e9);
            }
            long from = n - 1 - chunk >= 0 ? done[n - 1 - chunk] : start;
            return chunk / ((done[n - 1] - from) / 1e9);
        }
    }

    /** One trial: ask, suggest, work, tell; returns the nanoseconds of ask and of ask + suggests. */
    static long[] oneTrial(Study study, long trialMillis) throws InterruptedException {
        long t0 = System.nanoTime();
        Trial trial = study.ask();
        long t1 = System.nanoTime();
        double x = trial.suggestFloat("x", -10, 10);
        long y = trial.suggestInt("y", 0, 5);
        String kind = trial.suggestCategorical("kind", KINDS);
        long t2 = System.nanoTime();
        if (trialMillis > 0) {
            Thread.sleep(trialMillis); // the trial's work
        }
        study.tell(trial, x * x + y + kind.length());
        return new long[] {t1 - t0, t2 - t0};
    }

    /**
     * Runs {@code trials} trials on {@code threads} threads.
     *
     * @throws IllegalStateException if a thread failed; the message names its error
     */
    static Result run(Study study, int trials, int threads, long trialMillis) {
        AtomicInteger next = new AtomicInteger();
        long[] ask = new long[trials];
        long[] askSuggest = new long[trials];
        long[] done = new long[trials];
        long[] lastEnd = new long[threads];
        Throwable[] failures = new Throwable[threads];
        CountDownLatch go = new CountDownLatch(1);
        Thread[] running = new Thread[threads];
        for (int w = 0; w < threads; w++) {
            int index = w;
            running[w] = new Thread(
                    () -> {
                        try {
                            go.await();
                            for (int i = next.getAndIncrement(); i < trials; i = next.getAndIncrement()) {
                                long[] times = oneTrial(study, trialMillis);
                                ask[i] = times[0];
                                askSuggest[i] = times[1];
                                done[i] = System.nanoTime();
                                lastEnd[index] = done[i];
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            failures[index] = e;
                        } catch (RuntimeException | Error e) {
                            failures[index] = e;
                        }
                    },
                    "storage-bench-" + w);
            running[w].start();
        }
        long cpuBefore = processCpuNanos();
        Instant startInstant = Instant.now();
        long start = System.nanoTime();
        go.countDown();
        for (Thread t : running) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the benchmark threads", e);
            }
        }
        long end = start;
        for (int w = 0; w < threads; w++) {
            if (failures[w] != null) {
                throw new IllegalStateException("benchmark thread " + w + " failed: " + failures[w], failures[w]);
            }
            end = Math.max(end, lastEnd[w]);
        }
        long startEpoch = startInstant.getEpochSecond() * 1_000_000_000L + startInstant.getNano();
        for (int i = 0; i < trials; i++) {
            done[i] = startEpoch + (done[i] - start);
        }
        return new Result(
                startEpoch, startEpoch + (end - start), trials, ask, askSuggest, done, processCpuNanos() - cpuBefore);
    }

    /** CPU time used by this JVM so far, or 0 where the platform does not say. */
    static long processCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.max(0, os.getProcessCpuTime());
        }
        return 0;
    }
}
