package io.paratune.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mo-quality}: the shared multi-objective protocol (shared/bench/README.md: zdt1_6 and
 * dtlz2_6, 200 evaluations in batch8, seeds 0..9) for one sampler configuration. One JSON line per
 * run, with the hypervolume after each evaluation as {@code trajectory} and {@code hv_true}, to
 * standard output and appended to {@code --out}; the median log10 hypervolume gap at 50, 100 and
 * 200 evaluations per function to standard error.
 */
@Command(
        name = "mo-quality",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "multi-objective optimiser quality on the shared protocol (zdt1_6, dtlz2_6; batch8; hypervolume)")
final class MoQualityCommand extends BenchCommand {
    static final int[] CHECKPOINTS = {50, 100, 200};

    @Option(names = "--sampler", paramLabel = "NAME", description = "gp, nsga2, tpe or random")
    String sampler;

    @Option(
            names = "--config",
            paramLabel = "NAME",
            defaultValue = "default",
            description = "default; gp also ref (the protocol's reference point given), chebyshev (random Chebyshev"
                    + " scalarisations instead of EHVI), deterministic (noise fixed at its floor), ref-deterministic"
                    + " (both) and ref-deterministic-exploit (both, 3 of 4 proposals exploiting the posterior means),"
                    + " ref-quadratic-exploit (ref-deterministic with a quadratic prior mean, 7 of 8 proposals"
                    + " exploiting), quadratic-exploit (the same with the reference point inferred)"
                    + " (default: ${DEFAULT-VALUE})")
    String config;

    @Option(
            names = "--function",
            paramLabel = "LIST",
            defaultValue = "zdt1_6,dtlz2_6",
            description = "comma-separated: zdt1_6,dtlz2_6 (default: ${DEFAULT-VALUE})")
    String functionList;

    @Option(
            names = "--seeds",
            paramLabel = "RANGE",
            defaultValue = "0-9",
            description = "seeds as 0-9 or 0,3,5 (default: ${DEFAULT-VALUE})")
    String seedRange;

    @Option(
            names = "--budget",
            paramLabel = "N",
            defaultValue = "200",
            description = "evaluations per run (default: ${DEFAULT-VALUE}, the protocol's)")
    @AtLeast(1)
    int budget;

    @Option(names = "--out", paramLabel = "FILE", description = "JSON lines are appended here too (default: none)")
    String file;

    @Override
    int run(PrintStream out, PrintStream err) {
        BenchMain.quietParatuneLogs();
        SamplerChoice choice = SamplerChoice.of(sampler, config);
        List<MoFunction> functions = new ArrayList<>();
        for (String id : functionList.split(",")) {
            functions.add(MoFunction.byId(id.trim()));
        }
        List<Long> seeds = QualityCommand.seeds(seedRange);
        String system = "paratune " + QualityCommand.version();
        try (ResultFiles.Sink sink = ResultFiles.sink(file, out)) {
            for (MoFunction f : functions) {
                List<MoQualityRun> runs = new ArrayList<>();
                for (long seed : seeds) {
                    MoQualityRun r = MoQualityRun.run(choice, f, seed, budget);
                    String line = r.toJson(system);
                    sink.emit(line);
                    runs.add(r);
                }
                err.println(summary(system, choice, f, runs, budget));
            }
        }
        return BenchMain.OK;
    }

    static String summary(String system, SamplerChoice choice, MoFunction f, List<MoQualityRun> runs, int budget) {
        StringBuilder sb = new StringBuilder(String.format(
                Locale.ROOT,
                "%s %s [%s] %s batch8: median log10 HV gap",
                system,
                choice.className(),
                choice.config(),
                f.id()));
        String sep = " ";
        for (int at : CHECKPOINTS) {
            if (at > budget) {
                continue;
            }
            double[] gaps = runs.stream().mapToDouble(r -> r.logGap(at)).toArray();
            Arrays.sort(gaps);
            sb.append(sep).append(String.format(Locale.ROOT, "%.2f at %d", GpTimeCommand.median(gaps), at));
            sep = ", ";
        }
        return sb.append(" over ").append(runs.size()).append(" seeds").toString();
    }
}
