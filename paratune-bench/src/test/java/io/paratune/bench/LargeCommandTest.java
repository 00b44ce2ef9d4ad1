package io.paratune.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LargeCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return BenchMain.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void writesOneWellFormedLinePerRunWithRoundTimes(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("large/paratune.jsonl");
        assertThat(run(
                        "large",
                        "--sampler",
                        "tpe",
                        "--function",
                        "rastrigin20,griewank3",
                        "--budget",
                        "20",
                        "--batch",
                        "5",
                        "--seeds",
                        "0-1",
                        "--out",
                        file.toString()))
                .isZero();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(4);
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).containsExactlyElementsOf(lines);
        ObjectMapper json = new ObjectMapper();
        JsonNode first = json.readTree(lines.get(0));
        assertThat(first.get("system").asText()).startsWith("paratune ");
        assertThat(first.get("sampler").asText()).isEqualTo("TpeSampler");
        assertThat(first.get("config").asText()).startsWith("default: ");
        assertThat(first.get("mode").asText()).isEqualTo("batch5");
        assertThat(first.get("function").asText()).isEqualTo("rastrigin20");
        assertThat(first.get("seed").asLong()).isZero();
        assertThat(first.get("f_star").asDouble()).isZero();
        assertThat(first.get("batch").asInt()).isEqualTo(5);
        assertThat(first.get("budget").asInt()).isEqualTo(20);
        assertThat(first.get("wall_seconds").asDouble()).isPositive();
        assertThat(first.get("round_ask_seconds")).hasSize(4);
        first.get("round_ask_seconds").forEach(t -> assertThat(t.asDouble()).isPositive());
        assertThat(first.get("round_ask_cpu_seconds")).hasSize(4);
        first.get("round_ask_cpu_seconds").forEach(t -> assertThat(t.asDouble()).isNotNegative());
        assertThat(first.get("cpu_seconds").asDouble()).isPositive();
        assertThat(first.get("load_average_start")).hasSize(3);
        assertThat(first.get("load_average_end")).hasSize(3);
        assertThat(first.has("stopped")).isFalse();
        JsonNode trajectory = first.get("trajectory");
        assertThat(trajectory).hasSize(20);
        for (int i = 1; i < trajectory.size(); i++) {
            assertThat(trajectory.get(i).asDouble())
                    .isLessThanOrEqualTo(trajectory.get(i - 1).asDouble());
        }
        assertThat(trajectory.get(19).asDouble()).isPositive();
        assertThat(json.readTree(lines.get(3)).get("function").asText()).isEqualTo("griewank3");
        assertThat(json.readTree(lines.get(3)).get("seed").asLong()).isEqualTo(1);
        assertThat(err())
                .contains("TpeSampler [default] rastrigin20 batch 5: median log10 regret @20 ")
                .contains("round of asks median ")
                .contains("over 2 seeds");
    }

    @Test
    void aLastRoundSmallerThanTheBatchEndsAtTheBudget() {
        LargeRun r = LargeRun.run(SamplerChoice.of("cmaes", "default"), Objective.byId("rosenbrock4"), 3, 23, 10, 0);
        assertThat(r.trajectory()).hasSize(23);
        assertThat(r.roundAskSeconds()).hasSize(3);
        assertThat(r.roundAskCpuSeconds()).hasSize(3);
        assertThat(r.stopped()).isFalse();
        assertThat(r.logRegretAt(23)).isEqualTo(Math.log10(r.trajectory()[22]));
        assertThat(r.logRegretAt(24)).isNaN();
    }

    @Test
    void aTimeLimitStopsAfterTheRoundAndTheLineSaysSo() {
        LargeRun r = LargeRun.run(SamplerChoice.of("random", "default"), Objective.byId("ackley5"), 0, 100, 10, 1e-9);
        assertThat(r.trajectory()).hasSize(10);
        assertThat(r.roundAskSeconds()).hasSize(1);
        assertThat(r.stopped()).isTrue();
        assertThat(r.toJson("paratune test"))
                .contains("\"stopped\": \"time limit passed after 10 of 100 evaluations\"");
        assertThat(LargeCommand.summary(
                        "paratune test",
                        SamplerChoice.of("random", "default"),
                        Objective.byId("ackley5"),
                        100,
                        10,
                        List.of(r)))
                .contains("median log10 regret @100 -;")
                .contains("1 stopped by the time limit");
    }

    @Test
    void checkpointsAreTheProtocolsBelowTheBudgetThenTheBudget() {
        assertThat(LargeRun.checkpoints(1000)).containsExactly(100, 250, 500, 1000);
        assertThat(LargeRun.checkpoints(5000)).containsExactly(100, 250, 500, 1000, 5000);
        assertThat(LargeRun.checkpoints(300)).containsExactly(100, 250, 300);
        assertThat(LargeRun.checkpoints(20)).containsExactly(20);
    }

    @Test
    void badArgumentsAreUsageErrorsNamingTheOption() {
        assertThat(run("large", "--function", "ackley20")).isEqualTo(BenchMain.USAGE);
        assertThat(err()).contains("--sampler is missing");
        assertThat(run("large", "--sampler", "gp", "--config", "fast")).isEqualTo(BenchMain.USAGE);
        assertThat(err()).contains("--config fast is not known for --sampler gp");
        assertThat(run("large", "--sampler", "cmaes", "--function", "ackley20,sphere20"))
                .isEqualTo(BenchMain.USAGE);
        assertThat(err()).contains("--function sphere20 is not known");
        assertThat(run("large", "--sampler", "cmaes", "--function", "rosenbrock1"))
                .isEqualTo(BenchMain.USAGE);
        assertThat(err()).contains("--function rosenbrock1: dimension 1 is out of range; give 2 to 1000");
        assertThat(run("large", "--sampler", "cmaes", "--batch", "0")).isEqualTo(BenchMain.USAGE);
        assertThat(err()).contains("--batch 0 is too small");
        assertThat(run("large", "--sampler", "cmaes", "--budget", "many")).isEqualTo(BenchMain.USAGE);
        assertThat(err()).contains("--budget 'many' is not an integer");
        assertThat(run("large", "--sampler", "cmaes", "--seeds", "4-0")).isEqualTo(BenchMain.USAGE);
        assertThat(err()).contains("--seeds 4-0: range 4-0 is empty");
        assertThat(run("large", "--sampler", "cmaes", "--time-limit", "-1")).isEqualTo(BenchMain.USAGE);
        assertThat(err()).contains("--time-limit -1 is out of range");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err()).doesNotContain("Exception");
    }
}
