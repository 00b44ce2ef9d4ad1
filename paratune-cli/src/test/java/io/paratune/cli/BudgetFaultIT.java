package io.paratune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.paratune.TrialState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault suite of the {@code trials} budget: real {@code paratune} processes killed with
 * SIGKILL or stopped with SIGTERM mid-study, on the SQLite file and on a real PostgreSQL, then
 * resumed. Whatever happened, the study ends with as many new trials as its budget, each with one
 * final outcome, none lost, none duplicated, none stuck RUNNING.
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

    private void studyFile(String name, String storage, int trials, int parallelism, String holdFrom)
            throws Exception {
        studyFile(name, storage, trials, parallelism, holdFrom, "{interval: 500ms, grace: 2s}");
    }

    private void studyFile(String name, String storage, int trials, int parallelism, String holdFrom,
            String heartbeat) throws Exception {
        Cli.script(dir, "objective.sh", OBJECTIVE.replace("${HOLD_FROM:-0}", holdFrom));
        Cli.write(dir, "study.yaml", "name: " + name + "\n"
                + (storage == null ? "" : "storage: " + storage + "\n") + """
                search_space:
                  x: {type: float, low: 0, high: 1}
                command: ./objective.sh {x}
                sampler: random
                """ + "heartbeat: " + heartbeat + "\ntrials: " + trials + "\nparallelism: " + parallelism + "\n");
    }

    private String sqlite() {
        return "sqlite:" + dir.resolve("paratune.db");
    }

    private static void kill9(Process p) throws Exception {
        new ProcessBuilder("kill", "-KILL", Long.toString(p.pid())).inheritIO().start().waitFor();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void killNineOfRunThenResumeRunsTheLostTrialsAgainWithinTheBudget() throws Exception {
        // a grace period long enough that the resumed run finds the killed run's trials not yet lost
        studyFile("killed", null, 6, 2, "2", "{interval: 1s, grace: 12s}");
        Cli.write(dir, "hold", "");
        Process first = Cli.start(dir, Map.of(), "first", "run", "study.yaml");
        Cli.awaitLines(dir.resolve("started"), 4, first); // trials 0 and 1 done, 2 and 3 held
        kill9(first);
        Files.delete(dir.resolve("hold"));

        Cli.Result again = Cli.run(dir, "run", "study.yaml");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.err()).contains("(2 done before, 2 running in other processes)")
                .contains("trials 2, 3 run in other processes; waiting to see their heartbeats (every 1.0 s)")
                .containsPattern("trial [23] has had no heartbeat for [0-9.]+ s: its process seems to have died; it"
                        + " is failed and run again (in [0-9.]+ s|now)");
        Budgets.Counts c = Budgets.assertKept(sqlite(), "killed", 6);
        assertThat(c.lostAndRerun()).isEqualTo(2);
        assertThat(c.state(TrialState.COMPLETE)).isEqualTo(6);
        assertThat(c.rows()).isEqualTo(8);
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
        assertThat(Budgets.assertKept(sqlite(), "budgets", 4).state(TrialState.COMPLETE)).isEqualTo(4);

        Cli.Result lower = Cli.run(dir, "run", "study.yaml", "--trials", "2");
        assertThat(lower.code()).as(lower.err()).isZero();
        assertThat(lower.err()).contains("already has 4 new trials, more than the 2 asked");
        Budgets.assertKept(sqlite(), "budgets", 4);
    }

    @Test
    void killNineOfAWorkerOnPostgresLeavesItsTrialToTheOtherProcess() throws Exception {
        String url = TestPostgres.newUrl();
        studyFile("shared", url, 6, 1, "0");
        Cli.write(dir, "hold", "");
        Process run = Cli.start(dir, Map.of(), "run", "run", "study.yaml");
        Cli.awaitLines(dir.resolve("started"), 1, run);
        Process worker = Cli.start(dir, Map.of(), "worker", "worker", "--storage", url, "--study", "shared");
        Cli.awaitLines(dir.resolve("started"), 2, worker);
        kill9(worker);
        Files.delete(dir.resolve("hold"));

        Cli.Result r = Cli.finish(run, dir, "run");
        assertThat(r.code()).as(r.err()).isZero();
        Budgets.Counts c = Budgets.assertKept(url, "shared", 6);
        assertThat(c.lostAndRerun()).isEqualTo(1);
        assertThat(c.state(TrialState.COMPLETE)).isEqualTo(6);
        Set<String> launchers = new HashSet<>();
        for (String line : Files.readAllLines(dir.resolve("started"))) {
            launchers.add(line.split(" ")[1]);
        }
        assertThat(launchers).containsExactlyInAnyOrder(Long.toString(run.pid()), Long.toString(worker.pid()));

        Cli.Result badGrace = Cli.run(dir, "worker", "--storage", url, "--study", "shared", "--heartbeat-grace",
                "700ms");
        assertThat(badGrace.code()).isEqualTo(2);
        assertThat(badGrace.err()).contains("--heartbeat-grace 700 ms must be at least twice the longest heartbeat"
                + " interval of the study's processes (500 ms");
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

    @Test
    void sigtermThenResumeWithARaisedBudgetOnPostgres() throws Exception {
        String url = TestPostgres.newUrl();
        studyFile("stopped", url, 5, 2, "1");
        Cli.write(dir, "hold", "");
        Process first = Cli.start(dir, Map.of(), "first", "run", "study.yaml");
        Cli.awaitLines(dir.resolve("started"), 3, first); // trial 0 done, 1 and 2 held
        new ProcessBuilder("kill", "-TERM", Long.toString(first.pid())).inheritIO().start().waitFor();
        Cli.Result stopped = Cli.finish(first, dir, "first");
        assertThat(stopped.code()).isEqualTo(143);
        Files.delete(dir.resolve("hold"));

        Cli.Result again = Cli.run(dir, "run", "study.yaml", "--trials", "7");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.err()).contains("(1 done before, 2 to resume)");
        Budgets.Counts c = Budgets.assertKept(url, "stopped", 7);
        assertThat(c.state(TrialState.COMPLETE)).isEqualTo(7);
        assertThat(c.state(TrialState.FAIL)).as("the two interrupted trials").isEqualTo(2);
        List<String> lines = Files.readAllLines(dir.resolve("started"));
        assertThat(lines).hasSize(3 + 2 + 4);
    }
}
