package io.paratune.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QualityCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return BenchMain.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void writesOneSharedFormatLinePerRun(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("q/paratune.jsonl");
        assertThat(run(
                        "quality",
                        "--sampler",
                        "tpe",
                        "--function",
                        "branin2",
                        "--mode",
                        "seq,batch8",
                        "--seeds",
                        "0-1",
                        "--budget",
                        "16",
                        "--out",
                        file.toString()))
                .isZero();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(4);
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).containsExactlyElementsOf(lines);
        assertThat(lines.get(0))
                .startsWith("{\"system\": \"paratune ")
                .contains("\"sampler\": \"TpeSampler\"")
                .contains("\"mode\": \"seq\"")
                .contains("\"function\": \"branin2\"")
                .contains("\"seed\": 0")
                .contains("\"trajectory\": [")
                .contains("\"wall_seconds\": ");
        assertThat(lines.get(3)).contains("\"mode\": \"batch8\"").contains("\"seed\": 1");
        String trajectory = lines.get(0).replaceAll(".*\"trajectory\": \\[([^]]*)].*", "$1");
        double[] values = java.util.Arrays.stream(trajectory.split(", "))
                .mapToDouble(Double::parseDouble)
                .toArray();
        assertThat(values).hasSize(16);
        for (int i = 1; i < values.length; i++) {
            assertThat(values[i]).isLessThanOrEqualTo(values[i - 1]);
        }
        assertThat(values[15]).isGreaterThanOrEqualTo(0.397887);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("branin2 seq: median best");
    }

    @Test
    void batchModeAsksEightBeforeTelling() {
        QualityRun r = QualityRun.run(SamplerChoice.of("cmaes", "default"), BenchFunction.HARTMANN6, "batch8", 3, 24);
        assertThat(r.trajectory()).hasSize(24);
        assertThat(r.finalBest()).isLessThan(0);
    }

    @Test
    void unknownSamplerConfigOrFunctionIsAUsageError() {
        assertThat(run("quality", "--sampler", "smac")).isEqualTo(BenchMain.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--sampler smac is not known");
        assertThatThrownBy(() -> SamplerChoice.of("tpe", "fast"))
                .hasMessageContaining("[default, scott, neighbour, univariate]");
        assertThatThrownBy(() -> QualityCommand.seeds("3-1")).hasMessageContaining("range 3-1 is empty");
        assertThat(QualityCommand.seeds("0-2,7")).containsExactly(0L, 1L, 2L, 7L);
    }

    @Test
    void askTimeReportsOneLinePerHistorySize() {
        assertThat(run(
                        "ask-time",
                        "--sampler",
                        "cmaes",
                        "--history",
                        "20,40",
                        "--params",
                        "3",
                        "--warmup",
                        "2",
                        "--asks",
                        "3"))
                .isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1))
                .contains("\"history\": 40")
                .contains("\"median_ms\": ")
                .contains("\"history_by\": \"the sampler itself\"");
        assertThat(AskTimeCommand.percentile(new double[] {1, 2, 3, 4}, 50)).isEqualTo(2.5);
    }
}
