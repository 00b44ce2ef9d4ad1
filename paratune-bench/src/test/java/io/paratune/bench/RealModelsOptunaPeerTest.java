package io.paratune.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real-model suite's Optuna peer ({@code peers/optuna_real_models.py}) writes lines that
 * {@link RealModelRun} reads and that {@code real-models-table} scores beside Paratune's. Skipped
 * where Debian's python3 lacks Optuna or scikit-learn, except in CI, where that fails.
 */
class RealModelsOptunaPeerTest {
    private static final String PYTHON = RealModelsPythonTest.PYTHON;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static void assumeOptunaAndSklearn() throws Exception {
        boolean present = false;
        if (Files.isExecutable(Path.of(PYTHON))) {
            Process p = new ProcessBuilder(PYTHON, "-c", "import optuna, sklearn")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            present = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        }
        String why = "optuna or scikit-learn is not importable by " + PYTHON
                + "; apt-get install python3-optuna python3-sklearn";
        if (System.getenv("CI") != null) {
            assertThat(present).as(why).isTrue();
        }
        assumeTrue(present, why);
    }

    @Test
    void thePeersLinesAreScoredBesideParatunes(@TempDir Path dir) throws Exception {
        assumeOptunaAndSklearn();
        Path optuna = dir.resolve("optuna.jsonl");
        Process p = new ProcessBuilder(
                        PYTHON,
                        "peers/optuna_real_models.py",
                        "--samplers",
                        "tpe",
                        "--problems",
                        "lasso-diabetes,tree-breast-cancer",
                        "--seeds",
                        "0",
                        "--rounds",
                        "1",
                        "--batch",
                        "2",
                        "--out",
                        optuna.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("tree-breast-cancer     optuna-tpe     seed 0: best ");

        List<String> lines = Files.readAllLines(optuna, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("{\"system\":\"optuna 3.").contains("\"suite\":\"real-models\"");
        List<RealModelRun> runs = new ArrayList<>();
        for (String line : lines) {
            RealModelRun r = RealModelRun.fromJson(JSON.readTree(line));
            assertThat(r.sampler()).isEqualTo("optuna-tpe");
            assertThat(r.seed()).isZero();
            assertThat(r.budget()).isEqualTo(2);
            assertThat(r.batch()).isEqualTo(2);
            assertThat(r.values()).hasSize(2);
            assertThat(r.values()[0]).isFinite().isPositive();
            assertThat(r.values()[1]).isFinite().isPositive();
            assertThat(r.complete()).isEqualTo(2);
            assertThat(r.modelFailures() + r.samplerFailures() + r.warnings() + r.exitCode())
                    .isZero();
            assertThat(r.issues()).isEmpty();
            runs.add(r);
        }
        assertThat(runs).extracting(RealModelRun::problem).containsExactly("lasso-diabetes", "tree-breast-cancer");
        // accuracy over 569 samples in 3 folds: an error below one half and above zero
        assertThat(runs.get(1).bestAfter(2)).isBetween(0.0, 0.5);

        // Paratune's random search as the reference, in its own results file
        Path paratune = dir.resolve("paratune.jsonl");
        Files.write(
                paratune,
                List.of(
                        new RealModelRun(
                                        "lasso-diabetes",
                                        "random",
                                        0,
                                        2,
                                        2,
                                        new double[] {2.0, 1.5},
                                        2,
                                        0,
                                        0,
                                        0,
                                        0,
                                        List.of(),
                                        1.0)
                                .toJson("paratune test", "python test"),
                        new RealModelRun(
                                        "tree-breast-cancer",
                                        "random",
                                        0,
                                        2,
                                        2,
                                        new double[] {0.5, 0.6},
                                        2,
                                        0,
                                        0,
                                        0,
                                        0,
                                        List.of(),
                                        1.0)
                                .toJson("paratune test", "python test")),
                StandardCharsets.UTF_8);
        RealModelsTable table = new RealModelsTable(List.of(
                runs.get(0),
                runs.get(1),
                RealModelRun.fromJson(JSON.readTree(Files.readAllLines(paratune).get(1)))));
        // the peer found the best loss known for the tree problem: score 100 against the reference
        assertThat(table.score(runs.get(1), 2)).isEqualTo(100.0);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = BenchMain.run(
                new String[] {"real-models-table", "--results", paratune + "," + optuna},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains(
                        "| random | 2 | 0.0 |",
                        "| optuna-tpe | 2 | 100.0 |",
                        "| problem | best loss | random loss | random | optuna-tpe |");
    }
}
