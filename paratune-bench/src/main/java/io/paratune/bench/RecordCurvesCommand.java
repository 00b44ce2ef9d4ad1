package io.paratune.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code record-curves}: trains {@code --configs} random configurations of {@link DigitsMlp} on the
 * digits for {@code --epochs} epochs each and writes their validation-loss curves (see {@link
 * LearningCurves}), the table the {@code early-stopping} benchmark replays.
 */
@Command(
        name = "record-curves",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "records the learning curves of random MLP configurations on the digits (for early-stopping)")
final class RecordCurvesCommand extends BenchCommand {
    static final String DEFAULT_DATA =
            "examples/digits-xgboost/src/main/resources/io/paratune/examples/digits/digits.csv.gz";
    static final String DEFAULT_CURVES = "paratune-bench/curves/digits-mlp.csv";

    @Option(
            names = "--data",
            paramLabel = "FILE",
            defaultValue = DEFAULT_DATA,
            description = "the digits, gzip CSV (default: ${DEFAULT-VALUE})")
    Path data;

    @Option(
            names = "--configs",
            paramLabel = "N",
            defaultValue = "200",
            description = "random configurations to train (default: ${DEFAULT-VALUE})")
    @AtLeast(1)
    int configs;

    @Option(
            names = "--epochs",
            paramLabel = "N",
            defaultValue = "81",
            description = "epochs per configuration (default: ${DEFAULT-VALUE})")
    @AtLeast(1)
    int epochs;

    @Option(
            names = "--seed",
            paramLabel = "N",
            defaultValue = "0",
            description = "seed of the configurations, the split and the training (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--threads",
            paramLabel = "N",
            defaultValue = "2",
            description = "configurations trained at once (default: ${DEFAULT-VALUE})")
    @AtLeast(1)
    int threads;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            defaultValue = DEFAULT_CURVES,
            description = "the curves file to write (default: ${DEFAULT-VALUE})")
    Path file;

    @Override
    int run(PrintStream out, PrintStream err) {
        if (!Files.isRegularFile(data)) {
            throw new UsageException("--data " + data + " is not a file; run from the repository root or give the"
                    + " path of digits.csv.gz");
        }
        DigitsMlp.Data[] split = DigitsMlp.Data.load(data).split(0.2, seed);
        SplittableRandom random = new SplittableRandom(seed);
        List<DigitsMlp.Config> list = new ArrayList<>();
        for (int c = 0; c < configs; c++) {
            list.add(DigitsMlp.Config.random(random));
        }
        long start = System.nanoTime();
        double[][] losses = new double[configs][];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<double[]>> futures = new ArrayList<>();
            for (int c = 0; c < configs; c++) {
                DigitsMlp.Config config = list.get(c);
                long modelSeed = seed * 1_000_003L + c;
                futures.add(pool.submit(() -> DigitsMlp.curve(config, split[0], split[1], epochs, modelSeed)));
            }
            for (int c = 0; c < configs; c++) {
                losses[c] = futures.get(c).get();
                if ((c + 1) % 20 == 0) {
                    err.printf(
                            Locale.ROOT,
                            "%d/%d configurations, %.0f s%n",
                            c + 1,
                            configs,
                            (System.nanoTime() - start) / 1e9);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("training failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        new LearningCurves(list, losses)
                .write(
                        file,
                        List.of(
                                "Validation cross-entropy after each epoch of a one-hidden-layer perceptron (ReLU, softmax; SGD with"
                                        + " momentum and L2 weight decay)",
                                "on the 1797 UCI handwritten digits (examples/digits-xgboost; 80/20 split), one row per random"
                                        + " configuration; NaN: diverged.",
                                String.format(
                                        Locale.ROOT,
                                        "Regenerate: java -jar paratune-bench/target/paratune-bench.jar"
                                                + " record-curves --configs %d --epochs %d --seed %d --out %s",
                                        configs,
                                        epochs,
                                        seed,
                                        file)));
        err.printf(
                Locale.ROOT,
                "wrote %d curves of %d epochs to %s in %.0f s%n",
                configs,
                epochs,
                file,
                (System.nanoTime() - start) / 1e9);
        return BenchMain.OK;
    }
}
