package io.paratune.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code overhead}: trials per second of ask + suggest + tell with the random sampler on the
 * in-memory storage, for each thread count; see {@link OverheadBenchmark} for the protocol.
 */
@Command(
        name = "overhead",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "ask+tell trials per second, random sampler, in-memory storage",
            "RandomSampler, in-memory storage, N float params, objective = sum of squares; several threads share"
                    + " one study."
        })
final class OverheadCommand extends BenchCommand {
    /** Held so that the level set here is not lost when the logger is garbage-collected. */
    private static final Logger PARATUNE_LOG = Logger.getLogger("io.paratune");

    @Option(
            names = "--threads",
            split = ",",
            paramLabel = "N",
            defaultValue = "1,2",
            description =
                    "thread counts, comma-separated; each runs on its own fresh studies (default: ${DEFAULT-VALUE})")
    @AtLeast(1)
    List<Integer> threads;

    @Option(
            names = "--trials",
            paramLabel = "N",
            defaultValue = "50000",
            description = "trials per measured study (default: ${DEFAULT-VALUE})")
    @AtLeast(1)
    int trials;

    @Option(
            names = "--seconds",
            paramLabel = "S",
            defaultValue = "60",
            description = "time cap per measured study; it stops early when reached (default: ${DEFAULT-VALUE})")
    @AtLeast(0.001)
    double seconds;

    @Option(
            names = "--repeats",
            paramLabel = "R",
            defaultValue = "5",
            description = "measured studies per thread count; median reported (default: ${DEFAULT-VALUE})")
    @AtLeast(1)
    int repeats;

    @Option(
            names = "--warmup-seconds",
            paramLabel = "W",
            defaultValue = "5",
            description = "discarded warm-up (JIT) before each thread count (default: ${DEFAULT-VALUE})")
    @AtLeast(0)
    double warmupSeconds;

    @Option(
            names = "--params",
            paramLabel = "P",
            defaultValue = "10",
            description = "float parameters per trial (default: ${DEFAULT-VALUE})")
    @AtLeast(1)
    int params;

    @Option(
            names = "--seed",
            paramLabel = "SEED",
            defaultValue = "0",
            description = "sampler seed of the first repeat; repeat r uses SEED + r (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", paramLabel = "FILE.jsonl", description = "also append the result lines to FILE")
    Path outFile;

    @Override
    int run(PrintStream out, PrintStream err) {
        if (outFile != null && outFile.toString().isBlank()) {
            throw new UsageException("--out is blank; give a file name such as results/overhead.jsonl");
        }
        // Study logs every finished trial at INFO; the benchmark measures the API, not the console.
        PARATUNE_LOG.setLevel(Level.WARNING);
        String system = "paratune " + version();
        String runtime = "java " + System.getProperty("java.version");
        err.printf(
                "%s on %s, %d CPUs: %d params, studies of %,d trials, threads %s, %d repeats%n",
                system, runtime, Runtime.getRuntime().availableProcessors(), params, trials, threads, repeats);
        List<String> summaries = new ArrayList<>();
        for (int t : threads) {
            OverheadBenchmark bench = new OverheadBenchmark(t, params);
            warmUp(bench);
            List<OverheadResult> results = new ArrayList<>();
            for (int r = 0; r < repeats; r++) {
                System.gc();
                OverheadBenchmark.Measurement m = bench.run(trials, capNanos(seconds), seed + r);
                OverheadResult result = result(system, runtime, bench, r, trials, m);
                results.add(result);
                emit(result.toJson(), out, outFile);
            }
            String summary = OverheadResult.summary(results);
            summaries.add(summary);
            err.println(summary);
        }
        if (threads.size() > 1) {
            err.println("summary:");
            summaries.forEach(s -> err.println("  " + s));
        }
        return BenchMain.OK;
    }

    /** Runs discarded studies (each at most the measured size) until the warm-up time is spent. */
    private void warmUp(OverheadBenchmark bench) {
        long end = System.nanoTime() + capNanos(warmupSeconds);
        for (long s = seed + 1_000_000; end - System.nanoTime() > 0; s++) {
            bench.run(trials, end - System.nanoTime(), s);
        }
    }

    static OverheadResult result(
            String system,
            String runtime,
            OverheadBenchmark bench,
            int repeat,
            int target,
            OverheadBenchmark.Measurement m) {
        double wall = m.wallSeconds();
        return new OverheadResult(
                system,
                runtime,
                bench.threads(),
                bench.params(),
                repeat,
                target,
                m.trials(),
                wall,
                wall > 0 ? m.trials() / wall : Double.NaN,
                m.firstChunkPerSecond(),
                m.lastChunkPerSecond(),
                Latency.ofNanos(m.ask()),
                Latency.ofNanos(m.suggest()),
                Latency.ofNanos(m.tell()),
                m.gcSeconds());
    }

    private static long capNanos(double seconds) {
        return (long) (seconds * TimeUnit.SECONDS.toNanos(1));
    }

    private static void emit(String line, PrintStream out, Path file) {
        out.println(line);
        out.flush();
        ResultFiles.appendLine(file, line);
    }

    private static String version() {
        String v = OverheadCommand.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }
}
