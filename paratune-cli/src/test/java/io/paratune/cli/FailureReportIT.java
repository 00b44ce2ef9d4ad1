package io.paratune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console says why each trial failed, with the last lines of its log, and can show a table of
 * the running trials.
 */
class FailureReportIT {
    @TempDir
    java.nio.file.Path dir;

    @Test
    void aFailedTrialsReasonAndTheLastLinesOfItsLogAreShown() throws Exception {
        Cli.script(dir, "objective.sh", """
                #!/bin/sh
                for i in 1 2 3 4 5 6 7 8; do echo "line $i"; done
                echo "Traceback: $(printf 'x%.0s' $(seq 1 500))"
                exit 3
                """);
        Cli.write(dir, "study.yaml", """
                name: failing
                search_space:
                  x: {type: float, low: 0, high: 1}
                command: ./objective.sh {x}
                trials: 1
                sampler: random
                """);
        Cli.Result run = Cli.run(dir, "run", "study.yaml", "--no-progress");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err())
                .contains("trial 0 FAIL")
                .contains("exited with code 3; log ")
                .contains("line 5")
                .contains("line 8")
                .doesNotContain("line 4")
                .contains("Traceback: " + "x".repeat(100))
                .doesNotContain("x".repeat(300));
        String[] lines = run.err().split("\n");
        int at = 0;
        while (!lines[at].startsWith("trial 0 FAIL")) {
            at++;
        }
        assertThat(lines[at + 1])
                .as("the log's lines follow the trial's line, indented")
                .isEqualTo("    line 5");
    }

    @Test
    void runningTrialsAreShownAsATable() throws Exception {
        Cli.script(dir, "objective.sh", """
                #!/bin/sh
                echo "paratune: step=4 value=0.25"
                sleep 3
                echo "paratune: value=$1"
                """);
        Cli.write(dir, "study.yaml", """
                name: table
                search_space:
                  layers: {type: int, low: 1, high: 1}
                command: ./objective.sh {layers}
                trials: 1
                sampler: random
                """);
        Cli.Result run = Cli.run(dir, "run", "study.yaml", "--no-progress", "--show-running=1s");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err())
                .containsPattern("running trials \\(1\\)")
                .containsPattern("\\n +trial +step +value +elapsed +device +params\\n")
                .containsPattern("\\n +0 +4 +0\\.250000 +\\S+ s +cpu +layers=1\\n");
    }
}
