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
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code early-stopping}: replays recorded learning curves ({@link LearningCurves}) under each
 * pruner, so that every pruner, and the Optuna peer, sees identical work. Trial {@code n} of run
 * {@code seed} trains configuration {@link LearningCurves#order}{@code [n]}, reporting the loss after
 * each epoch (step = epochs trained) and stopping when pruned; a complete trial's value is its
 * final loss. Per pruner and seed it prints one JSON line: the epochs trained in all (the training
 * steps) and the best final loss among the COMPLETE trials.
 */
final class EarlyStoppingCommand implements Command {
    static final List<String> PRUNERS = List.of("none", "median", "asha", "hyperband");
    private static final Set<String> OPTIONS =
            Set.of("curves", "pruner", "seeds", "trials", "workers", "min-resource", "reduction-factor", "out");

    @Override
    public String name() {
        return "early-stopping";
    }

    @Override
    public String summary() {
        return "pruners replaying recorded MLP learning curves on the digits: training steps and best loss";
    }

    @Override
    public String usage() {
        return String.join(
                "\n",
                "usage: early-stopping [options]",
                "  --curves FILE          recorded curves (default: " + RecordCurvesCommand.DEFAULT_CURVES + ")",
                "  --pruner LIST          comma-separated: none,median,asha,hyperband (default: all)",
                "  --seeds RANGE          seeds as 0-4 or 0,3 (default: 0-4)",
                "  --trials N             trials per run (default: 100)",
                "  --workers N            parallel workers (default: 4)",
                "  --min-resource N       ASHA's and Hyperband's smallest rung, in epochs (default: 1)",
                "  --reduction-factor N   ASHA's and Hyperband's eta (default: 3)",
                "  --out FILE             JSON lines are appended here too (default: none)");
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Args a = Args.parse(args, OPTIONS);
        BenchMain.quietParatuneLogs();
        Path file = Path.of(a.string("curves", RecordCurvesCommand.DEFAULT_CURVES));
        if (!Files.isRegularFile(file)) {
            throw new UsageException("--curves " + file + " is not a file; run record-curves first or give its path");
        }
        LearningCurves curves = LearningCurves.read(file);
        List<String> pruners =
                List.of(a.string("pruner", String.join(",", PRUNERS)).split(","));
        for (String p : pruners) {
            if (!PRUNERS.contains(p)) {
                throw new UsageException("--pruner " + p + " is not known; give some of " + PRUNERS);
            }
        }
        List<Long> seeds = QualityCommand.seeds(a.string("seeds", "0-4"));
        int trials = a.integer("trials", 100, 1);
        if (trials > curves.size()) {
            throw new UsageException("--trials " + trials + " exceeds the " + curves.size()
                    + " recorded configurations; give at most " + curves.size());
        }
        int workers = a.integer("workers", 4, 1);
        int minResource = a.integer("min-resource", 1, 1);
        int eta = a.integer("reduction-factor", 3, 2);
        try (ResultFiles.Sink sink = ResultFiles.sink(a.string("out", null), out)) {
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
