package io.paratune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failing command fails its trial with exit code and log tail, is retried, and a slow one times out. */
class RetryTimeoutIT {
    @TempDir
    Path dir;

    @Test
    void failedTrialsAreRetriedAndSlowOnesTimeOut() throws Exception {
        Cli.script(dir, "objective.sh", """
                #!/bin/sh
                if [ "$1" = slow ]; then echo "sleeping"; sleep 60; fi
                if [ ! -e "attempted-$1" ]; then touch "attempted-$1"; echo "out of memory, says the log"; exit 3; fi
                echo "paratune: value=1.5"
                """);
        Cli.write(dir, "study.yaml", """
                name: flaky
                search_space:
                  mode: {type: categorical, choices: [flaky, slow]}
                command: ./objective.sh {mode}
                trials: 2
                parallelism: 2
                retries: 1
                trial_timeout: 2s
                kill_grace: 1s
                sampler: grid
                """);
        Cli.Result run = Cli.run(dir, "run", "study.yaml");
        assertThat(run.code()).as(run.err()).isZero();

        JsonNode trials =
                Cli.run(dir, "export", "study.yaml", "--format", "json").exportJson();
        List<String> flaky = new ArrayList<>();
        List<String> slow = new ArrayList<>();
        for (JsonNode t : trials) {
            String mode = t.get("params").get("mode").asText();
            String failure = t.get("failure_message").isNull()
                    ? ""
                    : t.get("failure_message").asText();
            String attempt = t.get("user_attributes").has("attempt") ? "2" : "1";
            (mode.equals("flaky") ? flaky : slow).add(t.get("state").asText() + "#" + attempt);
            if (mode.equals("flaky") && t.get("state").asText().equals("FAIL")) {
                assertThat(failure)
                        .contains("exited with code 3")
                        .contains("out of memory, says the log")
                        .contains("retry 1 of 1 enqueued");
            }
            if (mode.equals("slow")) {
                assertThat(failure).contains("timed out after 2.0 s").contains("sleeping");
                assertThat(t.get("duration_s").asDouble()).isLessThan(20);
            }
        }
        assertThat(flaky).containsExactly("FAIL#1", "COMPLETE#2");
        assertThat(slow).containsExactly("FAIL#1", "FAIL#2");
        assertThat(run.out()).contains("Best trial").contains("value 1.50000");
    }
}
