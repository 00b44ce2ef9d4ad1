package io.paratune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trial that paratune stops (pruned here) ends when its process does, without a fixed wait after
 * it; a trial killed by a signal paratune did not send fails with its exit code and is not taken
 * for an interruption of the run.
 */
class StopIT {
    @TempDir
    Path dir;

    @Test
    void aPrunedTrialEndsWhenItsProcessExits() throws Exception {
        // every trial is pruned at step 0 (threshold 10), then would sleep 30 s; on SIGTERM it notes
        // the time it exits
        Cli.script(dir, "objective.sh", """
                #!/bin/sh
                trap 'date +%s.%N > "died-$PARATUNE_TRIAL"; exit 143' TERM
                echo "paratune: step=0 value=100"
                sleep 30 &
                wait
                """);
        Cli.write(dir, "study.yaml", """
                name: stop
                search_space:
                  x: {type: float, low: 0, high: 1}
                command: ./objective.sh {x}
                trials: 5
                sampler: random
                pruner: {name: threshold, options: {upper: 10}}
                """);
        Cli.Result run = Cli.run(dir, "run", "study.yaml", "--no-progress");
        assertThat(run.code()).as(run.err()).isZero();

        JsonNode trials =
                Cli.run(dir, "export", "study.yaml", "--format", "json").exportJson();
        assertThat(trials).hasSize(5);
        List<Double> afterExit = new ArrayList<>();
        for (JsonNode t : trials) {
            assertThat(t.get("state").asText()).isEqualTo("PRUNED");
            assertThat(t.get("duration_s").asDouble())
                    .as("stopped, not left to sleep")
                    .isLessThan(20);
            Path stamp = dir.resolve("died-" + t.get("number").asInt());
            if (Files.exists(stamp)) { // a shell may exit before it runs its trap
                Instant finished = Instant.parse(t.get("finished").asText());
                BigDecimal died = new BigDecimal(Files.readString(stamp).strip());
                afterExit.add(finished.getEpochSecond() + finished.getNano() / 1e9 - died.doubleValue());
            }
        }
        afterExit.sort(null);
        assertThat(afterExit).as("trials that noted their exit").hasSizeGreaterThanOrEqualTo(3);
        // before, every stopped trial waited 1 s after its process had exited; the median is
        // robust to a slow moment of a loaded machine
        assertThat(afterExit.get(afterExit.size() / 2))
                .as("seconds from the process's exit to the trial's end %s", afterExit)
                .isLessThan(0.7);
    }

    @Test
    void aTrialKilledByASignalFailsWithItsExitCode() throws Exception {
        Cli.script(dir, "objective.sh", """
                #!/bin/sh
                echo "paratune: step=0 value=1"
                kill -$1 $$
                sleep 30
                """);
        Cli.write(dir, "study.yaml", """
                name: signals
                search_space:
                  signal: {type: categorical, choices: [TERM, KILL, SEGV]}
                command: ./objective.sh {signal}
                sampler: grid
                """);
        Cli.Result run = Cli.run(dir, "run", "study.yaml", "--no-progress");
        assertThat(run.code()).as(run.err()).isEqualTo(1); // every trial failed
        JsonNode trials =
                Cli.run(dir, "export", "study.yaml", "--format", "json").exportJson();
        assertThat(trials).hasSize(3);
        for (JsonNode t : trials) {
            String signal = t.get("params").get("signal").asText();
            int code = Map.of("TERM", 143, "KILL", 137, "SEGV", 139).get(signal);
            assertThat(t.get("state").asText()).isEqualTo("FAIL");
            assertThat(t.get("failure_message").asText()).startsWith("exited with code " + code);
            assertThat(t.get("user_attributes").has("interrupted")).isFalse();
        }
    }
}
