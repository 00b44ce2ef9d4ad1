package io.paratune.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code large}: the large protocol (docs/dev/large-protocol.md) for one sampler configuration:
 * scalable functions at 20 or 50 dimensions, a budget of 1,000 evaluations in rounds of 50 asks
 * before any tell. One JSON line per run, in the shared results format plus the wall time of every
 * round's asks, to standard output and appended to {@code --out}; per function, the median log10
 * regret at 100/250/500/1,000 evaluations and the round times to standard error.
 */
@Command(
        name = "large",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "optimiser quality and time at scale (ackley20, rastrigin50, ...; 1,000 evaluations, rounds of 50)")
final class LargeCommand extends BenchCommand {
    @Option(names = "--sampler", paramLabel = "NAME", description = "gp, tpe, cmaes or random")
    String sampler;

    @Option(
            names = "--config",
            paramLabel = "NAME",
            defaultValue = "default",
            description = "a configuration of that sampler, as for quality (default: ${DEFAULT-VALUE})")
    String config;

    @Option(
            names = "--function",
            paramLabel = "LIST",
            defaultValue = "ackley20,rastrigin20,rosenbrock20,griewank20",
            description = "comma-separated ackleyD, rastriginD, rosenbrockD, griewankD at a dimension D"
                    + " (default: ${DEFAULT-VALUE})")
    String functionList;

    @Option(
            names = "--budget",
            paramLabel = "N",
            defaultValue = "1000",
            description = "evaluations per run (default: ${DEFAULT-VALUE})")
    @AtLeast(1)
    int budget;

    @Option(
            names = "--batch",
            paramLabel = "N",
            defaultValue = "50",
            description = "asks per round before any tell (default: ${DEFAULT-VALUE})")
    @AtLeast(1)
    int batch;

    @Option(
            names = "--seeds",
            paramLabel = "RANGE",
            defaultValue = "0-4",
            description = "seeds as 0-4 or 0,3,5 (default: ${DEFAULT-VALUE})")
    String seedRange;

    @Option(
            names = "--time-limit",
            paramLabel = "S",
            defaultValue = "0",
            description =
                    "stop a run after the round during which S seconds passed; its line says so" + " (default: none)")
    @AtLeast(0)
    double timeLimit;

    @Option(names = "--out", paramLabel = "FILE", description = "JSON lines are appended here too (default: none)")
    String file;

    @Override
    int run(PrintStream out, PrintStream err) {
        BenchMain.quietParatuneLogs();
        SamplerChoice choice = SamplerChoice.of(sampler, config);
        List<Objective> functions = new ArrayList<>();
        for (String id : functionList.split(",")) {
            functions.add(Objective.byId(id.trim()));
        }
        List<Long> seeds = QualityCommand.seeds(seedRange);
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
