package io.paratune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.paratune.FrozenTrial;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command that fails from the start (a missing script) stops the run after {@code
 * max_initial_failures} trials with the common reason, the last failure and exit code 3, instead
 * of burning the whole budget; failures after a first success never stop it.
 */
class BrokenCommandIT {
    @TempDir
    Path dir;

    private String sqlite() {
        return "sqlite:" + dir.resolve("paratune.db");
    }

    @Test
    void aMissingScriptStopsTheRunAfterTheFirstFailures() throws Exception {
        Cli.write(dir, "study.yaml", """
                name: broken
                search_space:
                  x: {type: float, low: 0, high: 1}
                command: [sh, no-such-train.sh, "{x}"]
                trials: 40
                parallelism: 2
                sampler: random
                """);
        Cli.Result r = Cli.run(dir, "run", "study.yaml");
        assertThat(r.code()).as(r.err()).isEqualTo(3);
        assertThat(r.err())
                .contains("stopped: the first 5 trials of study 'broken' all failed"
                        + " (max_initial_failures: 5); the command looks broken. Most failed with: exited with code")
                .contains("(5 of 5)")
                .contains("no-such-train.sh")
                .contains("its log: " + dir.toRealPath().resolve("paratune-logs"))
                .contains("set max_initial_failures: 0 in study.yaml")
                .doesNotContain("\tat ");
        List<FrozenTrial> trials = Budgets.trials(sqlite(), "broken");
        assertThat(trials.size()).as("a few trials, not the whole budget").isBetween(5, 6);
    }

    @Test
    void zeroNeverStopsAndFailuresAfterASuccessDoNotCount() throws Exception {
        Cli.write(dir, "study.yaml", """
                name: patient
                search_space:
                  x: {type: float, low: 0, high: 1}
                command: [sh, no-such-train.sh, "{x}"]
                trials: 7
                sampler: random
                max_initial_failures: 0
                """);
        Cli.Result all = Cli.run(dir, "run", "study.yaml");
        assertThat(all.code()).as(all.err()).isEqualTo(1);
        assertThat(all.err()).contains("every trial failed").doesNotContain("max_initial_failures");
        assertThat(Budgets.trials(sqlite(), "patient")).hasSize(7);

        // the first trial succeeds, the next eight fail: the command works, the run goes on
        Cli.script(dir, "flaky.sh", """
                #!/bin/sh
                if [ "$PARATUNE_TRIAL" -eq 0 ]; then echo "paratune: value=$1"; else exit 5; fi
                """);
        Cli.write(dir, "late.yaml", """
                name: late
                search_space:
                  x: {type: float, low: 0, high: 1}
                command: ./flaky.sh {x}
                trials: 9
                sampler: random
                max_initial_failures: 2
                """);
        Cli.Result late = Cli.run(dir, "run", "late.yaml");
        assertThat(late.code()).as(late.err()).isZero();
        assertThat(Budgets.trials(sqlite(), "late")).hasSize(9);
    }
}
