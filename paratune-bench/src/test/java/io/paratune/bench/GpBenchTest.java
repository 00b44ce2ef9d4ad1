package io.paratune.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class GpBenchTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return BenchMain.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void qualityRunsBothGpConfigurations() {
        for (String config : List.of("default", "kb")) {
            QualityRun r = QualityRun.run(SamplerChoice.of("gp", config), BenchFunction.BRANIN2, "batch8", 1, 10);
            assertThat(r.trajectory()).hasSize(10);
            assertThat(r.toJson("paratune test"))
                    .contains("\"sampler\": \"GpSampler\"")
                    .contains("\"config\": \"" + config + ":");
        }
    }

    @Test
    void gpTimeReportsOneLinePerHistorySize() {
        assertThat(run("gp-time", "--function", "branin2", "--history", "8,12", "--batch", "2", "--repeats", "1"))
                .isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1))
                .contains("\"history\": 12")
                .contains("\"params\": 2")
                .contains("\"batch\": 2")
                .contains("\"seq_median_ms\": ")
                .contains("\"batch_median_ms\": ")
                .contains("\"cold_first_ask_ms\": ")
                .contains("\"batch_cpu_median_ms\": ")
                .contains("\"seq_cpu_median_ms\": ");
        assertThat(GpTimeCommand.median(new double[] {3, 1, 2})).isEqualTo(2);
    }
}
