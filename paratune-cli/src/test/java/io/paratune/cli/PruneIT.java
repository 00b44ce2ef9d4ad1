package io.paratune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Intermediate reports reach the pruner, and a pruned trial's whole process tree is stopped. */
class PruneIT {
    @TempDir
    Path dir;

    @Test
    void intermediateReportsPruneAndThePrunedProcessTreeIsStopped() throws Exception {
        // good trials (x < 0.5) report x; a bad trial that starts after two good ones reports 1000 at each
        // step and would then hang for a minute with a grandchild process; earlier bad ones report 100
        Cli.script(dir, "objective.sh", """
                #!/bin/sh
                sleep 120 &
                child=$!
                echo $child >> children
                good=$(awk "BEGIN{print ($1 < 0.5)}")
                hang=0
                if [ "$good" = 0 ] && [ -e good-done ] && [ "$(wc -l < good-done)" -ge 2 ]; then hang=1; fi
                for step in 0 1 2; do
                  if [ "$good" = 1 ]; then v=$1; elif [ $hang = 1 ]; then v=1000; else v=100; fi
                  echo "paratune: step=$step value=$v"
                  if [ $hang = 1 ]; then sleep 60; fi
                done
                kill $child
                if [ "$good" = 1 ]; then echo x >> good-done; fi
                echo "paratune: value=$v"
                """);
        Cli.write(dir, "study.yaml", """
                name: prune
                search_space:
                  x: {type: float, low: 0, high: 1, step: 0.2}
                command: ./objective.sh {x}
                parallelism: 1
                sampler: {name: grid, options: {seed: 1}}
                pruner: {name: median, options: {startup_trials: 2}}
                """);
        Cli.Result run = Cli.run(dir, "run", "study.yaml");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err()).contains("no more points");

        JsonNode trials =
                Cli.run(dir, "export", "study.yaml", "--format", "json").exportJson();
        assertThat(trials).hasSize(6);
        int pruned = 0;
        for (JsonNode t : trials) {
            if (t.get("state").asText().equals("PRUNED")) {
                pruned++;
                assertThat(t.get("values").get(0).asDouble()).isEqualTo(1000);
                assertThat(t.get("intermediate_values")).hasSize(1);
                assertThat(t.get("duration_s").asDouble())
                        .as("stopped, not left to hang")
                        .isLessThan(30);
            } else {
                assertThat(t.get("state").asText()).isEqualTo("COMPLETE");
            }
        }
        assertThat(pruned).as("bad trials after two good ones were pruned").isPositive();
        for (String pid : Files.readAllLines(dir.resolve("children"))) {
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(h -> {
                try {
                    h.onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new AssertionError("grandchild " + pid + " of a trial is still running", e);
                }
            });
        }
    }
}
