package io.paratune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code paratune worker} in a second process joins a study and the two share its trial budget. */
class WorkerIT {
    @TempDir
    Path dir;

    @Test
    void aWorkerInASecondProcessJoinsTheStudyAndTheBudgetIsShared() throws Exception {
        Cli.script(dir, "objective.sh", """
                #!/bin/sh
                echo "$PPID" >> launchers
                # the first two trials wait for the test's go, so both processes surely run one
                if [ "$PARATUNE_TRIAL" -lt 2 ]; then while [ ! -e go ]; do sleep 0.05; done; fi
                sleep 0.2
                echo "{\\"value\\": $1}"
                """);
        Cli.write(dir, "study.yaml", """
                name: shared
                search_space:
                  x: {type: float, low: 0, high: 1}
                command: ./objective.sh {x}
                trials: 10
                parallelism: 1
                sampler: {name: tpe, options: {seed: 5, startup_trials: 4}}
                """);
        Process run = Cli.start(dir, Map.of(), "run", "run", "study.yaml");
        Cli.awaitLines(dir.resolve("launchers"), 1, run);
        Process worker = Cli.start(
                dir,
                Map.of(),
                "worker",
                "worker",
                "--storage",
                "sqlite:" + dir.resolve("paratune.db"),
                "--study",
                "shared");
        Cli.awaitLines(dir.resolve("launchers"), 2, worker);
        Cli.write(dir, "go", "");
        Cli.Result w = Cli.finish(worker, dir, "worker");
        Cli.Result r = Cli.finish(run, dir, "run");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(w.code()).as(w.err()).isZero();

        JsonNode trials =
                Cli.run(dir, "export", "study.yaml", "--format", "json").exportJson();
        assertThat(trials).hasSize(10);
        Set<Integer> numbers = new HashSet<>();
        for (JsonNode t : trials) {
            assertThat(t.get("state").asText()).isEqualTo("COMPLETE");
            numbers.add(t.get("number").asInt());
        }
        assertThat(numbers).hasSize(10);
        Set<String> launchers = new HashSet<>(Files.readAllLines(dir.resolve("launchers")));
        assertThat(launchers)
                .as("trials ran under both processes")
                .containsExactlyInAnyOrder(Long.toString(run.pid()), Long.toString(worker.pid()));

        Cli.Result unknown =
                Cli.run(dir, "worker", "--storage", "sqlite:" + dir.resolve("paratune.db"), "--study", "sahred");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("has no study 'sahred'; did you mean 'shared'?");

        Cli.Result badGrace = Cli.run(
                dir,
                "worker",
                "--storage",
                "sqlite:" + dir.resolve("paratune.db"),
                "--study",
                "shared",
                "--heartbeat-grace",
                "15s");
        assertThat(badGrace.code()).isEqualTo(2);
        assertThat(badGrace.err())
                .contains("--heartbeat-grace 15.0 s must be at least twice the longest heartbeat"
                        + " interval of the study's processes (10.0 s");
    }

    @Test
    void aWorkersTrialsCapItsOwnTrialsInsideTheStudysBudget() throws Exception {
        Cli.script(dir, "objective.sh", """
                #!/bin/sh
                echo "{\\"value\\": $1}"
                """);
        Cli.write(dir, "study.yaml", """
                name: capped
                search_space:
                  x: {type: float, low: 0, high: 1}
                command: ./objective.sh {x}
                trials: 6
                parallelism: 3
                sampler: random
                """);
        Cli.Result created = Cli.run(dir, "create", "study.yaml");
        assertThat(created.code()).as(created.err()).isZero();
        String url = "sqlite:" + dir.resolve("paratune.db");

        Cli.Result first = Cli.run(dir, "worker", "--storage", url, "--study", "capped", "--trials", "2");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.err()).contains("at most 2 from this worker");
        assertThat(Cli.run(dir, "export", "study.yaml", "--format", "json").exportJson())
                .as("a parallelism of 3 starts no third trial")
                .hasSize(2);

        Cli.Result rest = Cli.run(dir, "worker", "--storage", url, "--study", "capped", "--trials", "10");
        assertThat(rest.code()).as(rest.err()).isZero();
        JsonNode trials =
                Cli.run(dir, "export", "study.yaml", "--format", "json").exportJson();
        assertThat(trials).as("the study's budget of 6 still holds").hasSize(6);
        for (JsonNode t : trials) {
            assertThat(t.get("state").asText()).isEqualTo("COMPLETE");
        }

        Cli.Result zero = Cli.run(dir, "worker", "--storage", url, "--study", "capped", "--trials", "0");
        assertThat(zero.code()).isEqualTo(2);
        assertThat(zero.err()).contains("--trials 0: must be at least 1");
    }
}
