package io.paratune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.paratune.TrialState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code trials} budget beyond the faults of {@link FaultSuiteIT}: changed on resume after a
 * kill, and shared by two runs at once. The study ends with as many new trials as its budget, each
 * with one final outcome, none lost, none duplicated, none stuck RUNNING.
 */
class BudgetFaultIT {
    /** Each trial notes "number pid-of-its-paratune" and waits while the file {@code hold} exists. */
    private static final String OBJECTIVE = """
            #!/bin/sh
            echo "$PARATUNE_TRIAL $PPID" >> started
            if [ "$PARATUNE_TRIAL" -ge "${HOLD_FROM:-0}" ]; then
              while [ -e hold ]; do sleep 0.05; done
            fi
            echo "paratune: value=$1"
            """;

    @TempDir
    Path dir;

    @AfterEach
    void releaseLeftTrials() throws Exception {
        // trial scripts of a killed paratune live on until they may finish
        Files.deleteIfExists(dir.resolve("hold"));
    }

    private void studyFile(String name, String storage, int trials, int parallelism, String holdFrom) throws Exception {
        String heartbeat = "{interval: 500ms, grace: 2s}";
        Cli.script(dir, "objective.sh", OBJECTIVE.replace("${HOLD_FROM:-0}", holdFrom));
        Cli.write(
                dir,
                "study.yaml",
                "name: " + name + "\n"
                        + (storage == null ? "" : "storage: " + storage + "\n") + """
                search_space:
                  x: {type: float, low: 0, high: 1}
                command: ./objective.sh {x}
                sampler: random
                """ + "heartbeat: " + heartbeat
                        + "\ntrials: " + trials + "\nparallelism: " + parallelism + "\n");
    }

    private String sqlite() {
        return "sqlite:" + dir.resolve("paratune.db");
    }

    private static void kill9(Process p) throws Exception {
        new ProcessBuilder("kill", "-KILL", Long.toString(p.pid()))
                .inheritIO()
                .start()
                .waitFor();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void trialsLoweredAndRaisedOnResumeAfterAKill() throws Exception {
        studyFile("budgets", null, 4, 1, "1");
        Cli.write(dir, "hold", "");
        Process first = Cli.start(dir, Map.of(), "first", "run", "study.yaml");
        Cli.awaitLines(dir.resolve("started"), 2, first); // trial 0 done, trial 1 held
        kill9(first);
        Files.delete(dir.resolve("hold"));

        Cli.Result two = Cli.run(dir, "run", "study.yaml", "--trials", "2");
        assertThat(two.code()).as(two.err()).isZero();
        Budgets.Counts c2 = Budgets.assertKept(sqlite(), "budgets", 2);
        assertThat(c2.state(TrialState.COMPLETE)).isEqualTo(2);
        assertThat(c2.lostAndRerun()).isEqualTo(1);

        Cli.Result three = Cli.run(dir, "run", "study.yaml", "--trials", "3");
        assertThat(three.code()).as(three.err()).isZero();
        Budgets.assertKept(sqlite(), "budgets", 3);

        Cli.Result file = Cli.run(dir, "run", "study.yaml");
        assertThat(file.code()).as(file.err()).isZero();
        assertThat(Budgets.assertKept(sqlite(), "budgets", 4).state(TrialState.COMPLETE))
                .isEqualTo(4);

        Cli.Result lower = Cli.run(dir, "run", "study.yaml", "--trials", "2");
        assertThat(lower.code()).as(lower.err()).isZero();
        assertThat(lower.err()).contains("already has 4 new trials, more than the 2 asked");
        Budgets.assertKept(sqlite(), "budgets", 4);
    }

    @Test
    void twoRunsAtOnceOnPostgresShareTheBudgetExactly() throws Exception {
        String url = TestPostgres.newUrl();
        studyFile("twice", url, 12, 3, "0");
        Cli.write(dir, "hold", "");
        Process a = Cli.start(dir, Map.of(), "a", "run", "study.yaml");
        Process b = Cli.start(dir, Map.of(), "b", "run", "study.yaml");
        Cli.awaitLines(dir.resolve("started"), 6, a); // both processes hold three trials each
        Files.delete(dir.resolve("hold"));
        Cli.Result ra = Cli.finish(a, dir, "a");
        Cli.Result rb = Cli.finish(b, dir, "b");
        assertThat(ra.code()).as(ra.err()).isZero();
        assertThat(rb.code()).as(rb.err()).isZero();
        Budgets.Counts c = Budgets.assertKept(url, "twice", 12);
        assertThat(c.rows()).isEqualTo(12);
        assertThat(c.state(TrialState.COMPLETE)).isEqualTo(12);
    }
}
