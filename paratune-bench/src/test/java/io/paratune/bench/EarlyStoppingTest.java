package io.paratune.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The learning-curve table, its replay order, the MLP behind it and the early-stopping command. */
class EarlyStoppingTest {
    private static final Path DIGITS = Path.of("..", RecordCurvesCommand.DEFAULT_DATA);

    @Test
    void theReplayOrderIsTheOneThePythonPeerComputes() {
        // values printed by peers/optuna_early_stopping.py's order()
        assertThat(LearningCurves.order(10, 10, 0)).containsExactly(6, 3, 2, 9, 8, 1, 4, 7, 0, 5);
        assertThat(LearningCurves.order(200, 5, 3)).containsExactly(33, 192, 87, 186, 127);
        assertThat(LearningCurves.order(200, 5, 123456789)).containsExactly(23, 164, 156, 169, 145);
        assertThatThrownBy(() -> LearningCurves.order(5, 6, 0)).hasMessageContaining("trials=6 > 5");
    }

    @Test
    void curvesSurviveAWriteAndReadIncludingNan(@TempDir Path dir) {
        List<DigitsMlp.Config> configs =
                List.of(new DigitsMlp.Config(8, 0.1, 0.5, 1e-4, 32), new DigitsMlp.Config(16, 1.0, 0.9, 0, 16));
        double[][] losses = {{2.0, 1.5, 1.25}, {1.0, Double.NaN, Double.NaN}};
        Path file = dir.resolve("c.csv");
        new LearningCurves(configs, losses).write(file, List.of("a comment"));
        LearningCurves back = LearningCurves.read(file);
        assertThat(back.configs()).isEqualTo(configs);
        assertThat(back.losses()[0]).containsExactly(2.0, 1.5, 1.25);
        assertThat(back.losses()[1][0]).isEqualTo(1.0);
        assertThat(back.losses()[1][1]).isNaN();
        assertThat(back.epochs()).isEqualTo(3);
    }

    @Test
    void theMlpLearnsTheDigits() {
        DigitsMlp.Data[] split = DigitsMlp.Data.load(DIGITS).split(0.2, 0);
        assertThat(split[0].size() + split[1].size()).isEqualTo(1797);
        double[] curve = DigitsMlp.curve(new DigitsMlp.Config(32, 0.1, 0.9, 1e-4, 32), split[0], split[1], 5, 1);
        assertThat(curve[0]).isLessThan(Math.log(10));
        assertThat(curve[4]).isLessThan(0.3).isLessThan(curve[0]);
        double[] again = DigitsMlp.curve(new DigitsMlp.Config(32, 0.1, 0.9, 1e-4, 32), split[0], split[1], 5, 1);
        assertThat(again).as("seeded").containsExactly(curve);
    }

    @Test
    void aDivergingRunIsNanFromThereOn() {
        DigitsMlp.Data[] split = DigitsMlp.Data.load(DIGITS).split(0.2, 0);
        double[] curve = DigitsMlp.curve(new DigitsMlp.Config(64, 1e200, 0.9, 0, 16), split[0], split[1], 3, 1);
        // the weights overflow to infinity and the loss to NaN
        assertThat(curve).containsOnly(Double.NaN);
    }

    /** 60 synthetic curves: each decays to its own final loss, some fast and some slow. */
    private static LearningCurves synthetic(int n, int epochs) {
        SplittableRandom r = new SplittableRandom(5);
        List<DigitsMlp.Config> configs = new ArrayList<>();
        double[][] losses = new double[n][epochs];
        for (int c = 0; c < n; c++) {
            configs.add(new DigitsMlp.Config(8, 0.1, 0, 0, 16));
            double end = 0.05 + r.nextDouble();
            double rate = 0.05 + 0.3 * r.nextDouble();
            for (int e = 0; e < epochs; e++) {
                losses[c][e] = end + 2 * Math.exp(-rate * (e + 1));
            }
        }
        losses[7][4] = Double.NaN;
        return new LearningCurves(configs, losses);
    }

    @Test
    void pruningSpendsFewerStepsOnTheSameTrials() {
        LearningCurves curves = synthetic(60, 27);
        String none = EarlyStoppingCommand.run(curves, "none", EarlyStoppingCommand.pruner("none", 1, 27, 3), 0, 60, 4)
                .toString();
        String asha = EarlyStoppingCommand.run(curves, "asha", EarlyStoppingCommand.pruner("asha", 1, 27, 3), 0, 60, 4)
                .toString();
        String hyperband = EarlyStoppingCommand.run(
                        curves, "hyperband", EarlyStoppingCommand.pruner("hyperband", 1, 27, 3), 0, 60, 4)
                .toString();
        assertThat(none).contains("\"steps\": 1620").contains("\"complete\": 60");
        assertThat(steps(asha)).isLessThan(1620 / 3);
        assertThat(steps(hyperband)).isLessThan(1620 / 2);
        assertThat(asha).contains("\"failed\": 0");
    }

    private static long steps(String json) {
        int at = json.indexOf("\"steps\": ") + 9;
        return Long.parseLong(json.substring(at, json.indexOf(',', at)));
    }

    @Test
    void theCommandRefusesMoreTrialsThanCurves(@TempDir Path dir) {
        Path file = dir.resolve("c.csv");
        synthetic(10, 5).write(file, List.of());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = BenchMain.run(
                new String[] {"early-stopping", "--curves", file.toString(), "--trials", "11"},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(BenchMain.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--trials 11 exceeds the 10 recorded");
    }
}
