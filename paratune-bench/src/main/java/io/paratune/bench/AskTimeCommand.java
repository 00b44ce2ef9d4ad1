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
import java.util.Set;

/**
 * {@code ask-time}: the time of one ask (ask plus the suggestion of every parameter) of a sampler
 * when the study already holds {@code --history} COMPLETE trials of {@code --params} float
 * parameters, in memory. The history comes from a random sampler (TPE and random; where the points
 * come from does not change their cost) or from the sampler itself (CMA-ES, whose state depends on
 * its own generations). After {@code --warmup} unmeasured asks, {@code --asks} asks are timed one
 * by one (wall and thread CPU time); every ask is told, so the history grows by warmup + asks.
 */
final class AskTimeCommand implements Command {
    private static final Set<String> OPTIONS =
            Set.of("sampler", "config", "history", "params", "asks", "warmup", "seed", "out");

    @Override
    public String name() {
        return "ask-time";
    }

    @Override
    public String summary() {
        return "time of one ask at a given number of finished trials (TPE, CMA-ES, random)";
    }

    @Override
    public String usage() {
        return String.join(
                "\n",
                "usage: ask-time --sampler tpe|cmaes|random [options]",
                "  --sampler NAME     tpe, cmaes or random",
                "  --config NAME      as for quality (default: default)",
                "  --history LIST     COMPLETE trials before the timed asks, comma-separated (default: 1000,3000)",
                "  --params N         float parameters in [-5, 5] (default: 10)",
                "  --warmup N         unmeasured asks first (default: 20)",
                "  --asks N           timed asks (default: 50)",
                "  --seed N           seed of the history and the sampler (default: 1)",
                "  --out FILE         JSON lines are appended here too (default: none)");
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Args a = Args.parse(args, OPTIONS);
        BenchMain.quietParatuneLogs();
        SamplerChoice choice = SamplerChoice.of(a.string("sampler", null), a.string("config", "default"));
        List<Integer> histories = a.integers("history", List.of(1000, 3000), 0);
        int params = a.integer("params", 10, 1);
        int warmup = a.integer("warmup", 20, 0);
        int asks = a.integer("asks", 50, 1);
        long seed = a.longValue("seed", 1);
        String file = a.string("out", null);
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
