package io.paratune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input through the real command: one clear line, exit code 2, no stack trace. */
class BadInputIT {
    @TempDir
    Path dir;

    @Test
    void aTypoInTheStudyFileIsOneLineWithFileLineAndFix() throws Exception {
        Cli.write(dir, "study.yaml", """
                name: typo
                search_space:
                  lr: {type: float, low: 1.0e-5, high: 0.1, log: true}
                command: python3 train.py --lr {lr}
                trials: 5
                paralelism: 2
                """);
        Cli.Result r = Cli.run(dir, "run", "study.yaml");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip())
                .isEqualTo("paratune: study.yaml:6: paralelism: unknown key 'paralelism'; did"
                        + " you mean 'parallelism'? (known keys here: name, storage, direction, directions, metric, metrics,"
                        + " search_space, command, params_in_command, enqueue, workdir, env, trials, timeout, parallelism,"
                        + " trial_timeout, retries, sampler, pruner, gpus, gpus_per_trial, cpus_per_trial, log_dir, kill_grace,"
                        + " heartbeat, max_initial_failures, load_if_exists)");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aStorageThatCannotBeOpenedAndAMissingProgramAreClearErrors() throws Exception {
        Cli.write(dir, "study.yaml", """
                name: nostore
                storage: mysql://localhost/db
                search_space:
                  x: {type: int, low: 1, high: 3}
                command: [sh, -c, "echo paratune: value={x}"]
                trials: 1
                """);
        Cli.Result r = Cli.run(dir, "run", "study.yaml");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .startsWith("paratune: cannot open storage mysql://localhost/db: ")
                .contains("sqlite:")
                .doesNotContain("\tat ")
                .hasLineCount(1);

        Cli.Result missing = Cli.run(dir, "run", "no-such-study.yaml");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("no such study file").hasLineCount(1);
    }

    @Test
    void whenEveryTrialFailsTheRunSaysSoWithExitCodeOne() throws Exception {
        Cli.write(dir, "study.yaml", """
                name: broken
                search_space:
                  x: {type: int, low: 1, high: 3}
                command: [sh, -c, "echo 'ImportError: no module named torch' >&2; exit 4", "{x}"]
                trials: 2
                """);
        Cli.Result r = Cli.run(dir, "run", "study.yaml");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err())
                .contains("trial 0 FAIL")
                .contains("exited with code 4")
                .contains("every trial failed; read the trial logs in")
                .doesNotContain("\tat ");
        assertThat(r.out()).contains("No trial completed yet.");
    }
}
