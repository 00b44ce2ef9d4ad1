package io.paratune.bench;

import io.paratune.Study;
import io.paratune.Trial;
import io.paratune.TrialState;
import io.paratune.sampler.RandomSampler;
import io.paratune.storage.Storage;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures ask + suggest + tell on one fresh in-memory study with a seeded {@link RandomSampler}:
 * {@code threads} threads share the study, each looping {@code ask()}, {@code params} times
 * {@code suggestFloat("x" + i, -5, 5)}, {@code tell(trial, sum of squares)} until the study holds
 * {@code trials} trials or the time cap is reached. Every call is timed with {@link System#nanoTime}.
 */
final class OverheadBenchmark {
    private final int threads;
    private final int params;
    private final String[] names;

    OverheadBenchmark(int threads, int params) {
        this.threads = threads;
        this.params = params;
        this.names = new String[params];
        for (int i = 0; i < params; i++) {
            names[i] = "x" + i;
        }
    }

    /**
     * Runs one measured study.
     *
     * @param trials the study size to reach
     * @param capNanos the wall-time cap
     * @throws IllegalStateException if the study does not hold exactly the completed trials afterwards
     */
    Measurement run(int trials, long capNanos, long seed) {
        Study study = Study.builder()
                .storage(Storage.inMemory())
                .sampler(RandomSampler.seeded(seed))
                .create();
        AtomicInteger next = new AtomicInteger();
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        long[] start = new long[1];
        Worker[] workers = new Worker[threads];
        Thread[] running = new Thread[threads];
        for (int w = 0; w < threads; w++) {
            workers[w] = new Worker(study, trials);
            Worker worker = workers[w];
            running[w] = new Thread(
                    () -> {
                        ready.countDown();
                        await(go);
                        worker.loop(next, trials, start[0] + capNanos);
                    },
                    "overhead-" + w);
            running[w].start();
        }
        await(ready);
        long gcBefore = gcMillis();
        start[0] = System.nanoTime();
        go.countDown();
        for (Thread t : running) {
            join(t);
        }
        double gcSeconds = (gcMillis() - gcBefore) / 1e3;
        for (Worker w : workers) {
            if (w.failure != null) {
                throw new IllegalStateException("a benchmark thread failed: " + w.failure, w.failure);
            }
        }
        Measurement m = Measurement.merge(start[0], workers, gcSeconds);
        int stored = study.trials(TrialState.COMPLETE).size();
        if (stored != m.trials() || study.trials().size() != m.trials()) {
            throw new IllegalStateException("the study holds " + study.trials().size() + " trials, " + stored
                    + " COMPLETE, but " + m.trials() + " were told");
        }
        return m;
    }

    /** One thread's loop and its per-trial timings (nanoseconds). */
    private final class Worker {
        final Study study;
        final long[] ask;
        final long[] suggest;
        final long[] tell;
        final long[] done;
        int count;
        Throwable failure;

        Worker(Study study, int capacity) {
            this.study = study;
            ask = new long[capacity];
            suggest = new long[capacity];
            tell = new long[capacity];
            done = new long[capacity];
        }

        void loop(AtomicInteger next, int trials, long deadline) {
            try {
                while (next.getAndIncrement() < trials) {
                    long t0 = System.nanoTime();
                    Trial trial = study.ask();
                    long t1 = System.nanoTime();
                    double sum = 0;
                    for (String name : names) {
                        double x = trial.suggestFloat(name, -5, 5);
                        sum += x * x;
                    }
                    long t2 = System.nanoTime();
                    study.tell(trial, sum);
                    long t3 = System.nanoTime();
                    ask[count] = t1 - t0;
                    suggest[count] = t2 - t1;
                    tell[count] = t3 - t2;
                    done[count] = t3;
                    count++;
                    if (t3 - deadline >= 0) {
                        break;
                    }
                }
            } catch (RuntimeException | Error e) {
                failure = e;
            }
        }
    }

    /**
     * The timings of one study, all threads merged.
     *
     * @param start when the threads were released (nanoTime)
     * @param done completion times of every trial, ascending (nanoTime)
     * @param gcSeconds time the JVM's collectors report spent in the study's run (pauses, mostly)
     */
    record Measurement(long start, long[] done, long[] ask, long[] suggest, long[] tell, double gcSeconds) {

        static Measurement merge(long start, Worker[] workers, double gcSeconds) {
            int n = 0;
            for (Worker w : workers) {
                n += w.count;
            }
            long[] done = new long[n];
            long[] ask = new long[n];
            long[] suggest = new long[n];
            long[] tell = new long[n];
            int at = 0;
            for (Worker w : workers) {
                System.arraycopy(w.done, 0, done, at, w.count);
                System.arraycopy(w.ask, 0, ask, at, w.count);
                System.arraycopy(w.suggest, 0, suggest, at, w.count);
                System.arraycopy(w.tell, 0, tell, at, w.count);
                at += w.count;
            }
            Arrays.sort(done);
            return new Measurement(start, done, ask, suggest, tell, gcSeconds);
        }

        int trials() {
            return done.length;
        }

        double wallSeconds() {
            return done.length == 0 ? 0 : (done[done.length - 1] - start) / 1e9;
        }

        /** Throughput over the first tenth of the trials (at least one trial). */
        double firstChunkPerSecond() {
            int chunk = Math.max(1, done.length / 10);
            return done.length == 0 ? Double.NaN : chunk / ((done[chunk - 1] - start) / 1e9);
        }

        /** Throughput over the last tenth of the trials (at least one trial). */
        double lastChunkPerSecond() {
            int n = done.length;
            if (n == 0) {
                return Double.NaN;
            }
            int chunk = Math.max(1, n / 10);
            long from = n - 1 - chunk >= 0 ? done[n - 1 - chunk] : start;
            return chunk / ((done[n - 1] - from) / 1e9);
        }
    }

    /** Total collection time reported by the JVM's garbage collectors so far, in milliseconds. */
    static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the benchmark threads", e);
        }
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the benchmark threads", e);
        }
    }

    int threads() {
        return threads;
    }

    int params() {
        return params;
    }
}
