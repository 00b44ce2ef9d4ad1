package io.paratune.bench;

import static io.paratune.bench.StorageContext.STUDY;
import static io.paratune.bench.StorageContext.WORKER_TIMEOUT_SECONDS;

import io.paratune.FrozenTrial;
import io.paratune.Study;
import io.paratune.TrialState;
import io.paratune.storage.jdbc.JdbcStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures one throughput or scale run of the {@code storage} benchmark: worker processes on one
 * fresh study, released together, their trials checked and reported as trials per second.
 */
final class StorageThroughput {
    private StorageThroughput() {}

    static void run(
            StorageContext ctx, String mode, String backend, int processes, int trials, int threads, int trialMillis)
            throws IOException, InterruptedException {
        StorageOptions o = ctx.options;
        StorageContext.Target target = ctx.fresh(backend, mode, processes);
        try (JdbcStorage storage = JdbcStorage.open(target.url())) {
            Study.builder().name(STUDY).storage(storage).create();
        }
        Path runDir = Files.createDirectories(ctx.dir.resolve("workers"));
        int[] shares = StorageOptions.split(trials, processes);
        List<WorkerProcess> workers = new ArrayList<>();
        AtomicBoolean watching = new AtomicBoolean(true);
        AtomicInteger maxConnections = new AtomicInteger(-1);
        Thread monitor = null;
        try {
            for (int i = 0; i < processes; i++) {
                workers.add(WorkerProcess.start(
                        o.workerJavaOpts + ctx.cdsOptions.getOrDefault(backend, ""),
                        List.of(
                                "--url",
                                target.url(),
                                "--study",
                                STUDY,
                                "--trials",
                                String.valueOf(shares[i]),
                                "--threads",
                                String.valueOf(threads),
                                "--trial-ms",
                                String.valueOf(trialMillis),
                                "--seed",
                                String.valueOf(o.seed + i),
                                "--warmup-trials",
                                String.valueOf(o.warmupTrials)),
                        runDir,
                        mode + "-" + backend + "-p" + processes + "-w" + i));
            }
            for (WorkerProcess w : workers) {
                w.awaitReady();
            }
            if (target.database() != null) {
                monitor = connectionMonitor(ctx.postgres, target.database(), watching, maxConnections);
            }
            double[] dbBefore = target.database() != null ? ctx.postgres.work(target.database()) : null;
            String loadBefore = StorageLines.loadAverage();
            for (WorkerProcess w : workers) {
                w.go();
            }
            List<StorageWorkload.Result> results = new ArrayList<>();
            for (WorkerProcess w : workers) {
                results.add(w.await(WORKER_TIMEOUT_SECONDS));
            }
            String loadAfter = StorageLines.loadAverage();
            watching.set(false);
            if (monitor != null) {
                monitor.join();
            }
            double[] dbWork = null;
            if (dbBefore != null) {
                awaitDisconnected(ctx.postgres, target.database());
                double[] after = ctx.postgres.work(target.database());
                dbWork = new double[] {after[0] - dbBefore[0], after[1] - dbBefore[1]};
            }
            verify(target, trials);
            long start = results.stream()
                    .mapToLong(StorageWorkload.Result::startEpochNanos)
                    .min()
                    .orElseThrow();
            long end = results.stream()
                    .mapToLong(StorageWorkload.Result::endEpochNanos)
                    .max()
                    .orElseThrow();
            double wall = (end - start) / 1e9;
            Latency ask = Latency.ofNanos(concat(results, true));
            Latency askSuggest = Latency.ofNanos(concat(results, false));
            JsonLine j = StorageLines.head(ctx, mode, backend)
                    .put("processes", processes)
                    .put("threads_per_process", threads)
                    .put("trial_ms", trialMillis)
                    .put("warmup_trials", o.warmupTrials)
                    .put("worker_cds", ctx.cdsOptions.containsKey(backend))
                    .put("trials_target", trials)
                    .put(
                            "trials",
                            results.stream()
                                    .mapToInt(StorageWorkload.Result::trials)
                                    .sum())
                    .put("wall_seconds", wall, 4)
                    .put("trials_per_second", trials / wall, 1)
                    .put("first_tenth_trials_per_second", StorageWorkload.Result.tenthPerSecond(results, true), 1)
                    .put("last_tenth_trials_per_second", StorageWorkload.Result.tenthPerSecond(results, false), 1);
            StorageLines.latency(j, "ask", ask);
            StorageLines.latency(j, "ask_suggest", askSuggest);
            if (maxConnections.get() >= 0) {
                j.put("max_db_connections", maxConnections.get());
            }
            double workerCpuMs =
                    results.stream().mapToLong(StorageWorkload.Result::cpuNanos).sum() / 1e6;
            j.put("worker_cpu_ms_per_trial", workerCpuMs / trials, 3);
            if (dbWork != null) {
                j.put("db_commits_per_trial", dbWork[0] / trials, 2)
                        .put("db_active_ms_per_trial", dbWork[1] / trials, 3);
            }
            j.put("load_before", loadBefore).put("load_after", loadAfter);
            StorageLines.emit(ctx, j);
            ctx.err.printf(
                    Locale.ROOT,
                    "%s %s %s processes=%d x threads=%d%s: %,d trials in %.2f s = %,.0f trials/s"
                            + " (first/last tenth %,.0f/%,.0f); ask ms p50/p99 %.2f/%.2f; ask+3 suggests ms p50/p99 %.2f/%.2f%s;"
                            + " worker CPU %.2f ms/trial%s; load %s -> %s%n",
                    ctx.system,
                    mode,
                    backend,
                    processes,
                    threads,
                    trialMillis > 0 ? ", trials of " + trialMillis + " ms" : "",
                    trials,
                    wall,
                    trials / wall,
                    StorageWorkload.Result.tenthPerSecond(results, true),
                    StorageWorkload.Result.tenthPerSecond(results, false),
                    ask.p50() / 1e3,
                    ask.p99() / 1e3,
                    askSuggest.p50() / 1e3,
                    askSuggest.p99() / 1e3,
                    maxConnections.get() >= 0 ? "; at most " + maxConnections.get() + " database connections" : "",
                    workerCpuMs / trials,
                    dbWork == null
                            ? ""
                            : String.format(
                                    Locale.ROOT,
                                    ", database %.1f commits and %.2f ms executing/trial",
                                    dbWork[0] / trials,
                                    dbWork[1] / trials),
                    loadBefore,
                    loadAfter);
        } finally {
            watching.set(false);
            workers.forEach(WorkerProcess::kill);
            ctx.dispose(target);
        }
    }

    /** Waits (at most 5 s) until the workers' connections are gone, so their statistics are reported. */
    private static void awaitDisconnected(BenchPostgres pg, String database) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (pg.paratuneConnections(database) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20); // polling interval
        }
        Thread.sleep(100); // a backend reports its statistics while it exits
    }

    private static Thread connectionMonitor(
            BenchPostgres pg, String database, AtomicBoolean watching, AtomicInteger max) {
        Thread t = new Thread(
                () -> {
                    try (BenchPostgres.ConnectionCounter counter = pg.new ConnectionCounter(database)) {
                        while (watching.get()) {
                            max.accumulateAndGet(counter.count(), Math::max);
                            Thread.sleep(100); // polling interval of the connection count
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (java.sql.SQLException | RuntimeException e) {
                        // the count is informative; the run goes on without it
                    }
                },
                "connection-monitor");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static long[] concat(List<StorageWorkload.Result> results, boolean ask) {
        return results.stream()
                .flatMapToLong(r -> java.util.Arrays.stream(ask ? r.ask() : r.askSuggest()))
                .toArray();
    }

    /** Checks that the study holds exactly trials 0..n-1, all COMPLETE. */
    private static void verify(StorageContext.Target target, int trials) {
        try (JdbcStorage storage = JdbcStorage.open(target.url())) {
            List<FrozenTrial> all =
                    Study.builder().name(STUDY).storage(storage).load().trials();
            if (all.size() != trials) {
                throw new IllegalStateException("the study holds " + all.size() + " trials, not " + trials);
            }
            for (int i = 0; i < all.size(); i++) {
                FrozenTrial t = all.get(i);
                if (t.number() != i
                        || t.state() != TrialState.COMPLETE
                        || t.params().size() != 3) {
                    throw new IllegalStateException("trial " + i + " of the study is " + t.number() + " " + t.state()
                            + " with params " + t.params() + "; expected number " + i + ", COMPLETE, 3 params");
                }
            }
        }
    }
}
