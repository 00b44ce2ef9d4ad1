package io.paratune.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real-model suite in CI mode: every sampler once on two fast problems (a decision tree's small
 * int ranges and categoricals; a lasso's log float and conditional parameter), 3 rounds of 8 trials,
 * through the real {@code paratune} command and real scikit-learn fits. No trial may be lost to a
 * sampler or the CLI. Skips only when the python lacks scikit-learn (Debian: python3-sklearn).
 */
class RealModelsIT {
    private static final String PYTHON = RealModelsPythonTest.PYTHON;
    private static final Path CLI_JAR =
            Path.of(System.getProperty("paratune.cli.jar", "../paratune-cli/target/paratune-cli.jar"));
    private static final List<String> SAMPLERS = List.of("random", "tpe", "cmaes", "gp", "qmc", "grid", "nsga2");
    private static final List<String> PROBLEMS = List.of("tree-breast-cancer", "lasso-diabetes");
    private static final int ROUNDS = 3;
    private static final int BATCH = 8;

    @BeforeAll
    static void needsScikitLearn() throws Exception {
        boolean sklearn = false;
        if (Files.isExecutable(Path.of(PYTHON))) {
            Process p = new ProcessBuilder(PYTHON, "-c", "import sklearn")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            sklearn = p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
        }
        assumeTrue(
                sklearn,
                PYTHON + " cannot import sklearn; the real-model suite needs Debian's python3-sklearn"
                        + " (apt-get install python3-sklearn), or -Dparatune.python=PATH to a python3 with"
                        + " scikit-learn");
    }

    @Test
    void everySamplerTunesRealModelsThroughTheCliWithoutLosingATrial(@TempDir Path dir) throws Exception {
        assertThat(CLI_JAR)
                .as("the paratune command, built by the reactor before this module")
                .isRegularFile();
        Path results = dir.resolve("results.jsonl");
        Path table = dir.resolve("table.md");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = BenchMain.run(
                new String[] {
                    "real-models",
                    "--samplers",
                    String.join(",", SAMPLERS),
                    "--problems",
                    String.join(",", PROBLEMS),
                    "--seeds",
                    "0",
                    "--rounds",
                    Integer.toString(ROUNDS),
                    "--batch",
                    Integer.toString(BATCH),
                    "--python",
                    PYTHON,
                    "--models-dir",
                    "real-models",
                    "--cli",
                    "java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar " + CLI_JAR.toAbsolutePath(),
                    "--work",
                    dir.resolve("work").toString(),
                    "--out",
                    results.toString(),
                    "--table",
                    table.toString(),
                    "--study-timeout",
                    "10"
                },
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String log = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(log).isEqualTo(BenchMain.OK);

        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(results)) {
            lines.add(json.readTree(line));
        }
        assertThat(lines).hasSize(SAMPLERS.size() * PROBLEMS.size());
        Set<String> seen = new TreeSet<>();
        for (JsonNode r : lines) {
            String which = r.path("problem").asText() + " " + r.path("sampler").asText() + ": " + r.path("issues");
            seen.add(r.path("problem").asText() + "/" + r.path("sampler").asText());
            assertThat(r.path("sampler_failures").asInt()).as(which).isZero();
            assertThat(r.path("exit_code").asInt()).as(which).isZero();
            assertThat(r.path("trials").asInt()).as(which).isEqualTo(ROUNDS * BATCH);
            assertThat(r.path("complete").asInt() + r.path("model_failures").asInt())
                    .as(which)
                    .isEqualTo(ROUNDS * BATCH);
            assertThat(r.path("complete").asInt()).as(which).isGreaterThan(ROUNDS * BATCH / 2);
            double bound = r.path("problem").asText().startsWith("tree") ? 1.0 : 10.0;
            for (JsonNode v : r.path("values")) {
                if (!v.isNull()) {
                    assertThat(v.asDouble()).as(which).isBetween(0.0, bound);
                }
            }
            // a sane fit beats guessing: accuracy above the 63 % of always saying "benign", MSE below the variance
            assertThat(r.path("best").asDouble())
                    .as(which)
                    .isLessThan(r.path("problem").asText().startsWith("tree") ? 0.37 : 1.0);
        }
        assertThat(seen).hasSize(SAMPLERS.size() * PROBLEMS.size());
        // every trial of every study went through the model server once
        List<String> evaluations = Files.readAllLines(dir.resolve("work").resolve("evaluations.jsonl"));
        assertThat(evaluations).hasSize(SAMPLERS.size() * PROBLEMS.size() * ROUNDS * BATCH);
        assertThat(Files.readString(table))
                .contains("| sampler | runs | score @" + ROUNDS * BATCH + " |")
                .contains(SAMPLERS.stream()
                        .map(s -> "| " + s + " | " + PROBLEMS.size() + " | ")
                        .toList());
    }
}
