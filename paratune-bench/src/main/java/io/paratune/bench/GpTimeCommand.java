package io.paratune.bench;

import io.paratune.Study;
import io.paratune.Trial;
import io.paratune.sampler.RandomSampler;
import io.paratune.space.FloatDistribution;
import io.paratune.space.SearchSpace;
import io.paratune.storage.Storage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gp-time}: how long the GP sampler takes to propose when the study already holds {@code
 * --history} COMPLETE trials of one benchmark function (filled by a random sampler).
 *
 * <ul>
 *   <li><b>seq</b>: one ask right after a tell, so the model is refitted (warm-started) or
 *       re-conditioned on the new data; {@code --repeats} such asks, each then told;
 *   <li><b>batch</b>: {@code --batch} asks before any tell, as parallel workers see it (the first
 *       refits, the others reuse the model and condition on the earlier ones as pending); {@code
 *       --repeats} batches, each then told.
 * </ul>
 *
 * The first ask of a history (a cold fit, no warm start) is reported apart. Times are wall times of
 * the calling thread, and beside them the CPU time of the whole process over the same asks (all
 * threads); the history grows by the asks made.
 */
@Command(
        name = "gp-time",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "time of one GP suggestion and of one batch of suggestions at a given history size")
final class GpTimeCommand extends BenchCommand {
    @Option(
            names = "--config",
            paramLabel = "NAME",
            defaultValue = "default",
            description = "gp configuration as for quality or mo-quality: default, kb, quadratic, ref,"
                    + " ref-quadratic-exploit, ... (default: ${DEFAULT-VALUE})")
    String config;

    @Option(
            names = "--function",
            paramLabel = "NAME",
            defaultValue = "hartmann6",
            description = "branin2, hartmann6, ackley10, ackleyD, rastriginD, rosenbrockD, griewankD (any dimension D,"
                    + " as ackley20), or zdt1_6, dtlz2_6 (multi-objective): the data and the dimension"
                    + " (default: ${DEFAULT-VALUE})")
    String functionId;

    @Option(
            names = "--history",
            split = ",",
            paramLabel = "N",
            defaultValue = "64,256,1000,2000",
            description = "COMPLETE trials before the timed asks, comma-separated (default: ${DEFAULT-VALUE})")
    @AtLeast(1)
    List<Integer> histories;

    @Option(
            names = "--batch",
            paramLabel = "N",
            defaultValue = "8",
            description = "asks per batch before the tells (default: ${DEFAULT-VALUE})")
    @AtLeast(1)
    int batch;

    @Option(
            names = "--repeats",
            paramLabel = "N",
            defaultValue = "5",
            description = "timed sequential asks and timed batches per history (default: ${DEFAULT-VALUE})")
    @AtLeast(1)
    int repeats;

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
        SamplerChoice choice = SamplerChoice.of("gp", config);
        Problem function = Problem.of(functionId);
        String system = "paratune " + QualityCommand.version();
        try (ResultFiles.Sink sink = ResultFiles.sink(file, out)) {
            for (int history : histories) {
                String line = measure(system, choice, function, history, batch, repeats, seed, err);
                sink.emit(line);
            }
        }
        return BenchMain.OK;
    }

    /** A single- or multi-objective benchmark function: its space, directions and values. */
    record Problem(
            String id,
            SearchSpace space,
            int objectives,
            java.util.function.Function<double[], double[]> f,
            double[] reference) {
        static Problem of(String id) {
            List<FloatDistribution> dists = new ArrayList<>();
            if (id.startsWith("zdt") || id.startsWith("dtlz")) {
                MoFunction m = MoFunction.byId(id);
                for (int i = 0; i < m.dimension(); i++) {
                    dists.add(FloatDistribution.of("x" + i, 0, 1));
                }
                return new Problem(id, SearchSpace.of(dists), m.objectives(), m::apply, m.reference());
            }
            Objective b = Objective.byId(id);
            for (int i = 0; i < b.dimension(); i++) {
                dists.add(FloatDistribution.of("x" + i, b.lower(i), b.upper(i)));
            }
            return new Problem(id, SearchSpace.of(dists), 1, x -> new double[] {b.apply(x)}, null);
        }

        int dimension() {
            return space.size();
        }

        io.paratune.StudyBuilder studyBuilder() {
            io.paratune.Direction[] directions = new io.paratune.Direction[objectives];
            java.util.Arrays.fill(directions, io.paratune.Direction.MINIMIZE);
            return Study.builder().directions(directions);
        }
    }

    private static double[] value(Problem f, Trial t) {
        double[] x = new double[f.dimension()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (Double) t.params().get("x" + i);
        }
        return f.f().apply(x);
    }

    static String measure(
            String system,
            SamplerChoice choice,
            Problem f,
            int history,
            int batch,
            int repeats,
            long seed,
            PrintStream err) {
        SearchSpace space = f.space();
        Storage storage = Storage.inMemory();
        Study filler = f.studyBuilder()
                .name("gp-time")
                .storage(storage)
                .sampler(RandomSampler.seeded(seed))
                .create();
        for (int i = 0; i < history; i++) {
            Trial t = filler.ask(space);
            filler.tell(t, value(f, t));
        }
        io.paratune.sampler.Sampler sampler = choice.config().startsWith("ref") && f.reference() != null
                ? SamplerChoice.gpWithReference(choice.config(), seed, f.reference())
                : choice.create(seed);
        Study study = f.studyBuilder()
                .name("gp-time")
                .storage(storage)
                .sampler(sampler)
                .load();
        long t0 = System.nanoTime();
        Trial first = study.ask(space);
        double coldMs = (System.nanoTime() - t0) / 1e6;
        study.tell(first, value(f, first));
        Trial second = study.ask(space); // a warm-started fit, unmeasured
        study.tell(second, value(f, second));
        double[] seq = new double[repeats];
        double[] seqCpu = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long c = processCpuNanos();
            long s = System.nanoTime();
            Trial t = study.ask(space);
            seq[r] = (System.nanoTime() - s) / 1e6;
            seqCpu[r] = (processCpuNanos() - c) / 1e6;
            study.tell(t, value(f, t));
        }
        double[] batches = new double[repeats];
        double[] batchesCpu = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            List<Trial> asked = new ArrayList<>();
            long c = processCpuNanos();
            long s = System.nanoTime();
            for (int i = 0; i < batch; i++) {
                asked.add(study.ask(space));
            }
            batches[r] = (System.nanoTime() - s) / 1e6;
            batchesCpu[r] = (processCpuNanos() - c) / 1e6;
            for (Trial t : asked) {
                study.tell(t, value(f, t));
            }
        }
        double seqMedian = median(seq);
        double batchMedian = median(batches);
        double seqCpuMedian = median(seqCpu);
        double batchCpuMedian = median(batchesCpu);
        String load = loadAverage();
        err.printf(
                Locale.ROOT,
                "%s GpSampler [%s] %s, history %d: cold first ask %.0f ms; one ask median %.1f ms"
                        + " (CPU %.1f ms); batch of %d median %.1f ms (CPU %.1f ms) (load %s)%n",
                system,
                choice.config(),
                f.id(),
                history,
                coldMs,
                seqMedian,
                seqCpuMedian,
                batch,
                batchMedian,
                batchCpuMedian,
                load);
        return new JsonLine()
                .put("system", system)
                .put("sampler", choice.className())
                .put("config", choice.description())
                .put("function", f.id())
                .put("params", f.dimension())
                .put("objectives", f.objectives())
                .put("history", history)
                .put("cold_first_ask_ms", coldMs, 2)
                .put("seq_median_ms", seqMedian, 2)
                .put("seq_ms", seq)
                .put("seq_cpu_median_ms", seqCpuMedian, 2)
                .put("batch", batch)
                .put("batch_median_ms", batchMedian, 2)
                .put("batch_ms", batches)
                .put("batch_cpu_median_ms", batchCpuMedian, 2)
                .put("load_average", load)
                .toString();
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return AskTimeCommand.percentile(sorted, 50);
    }

    /**
     * CPU time of the whole JVM (every thread, the sampler's helpers included): on a shared machine
     * it is much less affected by other processes than the wall time, though it also counts the JIT
     * compiler and the garbage collector.
     */
    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os =
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
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
