package io.paratune.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code mo-quality}: the shared multi-objective protocol (shared/bench/README.md: zdt1_6 and
 * dtlz2_6, 200 evaluations in batch8, seeds 0..9) for one sampler configuration. One JSON line per
 * run, with the hypervolume after each evaluation as {@code trajectory} and {@code hv_true}, to
 * standard output and appended to {@code --out}; the median log10 hypervolume gap at 50, 100 and
 * 200 evaluations per function to standard error.
 */
final class MoQualityCommand implements Command {
    private static final Set<String> OPTIONS = Set.of("sampler", "config", "function", "seeds", "out", "budget");
    static final int[] CHECKPOINTS = {50, 100, 200};

    @Override
    public String name() {
        return "mo-quality";
    }

    @Override
    public String summary() {
        return "multi-objective optimiser quality on the shared protocol (zdt1_6, dtlz2_6; batch8; hypervolume)";
    }

    @Override
    public String usage() {
        return String.join(
                "\n",
                "usage: mo-quality --sampler gp|nsga2|tpe|random [options]",
                "  --sampler NAME     gp, nsga2, tpe or random",
                "  --config NAME      default; gp also ref (the protocol's reference point given), chebyshev",
                "                     (random Chebyshev scalarisations instead of EHVI), deterministic (noise",
                "                     fixed at its floor), ref-deterministic (both) and ref-deterministic-exploit",
                "                     (both, 3 of 4 proposals exploiting the posterior means), ref-quadratic-exploit",
                "                     (ref-deterministic with a quadratic prior mean, 7 of 8 proposals exploiting),",
                "                     quadratic-exploit (the same with the reference point inferred)",
                "                     (default: default)",
                "  --function LIST    comma-separated: zdt1_6,dtlz2_6 (default: both)",
                "  --seeds RANGE      seeds as 0-9 or 0,3,5 (default: 0-9)",
                "  --budget N         evaluations per run (default: 200, the protocol's)",
                "  --out FILE         JSON lines are appended here too (default: none)");
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Args a = Args.parse(args, OPTIONS);
        BenchMain.quietParatuneLogs();
        SamplerChoice choice = SamplerChoice.of(a.string("sampler", null), a.string("config", "default"));
        List<MoFunction> functions = new ArrayList<>();
        for (String id : a.string("function", "zdt1_6,dtlz2_6").split(",")) {
            functions.add(MoFunction.byId(id.trim()));
        }
        List<Long> seeds = QualityCommand.seeds(a.string("seeds", "0-9"));
        int budget = a.integer("budget", 200, 1);
        String file = a.string("out", null);
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
