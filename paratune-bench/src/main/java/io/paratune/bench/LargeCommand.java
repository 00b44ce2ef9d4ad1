package io.paratune.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;

/**
 * {@code large}: the large protocol (docs/dev/large-protocol.md) for one sampler configuration:
 * scalable functions at 20 or 50 dimensions, a budget of 1,000 evaluations in rounds of 50 asks
 * before any tell. One JSON line per run, in the shared results format plus the wall time of every
 * round's asks, to standard output and appended to {@code --out}; per function, the median log10
 * regret at 100/250/500/1,000 evaluations and the round times to standard error.
 */
final class LargeCommand implements Command {
    private static final Set<String> OPTIONS =
            Set.of("sampler", "config", "function", "budget", "batch", "seeds", "out", "time-limit");

    @Override
    public String name() {
        return "large";
    }

    @Override
    public String summary() {
        return "optimiser quality and time at scale (ackley20, rastrigin50, ...; 1,000 evaluations, rounds of 50)";
    }

    @Override
    public String usage() {
        return String.join(
                "\n",
                "usage: large --sampler gp|tpe|cmaes|random [options]",
                "  --sampler NAME     gp, tpe, cmaes or random",
                "  --config NAME      a configuration of that sampler, as for quality (default: default)",
                "  --function LIST    comma-separated ackleyD, rastriginD, rosenbrockD, griewankD at a dimension D"
                        + " (default: ackley20,rastrigin20,rosenbrock20,griewank20)",
                "  --budget N         evaluations per run (default: 1000)",
                "  --batch N          asks per round before any tell (default: 50)",
                "  --seeds RANGE      seeds as 0-4 or 0,3,5 (default: 0-4)",
                "  --time-limit S     stop a run after the round during which S seconds passed; its line says so"
                        + " (default: none)",
                "  --out FILE         JSON lines are appended here too (default: none)");
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Args a = Args.parse(args, OPTIONS);
        BenchMain.quietParatuneLogs();
        SamplerChoice choice = SamplerChoice.of(a.string("sampler", null), a.string("config", "default"));
        List<Objective> functions = new ArrayList<>();
        for (String id : a.string("function", "ackley20,rastrigin20,rosenbrock20,griewank20")
                .split(",")) {
            functions.add(Objective.byId(id.trim()));
        }
        int budget = a.integer("budget", 1000, 1);
        int batch = a.integer("batch", 50, 1);
        List<Long> seeds = QualityCommand.seeds(a.string("seeds", "0-4"));
        double timeLimit = a.number("time-limit", 0, 0);
        String file = a.string("out", null);
        String system = "paratune " + QualityCommand.version();
        try (ResultFiles.Sink sink = ResultFiles.sink(file, out)) {
            for (Objective f : functions) {
                List<LargeRun> runs = new ArrayList<>();
                for (long seed : seeds) {
                    LargeRun r = LargeRun.run(choice, f, seed, budget, batch, timeLimit);
                    sink.emit(r.toJson(system));
                    runs.add(r);
                }
                err.println(summary(system, choice, f, budget, batch, runs));
            }
        }
        return BenchMain.OK;
    }

    /** One line per function: median log10 regret at the checkpoints, round times and wall time. */
    static String summary(
            String system, SamplerChoice choice, Objective f, int budget, int batch, List<LargeRun> runs) {
        StringJoiner regrets = new StringJoiner(" ");
        for (int c : LargeRun.checkpoints(budget)) {
            double[] at = runs.stream()
                    .mapToDouble(r -> r.logRegretAt(c))
                    .filter(v -> !Double.isNaN(v))
                    .toArray();
            regrets.add(at.length == 0 ? "@" + c + " -" : String.format(Locale.ROOT, "@%d %.2f", c, Stats.median(at)));
        }
        double[] rounds = runs.stream()
                .flatMapToDouble(r -> Arrays.stream(r.roundAskSeconds()))
                .toArray();
        double[] roundsCpu = runs.stream()
                .flatMapToDouble(r -> Arrays.stream(r.roundAskCpuSeconds()))
                .toArray();
        double[] walls = runs.stream().mapToDouble(LargeRun::wallSeconds).toArray();
        long stopped = runs.stream().filter(LargeRun::stopped).count();
        return String.format(
                Locale.ROOT,
                "%s %s [%s] %s batch %d: median log10 regret %s; round of asks median"
                        + " %.3f s (CPU %.3f s), max %.3f s; median wall %.1f s over %d seeds%s",
                system,
                choice.className(),
                choice.config(),
                f.id(),
                batch,
                regrets,
                Stats.median(rounds),
                Stats.median(roundsCpu),
                Arrays.stream(rounds).max().orElse(Double.NaN),
                Stats.median(walls),
                runs.size(),
                stopped == 0 ? "" : " (" + stopped + " stopped by the time limit)");
    }
}
