package io.paratune.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
 * The large protocol's Python side: the Optuna peer writes the same lines as {@code large}, and
 * {@code large_table.py} reads both. Skipped where Debian's python3 with Optuna is missing.
 */
class LargePeersPythonTest {
    private static final String PYTHON = RealModelsPythonTest.PYTHON;

    private record Result(int code, String output) {}

    private static Result python(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PYTHON));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    /** Skips without Debian's Optuna, except in CI, whose script installs it: there its absence fails. */
    private static void assumeOptuna() throws Exception {
        boolean ci = System.getenv("CI") != null;
        boolean present = Files.isExecutable(Path.of(PYTHON))
                && python("-c", "import optuna, cmaes").code() == 0;
        String why =
                "optuna or cmaes is not importable by " + PYTHON + "; apt-get install python3-optuna python3-cmaes";
        if (ci) {
            assertThat(present).as(why).isTrue();
        }
        assumeTrue(present, why);
    }

    @Test
    void theOptunaPeerAndParatuneFeedOneTable(@TempDir Path dir) throws Exception {
        assumeOptuna();
        Path paratune = dir.resolve("paratune.jsonl");
        Path optuna = dir.resolve("optuna.jsonl");
        int code = BenchMain.run(
                new String[] {
                    "large",
                    "--sampler",
                    "random",
                    "--function",
                    "griewank20",
                    "--budget",
                    "20",
                    "--batch",
                    "5",
                    "--seeds",
                    "0-1",
                    "--out",
                    paratune.toString()
                },
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(code).isZero();
        Result peer = python(
                "peers/optuna_large.py",
                "--sampler",
                "cmaes",
                "--function",
                "griewank20",
                "--budget",
                "20",
                "--batch",
                "5",
                "--seeds",
                "0-1",
                "--out",
                optuna.toString());
        assertThat(peer.code()).as(peer.output()).isZero();
        assertThat(peer.output()).contains("CmaEsSampler [cmaes] griewank20 batch 5: median log10 regret @20 ");
        List<String> lines = Files.readAllLines(optuna);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1))
                .startsWith("{\"system\": \"optuna ")
                .contains("\"mode\": \"batch5\"")
                .contains("\"function\": \"griewank20\"")
                .contains("\"seed\": 1")
                .contains("\"batch\": 5")
                .contains("\"round_ask_seconds\": [")
                .contains("\"round_ask_cpu_seconds\": [")
                .contains("\"load_average_start\": [");

        Result table = python("peers/large_table.py", paratune.toString(), optuna.toString());
        assertThat(table.code()).as(table.output()).isZero();
        assertThat(table.output())
                .contains("| function | system sampler [config] | batch | seeds | @20 | last round s |"
                        + " last round CPU s | max round s | wall s | CPU s |")
                .containsPattern("\\| griewank20 \\| optuna [0-9.]+ CmaEsSampler \\[default] \\| 5 \\| 2 \\| ")
                .containsPattern("\\| griewank20 \\| paratune \\S+ RandomSampler \\[default] \\| 5 \\| 2 \\| ");
    }

    @Test
    void thePeerRefusesUnknownFunctionsNamingTheFix() throws Exception {
        assumeOptuna();
        Result r = python(
                "peers/optuna_large.py",
                "--sampler",
                "tpe",
                "--function",
                "ackley20,sphere20",
                "--out",
                "unused.jsonl");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.output())
                .contains("--function: function sphere20 is not known; use one of branin2,")
                .contains("as ackley20");
        assertThat(Path.of("unused.jsonl")).doesNotExist();
    }
}
