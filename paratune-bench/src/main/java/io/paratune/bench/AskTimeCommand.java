package io.paratune.bench;

import io.paratune.Study;
import io.paratune.Trial;
import io.paratune.sampler.RandomSampler;
import io.paratune.space.FloatDistribution;
import io.paratune.space.SearchSpace;
import io.paratune.storage.Storage;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ask-time}: the time of one ask (ask plus the suggestion of every parameter) of a sampler
 * when the study already holds {@code --history} COMPLETE trials of {@code --params} float
 * parameters, in memory. The history comes from a random sampler (TPE and random; where the points
 * come from does not change their cost) or from the sampler itself (CMA-ES, whose state depends on
 * its own generations). After {@code --warmup} unmeasured asks, {@code --asks} asks are timed one
 * by one (wall and thread CPU time); every ask is told, so the history grows by warmup + asks.
 */
@Command(
        name = "ask-time",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "time of one ask at a given number of finished trials (TPE, CMA-ES, random)")
final class AskTimeCommand extends BenchCommand {
    @Option(names = "--sampler", paramLabel = "NAME", description = "tpe, cmaes or random")
    String sampler;

    @Option(
            names = "--config",
            paramLabel = "NAME",
            defaultValue = "default",
            description = "as for quality (default: ${DEFAULT-VALUE})")
    String config;

    @Option(
            names = "--history",
            split = ",",
            paramLabel = "N",
            defaultValue = "1000,3000",
            description = "COMPLETE trials before the timed asks, comma-separated (default: ${DEFAULT-VALUE})")
    @AtLeast(0)
    List<Integer> histories;

    @Option(
            names = "--params",
            paramLabel = "N",
            defaultValue = "10",
            description = "float parameters in [-5, 5] (default: ${DEFAULT-VALUE})")
    @AtLeast(1)
    int params;

    @Option(
            names = "--warmup",
            paramLabel = "N",
            defaultValue = "20",
            description = "unmeasured asks first (default: ${DEFAULT-VALUE})")
    @AtLeast(0)
    int warmup;

    @Option(
            names = "--asks",
            paramLabel = "N",
            defaultValue = "50",
            description = "timed asks (default: ${DEFAULT-VALUE})")
    @AtLeast(1)
    int asks;

    @Option(
            names = "--seed",
            paramLabel = "N",
            defaultValue = "1",
            description = "seed of the history and the sampler (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", paramLabel = "FILE", description = "JSON lines are appended here too (default: none)")
    String file;

    @Override
    int run(PrintStream out, PrintStream err) {
        BenchMain.quietParatuneLogs();
        SamplerChoice choice = SamplerChoice.of(sampler, config);
        String system = "paratune " + QualityCommand.version();
        try (ResultFiles.Sink sink = ResultFiles.sink(file, out)) {
            for (int history : histories) {
                String line = measure(system, choice, history, params, warmup, asks, seed, err);
                sink.emit(line);
            }
        }
        return BenchMain.OK;
    }

    private static double tellValue(Trial t) {
        double s = 0;
        for (Object v : t.params().values()) {
            double x = (Double) v;
            s += x * x;
        }
        return s;
    }

    static String measure(
            String system,
            SamplerChoice choice,
            int history,
            int params,
            int warmup,
            int asks,
            long seed,
            PrintStream err) {
        List<FloatDistribution> dists = new ArrayList<>();
        for (int i = 0; i < params; i++) {
            dists.add(FloatDistribution.of("x" + i, -5, 5));
        }
        SearchSpace space = SearchSpace.of(dists);
        Storage storage = Storage.inMemory();
        boolean own = choice.sampler().equals("cmaes");
        Study filler = Study.builder()
                .name("ask-time")
                .storage(storage)
                .sampler(own ? choice.create(seed) : RandomSampler.seeded(seed))
                .create();
        long fillStart = System.nanoTime();
        for (int i = 0; i < history; i++) {
            Trial t = filler.ask(space);
            filler.tell(t, tellValue(t));
        }
        double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
        Study study = own
                ? filler
                : Study.builder()
                        .name("ask-time")
                        .storage(storage)
                        .sampler(choice.create(seed))
                        .load();
        for (int i = 0; i < warmup; i++) {
            Trial t = study.ask(space);
            study.tell(t, tellValue(t));
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] wall = new double[asks];
        double cpu = 0;
        for (int i = 0; i < asks; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            Trial t = study.ask(space);
            wall[i] = (System.nanoTime() - t0) / 1e6;
            cpu += (threads.getCurrentThreadCpuTime() - c0) / 1e6;
            study.tell(t, tellValue(t));
        }
        double mean = Arrays.stream(wall).average().orElse(Double.NaN);
        Arrays.sort(wall);
        double median = percentile(wall, 50);
        double p90 = percentile(wall, 90);
        String load = loadAverage();
        err.printf(
                Locale.ROOT,
                "%s %s [%s] history %d, %d params: median %.3f ms, mean %.3f ms, p90 %.3f ms,"
                        + " CPU %.3f ms per ask (load %s; history filled in %.1f s)%n",
                system,
                choice.className(),
                choice.config(),
                history,
                params,
                median,
                mean,
                p90,
                cpu / asks,
                load,
                fillSeconds);
        return new JsonLine()
                .put("system", system)
                .put("sampler", choice.className())
                .put("config", choice.description())
                .put("history", history)
                .put("params", params)
                .put("history_by", own ? "the sampler itself" : "RandomSampler")
                .put("warmup", warmup)
                .put("asks", asks)
                .put("median_ms", median, 4)
                .put("mean_ms", mean, 4)
                .put("p90_ms", p90, 4)
                .put("cpu_mean_ms", cpu / asks, 4)
                .put("load_average", load)
                .toString();
    }

    /** Linear interpolation between closest ranks (numpy's default); {@code sorted} ascending. */
    static double percentile(double[] sorted, double q) {
        double pos = (sorted.length - 1) * q / 100.0;
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
