package io.paratune.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code overhead}: trials per second of ask + suggest + tell with the random sampler on the
 * in-memory storage, for each thread count; see {@link OverheadBenchmark} for the protocol.
 */
final class OverheadCommand implements Command {
    /** Held so that the level set here is not lost when the logger is garbage-collected. */
    private static final Logger PARATUNE_LOG = Logger.getLogger("io.paratune");

    @Override
    public String name() {
        return "overhead";
    }

    @Override
    public String summary() {
        return "ask+tell trials per second, random sampler, in-memory storage";
    }

    @Override
    public String usage() {
        return OverheadOptions.USAGE;
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        OverheadOptions options = OverheadOptions.parse(args);
        // Study logs every finished trial at INFO; the benchmark measures the API, not the console.
        PARATUNE_LOG.setLevel(Level.WARNING);
        String system = "paratune " + version();
        String runtime = "java " + System.getProperty("java.version");
        err.printf(
                "%s on %s, %d CPUs: %d params, studies of %,d trials, threads %s, %d repeats%n",
                system,
                runtime,
                Runtime.getRuntime().availableProcessors(),
                options.params(),
                options.trials(),
                options.threads(),
                options.repeats());
        List<String> summaries = new ArrayList<>();
        for (int threads : options.threads()) {
            OverheadBenchmark bench = new OverheadBenchmark(threads, options.params());
            warmUp(bench, options);
            List<OverheadResult> results = new ArrayList<>();
            for (int r = 0; r < options.repeats(); r++) {
                System.gc();
                OverheadBenchmark.Measurement m =
                        bench.run(options.trials(), capNanos(options.seconds()), options.seed() + r);
                OverheadResult result = result(system, runtime, bench, r, options.trials(), m);
                results.add(result);
                emit(result.toJson(), out, options.out());
            }
            String summary = OverheadResult.summary(results);
            summaries.add(summary);
            err.println(summary);
        }
        if (options.threads().size() > 1) {
            err.println("summary:");
            summaries.forEach(s -> err.println("  " + s));
        }
        return BenchMain.OK;
    }

    /** Runs discarded studies (each at most the measured size) until the warm-up time is spent. */
    private static void warmUp(OverheadBenchmark bench, OverheadOptions options) {
        long end = System.nanoTime() + capNanos(options.warmupSeconds());
        for (long seed = options.seed() + 1_000_000; end - System.nanoTime() > 0; seed++) {
            bench.run(options.trials(), end - System.nanoTime(), seed);
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
        if (file != null) {
            try {
                Path parent = file.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.writeString(
                        file,
                        line + "\n",
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to --out " + file + ": " + e.getMessage(), e);
            }
        }
    }

    private static String version() {
        String v = OverheadCommand.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }
}
