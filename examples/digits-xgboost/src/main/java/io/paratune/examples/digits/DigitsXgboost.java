package io.paratune.examples.digits;

import io.paratune.FrozenTrial;
import io.paratune.Objective;
import io.paratune.OptimizeOptions;
import io.paratune.Study;
import io.paratune.TrialPrunedException;
import io.paratune.TrialState;
import io.paratune.pruner.Pruner;
import io.paratune.pruner.Pruners;
import io.paratune.sampler.RandomSampler;
import io.paratune.sampler.Sampler;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The example's main job: a parallel study tuning XGBoost on the handwritten digits shipped with
 * it. A stratified 20% of the digits is held out for the final test. Each trial cross-validates
 * one configuration on the other 80% ({@value #FOLDS} folds, up to {@value #MAX_ROUNDS} boosting
 * rounds), reports the mean validation log-loss every {@value #EVAL_EVERY} rounds and is pruned
 * when it falls behind the median of the finished trials. At the end the best configuration is
 * retrained on all of the 80% and scored on the held-out digits. Run it with {@code bin/demo}.
 */
public final class DigitsXgboost {
    static final double TEST_FRACTION = 0.2;
    static final int FOLDS = 5;
    static final int MAX_ROUNDS = 200;
    static final int EVAL_EVERY = 10;
    static final int PATIENCE = 30;

    /** Held so the level set in {@link #main} stays: Paratune's INFO lines would interleave with our progress lines. */
    private static final Logger PARATUNE_LOG = Logger.getLogger("io.paratune");

    private final Options options;
    private final int maxRounds;
    private final PrintStream out;

    /**
     * @param maxRounds the most boosting rounds per model ({@value #MAX_ROUNDS} when run from the
     *     command line)
     */
    DigitsXgboost(Options options, int maxRounds, PrintStream out) {
        this.options = options;
        this.maxRounds = maxRounds;
        this.out = out;
    }

    /** Runs the study; see {@link Options#USAGE} for the arguments. Exits 2 on a bad argument. */
    public static void main(String[] args) throws XGBoostError {
        Optional<Options> options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("digits-xgboost: " + e.getMessage());
            System.err.print(Options.USAGE);
            System.exit(2);
            return;
        }
        if (options.isEmpty()) {
            System.out.print(Options.USAGE);
            return;
        }
        PARATUNE_LOG.setLevel(Level.WARNING);
        if (!new DigitsXgboost(options.get(), MAX_ROUNDS, System.out).run()) {
            System.exit(1);
        }
    }

    /** The sampler of the study; the one place to change it. */
    static Sampler sampler(long seed) {
        return RandomSampler.seeded(seed);
    }

    /** Judges each trial from round 20 on, every 10 rounds, once 5 trials are complete. */
    static Pruner pruner() {
        return Pruners.median(5, 20, EVAL_EVERY, 3);
    }

    /** The objective: cross-validated log-loss of one configuration, reported as it trains. */
    static Objective objective(List<Digits.Fold> folds, long seed, int maxRounds) {
        return trial -> {
            BoosterConfig config = BoosterConfig.suggest(trial);
            Training.Fit fit =
                    Training.crossValidate(folds, config, seed, maxRounds, EVAL_EVERY, PATIENCE, (rounds, loss) -> {
                        trial.report(rounds, loss);
                        if (trial.shouldPrune()) {
                            throw new TrialPrunedException("pruned after " + rounds + " rounds at loss " + loss);
                        }
                    });
            trial.setUserAttribute(ProgressPrinter.ROUNDS, fit.bestRounds());
            return fit.bestLoss();
        };
    }

    /** Runs the study and prints progress and results; false if no trial completed. */
    boolean run() throws XGBoostError {
        Digits all = Digits.load();
        Digits.Holdout data = all.holdout(TEST_FRACTION, options.seed());
        List<Digits.Fold> folds = data.development().folds(FOLDS, options.seed());
        out.printf(
                Locale.ROOT,
                "Tuning XGBoost on %d handwritten digits: %d for %d-fold cross-validation,"
                        + " %d held out for the test%n",
                all.size(),
                data.development().size(),
                FOLDS,
                data.test().size());
        out.printf(
                Locale.ROOT,
                "%d trials, %d in parallel, up to %d rounds each; %s, median pruner, seed %d%n",
                options.trials(),
                options.parallelism(),
                maxRounds,
                sampler(options.seed()).getClass().getSimpleName(),
                options.seed());

        Study study = Study.builder()
                .name("digits-xgboost")
                .sampler(sampler(options.seed()))
                .pruner(pruner())
                .create();
        ProgressPrinter progress = new ProgressPrinter(out, System::nanoTime, options.trials());
        study.optimize(
                objective(folds, options.seed(), maxRounds),
                OptimizeOptions.builder()
                        .trials(options.trials())
                        .parallelism(options.parallelism())
                        .callback(progress)
                        .build());

        out.printf(
                Locale.ROOT,
                "%nStudy finished in %.1f s: %d complete, %d pruned, %d failed%n",
                progress.elapsedSeconds(),
                study.trials(TrialState.COMPLETE).size(),
                study.trials(TrialState.PRUNED).size(),
                study.trials(TrialState.FAIL).size());
        if (study.trials(TrialState.COMPLETE).isEmpty()) {
            out.println("No trial completed; nothing to report.");
            return false;
        }
        FrozenTrial best = study.bestTrial();
        int rounds = ((Number) best.userAttributes().get(ProgressPrinter.ROUNDS)).intValue();
        out.printf(
                Locale.ROOT,
                "Best trial %d: cross-validated mlogloss %.4f at %d rounds%n",
                best.number(),
                best.value(),
                rounds);
        for (Map.Entry<String, Object> p : best.params().entrySet()) {
            out.printf(Locale.ROOT, "  %-17s %s%n", p.getKey(), format(p.getValue()));
        }

        Booster model = Training.train(data.development(), BoosterConfig.of(best.params()), options.seed(), rounds);
        try {
            Training.Score test = Training.score(model, data.test());
            out.printf(
                    Locale.ROOT,
                    "Retrained on all %d development digits for %d rounds: test accuracy %.2f%%"
                            + " (%d/%d), test mlogloss %.4f%n",
                    data.development().size(),
                    rounds,
                    100 * test.accuracy(),
                    test.correct(),
                    test.size(),
                    test.logLoss());
        } finally {
            model.dispose();
        }
        out.printf(Locale.ROOT, "Total time %.1f s%n", progress.elapsedSeconds());
        return true;
    }

    private static String format(Object value) {
        return value instanceof Double d ? String.format(Locale.ROOT, "%.4g", d) : String.valueOf(value);
    }
}
