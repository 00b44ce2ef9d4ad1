package io.paratune.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code storage}: runs the durable storage benchmark's chosen modes on its chosen backends, in a
 * folder of its own and against a PostgreSQL server where one is needed.
 *
 * <p>Throughput runs ({@link StorageThroughput}) start worker processes (this jar again, {@code
 * storage-worker}) on one study in a fresh SQLite file or PostgreSQL database, release them
 * together and report trials per second from the first ask to the last tell, then check that the
 * study holds exactly the trials asked for, numbered densely, all COMPLETE. The ask-time run
 * ({@link StorageAskTime}) times asks as one study grows. The scale run is a throughput run with
 * many threads per process and trials that take a few milliseconds.
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
                    StorageAskTime.run(ctx, backend);
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
