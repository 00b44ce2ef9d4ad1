package io.paratune.bench;

import static io.paratune.bench.StorageContext.STUDY;
import static io.paratune.bench.StorageContext.WORKER_TIMEOUT_SECONDS;

import io.paratune.FrozenTrial;
import io.paratune.Study;
import io.paratune.TrialState;
import io.paratune.sampler.RandomSampler;
import io.paratune.sampler.Sampler;
import io.paratune.storage.jdbc.JdbcStorage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code storage}: the durable storage under load. Throughput runs start worker processes (this
 * jar again, {@code storage-worker}) on one study in a fresh SQLite file or PostgreSQL database,
 * release them together and report trials per second from the first ask to the last tell, then
 * check that the study holds exactly the trials asked for, numbered densely, all COMPLETE. The
 * ask-time run fills one study and, at each size, opens a new storage on it (an empty cache, as a
 * joining worker has), times its first ask, runs {@value #ASK_WARMUP} asks per sampler unmeasured,
 * then times asks (each with its three suggests) with the random sampler and with a sampler that
 * reads the finished trials before each proposal. The scale
 * run is a throughput run with many threads per process and trials that take a few milliseconds.
 */
@Command(
        name = "storage",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "durable storage: trials/s of worker processes on SQLite and PostgreSQL, ask time as a study grows",
            "RandomSampler, trivial objective (x float, y int, kind categorical); worker processes (separate JVMs)"
                    + " share one study."
        })
final class StorageCommand extends BenchCommand {
    private static final int FILL_THREADS = 4;
    private static final int ASK_WARMUP = 50;

    private final String suffix = Long.toString(System.currentTimeMillis(), 36);

    @Mixin
    StorageOptions options;

    @Override
    int run(PrintStream out, PrintStream err) {
        options.check();
        BenchLogging.quiet();
        try {
            boolean temporary = options.dir == null;
            Path dir = temporary
                    ? Files.createTempDirectory("paratune-storage-bench")
                    : Files.createDirectories(options.dir);
            try {
                runAll(options, dir, out, err);
            } finally {
                if (temporary) {
                    deleteTree(dir);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return BenchMain.OK;
    }

    private void runAll(StorageOptions o, Path dir, PrintStream out, PrintStream err)
            throws IOException, InterruptedException {
        StorageContext ctx = new StorageContext(
                o, dir, out, err, "paratune " + version(), "java " + System.getProperty("java.version"), suffix);
        err.printf(
                "%s on %s, %d CPUs, load average %s%n",
                ctx.system, ctx.runtime, Runtime.getRuntime().availableProcessors(), StorageLines.loadAverage());
        BenchPostgres pg = null;
        try {
            if (o.backends.contains("postgresql")) {
                pg = o.postgres != null
                        ? BenchPostgres.attach(o.postgres)
                        : BenchPostgres.startEmbedded(dir.resolve("postgres-data"), 0);
                ctx.postgres = pg;
                ctx.postgresSettings = pg.settings();
                err.println("PostgreSQL: " + ctx.postgresSettings + " at " + pg.adminUrl());
            }
            if (o.workerCdsTrials > 0 && (o.measures("throughput") || o.measures("scale"))) {
                for (String backend : o.backends) {
                    if (o.measures("throughput") || backend.equals("postgresql")) {
                        archiveWorkerClasses(ctx, backend);
                    }
                }
            }
            for (String backend : o.backends) {
                if (o.measures("throughput")) {
                    for (int processes : o.processes) {
                        throughput(ctx, "throughput", backend, processes, o.trials, 1, 0);
                    }
                }
                if (o.measures("ask-time")) {
                    askTime(ctx, backend);
                }
            }
            if (o.measures("scale")) {
                throughput(
                        ctx,
                        "scale",
                        "postgresql",
                        o.scaleProcesses,
                        o.scaleTrials,
                        o.scaleThreads,
                        o.scaleTrialMillis);
            }
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
    }

    // ---- throughput and scale ----

    /**
     * Runs one worker for {@code --worker-cds} trials on a scratch study and keeps the classes it
     * loaded in an archive for the measured workers of {@code backend} (AppCDS); without an archive
     * (an older JVM, a failed run) the workers start without one.
     */
    private void archiveWorkerClasses(StorageContext ctx, String backend) throws IOException, InterruptedException {
        StorageOptions o = ctx.options;
        if (!WorkerProcess.classPathIsJars()) {
            ctx.err.println(backend + " workers start without a class-data-sharing archive: the class path has"
                    + " folders, and an archive needs jar files (run the benchmark jar)");
            return;
        }
        Path archive = ctx.dir.resolve("worker-" + backend + ".jsa").toAbsolutePath();
        Files.deleteIfExists(archive);
        StorageContext.Target target = ctx.fresh(backend, "cds", 1);
        try {
            try (JdbcStorage storage = JdbcStorage.open(target.url())) {
                Study.builder().name(STUDY).storage(storage).create();
            }
            Path runDir = Files.createDirectories(ctx.dir.resolve("workers"));
            WorkerProcess w = WorkerProcess.start(
                    o.workerJavaOpts + " -XX:ArchiveClassesAtExit=" + archive,
                    List.of(
                            "--url",
                            target.url(),
                            "--study",
                            STUDY,
                            "--trials",
                            String.valueOf(o.workerCdsTrials),
                            "--seed",
                            String.valueOf(o.seed)),
                    runDir,
                    "cds-" + backend);
            try {
                w.awaitReady();
                w.go();
                w.await(WORKER_TIMEOUT_SECONDS); // the archive is written when the JVM exits
            } catch (RuntimeException e) {
                ctx.err.println(backend + " workers start without a class-data-sharing archive: " + e.getMessage());
                Files.deleteIfExists(archive);
                return;
            } finally {
                w.kill();
            }
        } finally {
            ctx.dispose(target);
        }
        if (Files.isRegularFile(archive) && Files.size(archive) > 0) {
            ctx.cdsOptions.put(backend, " -XX:SharedArchiveFile=" + archive);
            ctx.err.printf(
                    Locale.ROOT,
                    "%s workers map a class-data-sharing archive of %,d KiB (%d training" + " trials)%n",
                    backend,
                    Files.size(archive) / 1024,
                    o.workerCdsTrials);
        } else {
            ctx.err.println(backend + " workers start without a class-data-sharing archive: the training run left"
                    + " none (see cds-" + backend + ".log in " + ctx.dir.resolve("workers") + ")");
        }
    }

    private void throughput(
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

    // ---- ask time ----

    private void askTime(StorageContext ctx, String backend) throws IOException, InterruptedException {
        StorageOptions o = ctx.options;
        StorageContext.Target target = ctx.fresh(backend, "ask-time", 1);
        try (JdbcStorage fillStorage = JdbcStorage.open(target.url())) {
            Study filler = Study.builder()
                    .name(STUDY)
                    .storage(fillStorage)
                    .sampler(RandomSampler.seeded(o.seed))
                    .create();
            int finished = 0;
            for (int size : o.askAt) {
                if (finished < size) {
                    long t0 = System.nanoTime();
                    StorageWorkload.run(filler, size - finished, FILL_THREADS, 0);
                    ctx.err.printf(
                            Locale.ROOT,
                            "filled the %s study to %,d trials in %.1f s%n",
                            backend,
                            size,
                            (System.nanoTime() - t0) / 1e9);
                    finished = size;
                }
                String loadBefore = StorageLines.loadAverage();
                // a new storage, as a worker joining the study: its cache starts empty
                try (JdbcStorage storage = JdbcStorage.open(target.url())) {
                    Study history = load(storage, new HistoryReadingSampler(o.seed + 1));
                    long[] cold = StorageWorkload.oneTrial(history, 0);
                    Study random = load(storage, RandomSampler.seeded(o.seed + 2));
                    sample(random, ASK_WARMUP); // discarded: this JVM's first asks at this size
                    sample(history, ASK_WARMUP);
                    long[][] randomTimes = sample(random, o.askSamples);
                    long[][] historyTimes = sample(history, o.askSamples);
                    String loadAfter = StorageLines.loadAverage();
                    askLine(ctx, backend, size, "random", randomTimes, null, loadBefore, loadAfter);
                    askLine(ctx, backend, size, "history", historyTimes, cold, loadBefore, loadAfter);
                }
                finished += 1 + 2 * (ASK_WARMUP + o.askSamples);
            }
        } finally {
            ctx.dispose(target);
        }
    }

    private static Study load(JdbcStorage storage, Sampler sampler) {
        return Study.builder().name(STUDY).storage(storage).sampler(sampler).load();
    }

    private static long[][] sample(Study study, int samples) throws InterruptedException {
        long[] ask = new long[samples];
        long[] askSuggest = new long[samples];
        for (int i = 0; i < samples; i++) {
            long[] t = StorageWorkload.oneTrial(study, 0);
            ask[i] = t[0];
            askSuggest[i] = t[1];
        }
        return new long[][] {ask, askSuggest};
    }

    private void askLine(
            StorageContext ctx,
            String backend,
            int size,
            String sampler,
            long[][] times,
            long[] cold,
            String loadBefore,
            String loadAfter) {
        Latency ask = Latency.ofNanos(times[0]);
        Latency askSuggest = Latency.ofNanos(times[1]);
        JsonLine j = StorageLines.head(ctx, "ask-time", backend)
                .put("finished_trials", size)
                .put("sampler", sampler)
                .put("samples", times[0].length);
        StorageLines.latency(j, "ask", ask);
        StorageLines.latency(j, "ask_suggest", askSuggest);
        if (cold != null) {
            j.put("cold_ask_suggest_us", cold[1] / 1e3, 1);
        }
        j.put("load_before", loadBefore).put("load_after", loadAfter);
        StorageLines.emit(ctx, j);
        ctx.err.printf(
                Locale.ROOT,
                "%s ask-time %s at %,d finished trials, %s sampler: ask+3 suggests ms"
                        + " p50/p99/mean %.2f/%.2f/%.2f%s%n",
                ctx.system,
                backend,
                size,
                sampler,
                askSuggest.p50() / 1e3,
                askSuggest.p99() / 1e3,
                askSuggest.mean() / 1e3,
                cold == null ? "" : String.format(Locale.ROOT, "; first ask of a new worker %.1f ms", cold[1] / 1e6));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String version() {
        String v = StorageCommand.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }
}
