package io.paratune.bench;

import io.paratune.FrozenTrial;
import io.paratune.Study;
import io.paratune.TrialPrunedException;
import io.paratune.TrialState;
import io.paratune.pruner.Pruner;
import io.paratune.pruner.Pruners;
import io.paratune.sampler.RandomSampler;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code early-stopping}: replays recorded learning curves ({@link LearningCurves}) under each
 * pruner, so that every pruner, and the Optuna peer, sees identical work. Trial {@code n} of run
 * {@code seed} trains configuration {@link LearningCurves#order}{@code [n]}, reporting the loss after
 * each epoch (step = epochs trained) and stopping when pruned; a complete trial's value is its
 * final loss. Per pruner and seed it prints one JSON line: the epochs trained in all (the training
 * steps) and the best final loss among the COMPLETE trials.
 */
@Command(
        name = "early-stopping",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "pruners replaying recorded MLP learning curves on the digits: training steps and best loss")
final class EarlyStoppingCommand extends BenchCommand {
    static final List<String> PRUNERS = List.of("none", "median", "asha", "hyperband");

    @Option(
            names = "--curves",
            paramLabel = "FILE",
            defaultValue = RecordCurvesCommand.DEFAULT_CURVES,
            description = "recorded curves (default: ${DEFAULT-VALUE})")
    Path file;

    @Option(
            names = "--pruner",
            split = ",",
            paramLabel = "NAME",
            defaultValue = "none,median,asha,hyperband",
            description = "comma-separated: none,median,asha,hyperband (default: all)")
    List<String> pruners;

    @Option(
            names = "--seeds",
            paramLabel = "RANGE",
            defaultValue = "0-4",
            description = "seeds as 0-4 or 0,3 (default: ${DEFAULT-VALUE})")
    String seedRange;

    @Option(
            names = "--trials",
            paramLabel = "N",
            defaultValue = "100",
            description = "trials per run (default: ${DEFAULT-VALUE})")
    @AtLeast(1)
    int trials;

    @Option(
            names = "--workers",
            paramLabel = "N",
            defaultValue = "4",
            description = "parallel workers (default: ${DEFAULT-VALUE})")
    @AtLeast(1)
    int workers;

    @Option(
            names = "--min-resource",
            paramLabel = "N",
            defaultValue = "1",
            description = "ASHA's and Hyperband's smallest rung, in epochs (default: ${DEFAULT-VALUE})")
    @AtLeast(1)
    int minResource;

    @Option(
            names = "--reduction-factor",
            paramLabel = "N",
            defaultValue = "3",
            description = "ASHA's and Hyperband's eta (default: ${DEFAULT-VALUE})")
    @AtLeast(2)
    int eta;

    @Option(names = "--out", paramLabel = "FILE", description = "JSON lines are appended here too (default: none)")
    String outFile;

    @Override
    int run(PrintStream out, PrintStream err) {
        BenchMain.quietParatuneLogs();
        if (!Files.isRegularFile(file)) {
            throw new UsageException("--curves " + file + " is not a file; run record-curves first or give its path");
        }
        LearningCurves curves = LearningCurves.read(file);
        for (String p : pruners) {
            if (!PRUNERS.contains(p)) {
                throw new UsageException("--pruner " + p + " is not known; give some of " + PRUNERS);
            }
        }
        List<Long> seeds = QualityCommand.seeds(seedRange);
        if (trials > curves.size()) {
            throw new UsageException("--trials " + trials + " exceeds the " + curves.size()
                    + " recorded configurations; give at most " + curves.size());
        }
        try (ResultFiles.Sink sink = ResultFiles.sink(outFile, out)) {
            for (String p : pruners) {
                for (long seed : seeds) {
                    String line = run(curves, p, pruner(p, minResource, curves.epochs(), eta), seed, trials, workers)
                            .put("min_resource", minResource)
                            .put("reduction_factor", eta)
                            .toString();
                    sink.emit(line);
                }
            }
        }
        return BenchMain.OK;
    }

    static Pruner pruner(String name, int minResource, int maxResource, int eta) {
        return switch (name) {
            case "none" -> Pruners.none();
            case "median" -> Pruners.median();
            case "asha" -> Pruners.successiveHalving(minResource, eta, 0, 0);
            case "hyperband" -> Pruners.hyperband(minResource, maxResource, eta);
            default -> throw new UsageException("unknown pruner " + name);
        };
    }

    /** One replayed study; the JSON line of its result. */
    static JsonLine run(LearningCurves curves, String prunerName, Pruner pruner, long seed, int trials, int workers) {
        int[] order = LearningCurves.order(curves.size(), trials, seed);
        AtomicLong steps = new AtomicLong();
        Study study = Study.builder()
                .name("early-stopping-" + seed)
                .sampler(RandomSampler.seeded(seed))
                .pruner(pruner)
                .create();
        long start = System.nanoTime();
        study.optimize(
                trial -> {
                    double[] curve = curves.losses()[order[trial.number()]];
                    for (int epoch = 1; epoch <= curve.length; epoch++) {
                        steps.incrementAndGet();
                        trial.report(epoch, curve[epoch - 1]);
                        if (trial.shouldPrune()) {
                            throw new TrialPrunedException();
                        }
                    }
                    return curve[curve.length - 1];
                },
                trials,
                workers);
        double seconds = (System.nanoTime() - start) / 1e9;
        double best = Double.NaN;
        int bestConfig = -1;
        for (FrozenTrial t : study.trials(TrialState.COMPLETE)) {
            if (Double.isNaN(best) || t.value() < best) {
                best = t.value();
                bestConfig = order[t.number()];
            }
        }
        return new JsonLine()
                .put("system", "paratune " + QualityCommand.version())
                .put("pruner", prunerName)
                .put("seed", seed)
                .put("trials", trials)
                .put("workers", workers)
                .put("steps", steps.get())
                .put("max_steps", (long) trials * curves.epochs())
                .put("best_loss", best, 6)
                .put("best_config", bestConfig)
                .put("complete", study.trials(TrialState.COMPLETE).size())
                .put("pruned", study.trials(TrialState.PRUNED).size())
                .put("failed", study.trials(TrialState.FAIL).size())
                .put("seconds", seconds, 3);
    }
}
