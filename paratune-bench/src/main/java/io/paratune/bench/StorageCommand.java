package io.paratune.bench;

import static io.paratune.bench.StorageContext.STUDY;

import io.paratune.Study;
import io.paratune.sampler.RandomSampler;
import io.paratune.sampler.Sampler;
import io.paratune.storage.jdbc.JdbcStorage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
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
                        WorkerClassArchive.build(ctx, backend);
                    }
                }
            }
            for (String backend : o.backends) {
                if (o.measures("throughput")) {
                    for (int processes : o.processes) {
                        StorageThroughput.run(ctx, "throughput", backend, processes, o.trials, 1, 0);
                    }
                }
                if (o.measures("ask-time")) {
                    askTime(ctx, backend);
                }
            }
            if (o.measures("scale")) {
                StorageThroughput.run(
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
