package io.paratune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.paratune.FrozenTrial;
import io.paratune.TrialState;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fault suite of the command line: each fault a study meets in the field, on the SQLite file and
 * on a real PostgreSQL server, with real {@code paratune} processes running several trials at once
 * when the fault hits. The storage goes away mid-trial for 5 s and for 45 s (PostgreSQL stopped and
 * started again; the SQLite file locked by another process); {@code run} is killed with SIGKILL; a
 * {@code worker} beside a run is killed with SIGKILL; {@code run} is stopped with SIGINT and with
 * SIGTERM. After the fault the study is resumed where it has to be, and every case ends with the
 * budget kept ({@link Budgets#assertKept}): as many new trials as the budget, each with one final
 * outcome, none lost, none duplicated, none left RUNNING or WAITING, every re-run with its
 * original's parameters. Trials the storage outage caught mid-flight end COMPLETE with what they
 * printed.
 */
class FaultSuiteIT {
    /** The storages every fault runs on. */
    enum Storage {
        SQLITE,
        POSTGRESQL
    }

    /**
     * Each trial notes "number pid-of-its-paratune" in {@code started}, reports three steps and
     * prints its own x as its value. Trials numbered from HOLD_FROM wait between their first and
     * second step while the file {@code hold} exists.
     */
    private static final String OBJECTIVE = """
            #!/bin/sh
            echo "paratune: step=0 value=3"
            echo "$PARATUNE_TRIAL $PPID" >> started
            if [ "$PARATUNE_TRIAL" -ge HOLD_FROM ]; then
              while [ -e hold ]; do sleep 0.05; done
            fi
            echo "paratune: step=1 value=2"
            echo "paratune: step=2 value=1"
            echo "paratune: value=$1"
            echo "$PARATUNE_TRIAL" >> printed
            """;
    /** Heartbeats short enough that a lost trial is found within seconds. */
    private static final String HEARTBEAT = "{interval: 1s, grace: 3s}";

    @TempDir
    Path dir;

    @AfterEach
    void releaseLeftTrials() throws Exception {
        // trial scripts of a killed paratune live on until they may finish
        Files.deleteIfExists(dir.resolve("hold"));
    }

    private String url(Storage storage) {
        return storage == Storage.SQLITE ? "sqlite:" + dir.resolve("paratune.db") : TestPostgres.newUrl();
    }

    /** Writes the study file and the objective; the trials numbered from {@code holdFrom} hold. */
    private void studyFile(String url, int trials, int parallelism, int holdFrom, String heartbeat) throws Exception {
        Cli.script(dir, "objective.sh", OBJECTIVE.replace("HOLD_FROM", Integer.toString(holdFrom)));
        Cli.write(dir, "study.yaml", """
                name: faults
                storage: %s
                search_space:
                  x: {type: float, low: 0, high: 1}
                command: ./objective.sh {x}
                sampler: random
                pruner: {name: median, options: {startup_trials: 0}}
                kill_grace: 1s
                heartbeat: %s
                trials: %d
                parallelism: %d
                """.formatted(url, heartbeat, trials, parallelism));
    }

    // ---- the storage goes away mid-trial ----

    @ParameterizedTest
    @EnumSource(Storage.class)
    void aStorageOutageOfFiveSecondsMidTrial(Storage storage) throws Exception {
        outageMidTrial(storage, Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void aStorageOutageOfFortyFiveSecondsMidTrial(Storage storage) throws Exception {
        outageMidTrial(storage, Duration.ofSeconds(45));
    }

    /**
     * Two trials report their first step; the storage goes away; they report the rest and their
     * results and exit while it is away; it comes back; the study goes on to its end.
     */
    private void outageMidTrial(Storage storage, Duration outage) throws Exception {
        try (Outage away = storage == Storage.SQLITE
                ? new SqliteLock(dir.resolve("paratune.db"))
                : new PostgresRestart(dir.resolve("pgdata"))) {
            studyFile(away.url(), 4, 2, 0, HEARTBEAT);
            Cli.write(dir, "hold", "");
            Process run = Cli.start(dir, Map.of(), "run", "run", "study.yaml", "--no-progress");
            Cli.awaitLines(dir.resolve("started"), 2, run); // trials 0 and 1 have reported step 0
            away.begin();
            long down = System.nanoTime();
            Files.delete(dir.resolve("hold"));
            Cli.awaitLines(dir.resolve("printed"), 2, run);
            long left = outage.toMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - down);
            assertThat(run.waitFor(Math.max(0, left), TimeUnit.MILLISECONDS))
                    .as("paratune waits for the storage")
                    .isFalse();
            away.end();
            Cli.Result r = Cli.finish(run, dir, "run");
            assertThat(r.code()).as(r.err()).isZero();

            Budgets.Counts c = Budgets.assertKept(away.url(), "faults", 4);
            List<FrozenTrial> trials = Budgets.trials(away.url(), "faults");
            assertThat(c.rows()).as("no trial was taken for lost: %s", trials).isEqualTo(4);
            for (FrozenTrial t : trials) {
                assertThat(t.state()).as("%s", t).isEqualTo(TrialState.COMPLETE);
                assertThat(t.values()).as("%s", t).containsExactly((Double)
                        t.params().get("x"));
                assertThat(t.intermediateValues()).as("%s", t).isEqualTo(Map.of(0, 3.0, 1, 2.0, 2, 1.0));
            }
        }
    }

    /** A storage that can be taken away and given back. */
    private interface Outage extends AutoCloseable {
        String url();

        void begin() throws Exception;

        void end() throws Exception;

        @Override
        void close() throws java.io.IOException, java.sql.SQLException;
    }

    /** Another process holds an exclusive lock on the SQLite file. */
    private static final class SqliteLock implements Outage {
        private final Path file;
        private Connection connection;

        SqliteLock(Path file) {
            this.file = file;
        }

        @Override
        public String url() {
            return "sqlite:" + file;
        }

        @Override
        public void begin() throws Exception {
            connection = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA busy_timeout = 30000");
                s.execute("BEGIN EXCLUSIVE");
            }
        }

        @Override
        public void end() throws Exception {
            try (Statement s = connection.createStatement()) {
                s.execute("COMMIT");
            }
            close();
        }

        @Override
        public void close() throws java.io.IOException, java.sql.SQLException {
            if (connection != null) {
                connection.close();
                connection = null;
            }
        }
    }

    /** A PostgreSQL server of its own, stopped and started again on the same port and data. */
    private static final class PostgresRestart implements Outage {
        private final Path data;
        private final int port;
        private EmbeddedPostgres server;

        PostgresRestart(Path data) throws Exception {
            this.data = data;
            this.server = start(data, 0);
            this.port = server.getPort();
        }

        private static EmbeddedPostgres start(Path data, int port) throws Exception {
            EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .setServerConfig("fsync", "off")
                    .setPGStartupWait(Duration.ofSeconds(60));
            return (port == 0 ? b : b.setPort(port)).start();
        }

        @Override
        public String url() {
            return "postgresql://postgres@localhost:" + port + "/postgres";
        }

        @Override
        public void begin() throws Exception {
            server.close();
            server = null;
        }

        @Override
        public void end() throws Exception {
            server = start(data, port);
        }

        @Override
        public void close() throws java.io.IOException, java.sql.SQLException {
            if (server != null) {
                server.close();
            }
        }
    }

    // ---- processes killed and stopped ----

    private static void signal(Process p, String signal) throws Exception {
        new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid()))
                .inheritIO()
                .start()
                .waitFor();
    }

    private static void kill9(Process p) throws Exception {
        signal(p, "KILL");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void killNineOfRunThenResume(Storage storage) throws Exception {
        String url = url(storage);
        // a grace period long enough that the resumed run sees the killed run's trials before they are lost
        studyFile(url, 6, 2, 2, "{interval: 1s, grace: 12s}");
        Cli.write(dir, "hold", "");
        Process first = Cli.start(dir, Map.of(), "first", "run", "study.yaml");
        Cli.awaitLines(dir.resolve("started"), 4, first); // trials 0 and 1 done, 2 and 3 held
        kill9(first);
        Files.delete(dir.resolve("hold"));

        Cli.Result again = Cli.run(dir, "run", "study.yaml");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.err())
                .contains("(2 done before, 2 running in other processes)")
                .contains("trials 2, 3 run in other processes; waiting to see their heartbeats (every 1.0 s)")
                .containsPattern("trial [23] has had no heartbeat for [0-9.]+ s: its process seems to have died; it"
                        + " is failed and run again (in [0-9.]+ s|now)");
        Budgets.Counts c = Budgets.assertKept(url, "faults", 6);
        assertThat(c.lostAndRerun()).isEqualTo(2);
        assertThat(c.state(TrialState.COMPLETE)).isEqualTo(6);
        assertThat(c.rows()).isEqualTo(8);
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void killNineOfAWorkerBesideARun(Storage storage) throws Exception {
        String url = url(storage);
        studyFile(url, 8, 2, 0, HEARTBEAT);
        Cli.write(dir, "hold", "");
        Process run = Cli.start(dir, Map.of(), "run", "run", "study.yaml");
        Cli.awaitLines(dir.resolve("started"), 2, run); // the run holds two trials
        Process worker = Cli.start(
                dir, Map.of(), "worker", "worker", "--storage", url, "--study", "faults", "--parallelism", "2");
        Cli.awaitLines(dir.resolve("started"), 4, worker); // and the worker two
        kill9(worker);
        Files.delete(dir.resolve("hold"));

        Cli.Result r = Cli.finish(run, dir, "run");
        assertThat(r.code()).as(r.err()).isZero();
        Budgets.Counts c = Budgets.assertKept(url, "faults", 8);
        assertThat(c.lostAndRerun()).isEqualTo(2);
        assertThat(c.state(TrialState.COMPLETE)).isEqualTo(8);
        Set<String> launchers = new HashSet<>();
        for (String line : Files.readAllLines(dir.resolve("started"))) {
            launchers.add(line.split(" ")[1]);
        }
        assertThat(launchers).containsExactlyInAnyOrder(Long.toString(run.pid()), Long.toString(worker.pid()));
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void sigintThenResume(Storage storage) throws Exception {
        String url = url(storage);
        stopMidStudy(url, "INT");
        Cli.Result again = Cli.run(dir, "run", "study.yaml");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.err()).contains("(2 done before, 2 to resume)");
        Budgets.Counts c = Budgets.assertKept(url, "faults", 6);
        assertThat(c.state(TrialState.COMPLETE)).isEqualTo(6);
        assertThat(c.state(TrialState.FAIL)).as("the two interrupted trials").isEqualTo(2);
        assertThat(Files.readAllLines(dir.resolve("started"))).hasSize(4 + 4);
    }

    @ParameterizedTest
    @EnumSource(Storage.class)
    void sigtermThenResumeWithARaisedBudget(Storage storage) throws Exception {
        String url = url(storage);
        stopMidStudy(url, "TERM");
        Cli.Result again = Cli.run(dir, "run", "study.yaml", "--trials", "8");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.err()).contains("(2 done before, 2 to resume)");
        Budgets.Counts c = Budgets.assertKept(url, "faults", 8);
        assertThat(c.state(TrialState.COMPLETE)).isEqualTo(8);
        assertThat(c.state(TrialState.FAIL)).as("the two interrupted trials").isEqualTo(2);
        assertThat(Files.readAllLines(dir.resolve("started"))).hasSize(4 + 6);
    }

    /**
     * Runs a study of 6 trials until trials 0 and 1 are done and 2 and 3 are held, then stops {@code
     * run} with {@code signal}: the held trials are stopped, failed as interrupted and enqueued again.
     */
    private void stopMidStudy(String url, String signal) throws Exception {
        studyFile(url, 6, 2, 2, HEARTBEAT);
        Cli.write(dir, "hold", "");
        Process first = Cli.start(dir, Map.of(), "first", "run", "study.yaml");
        Cli.awaitLines(dir.resolve("started"), 4, first);
        // a process started from a background shell may ignore SIGINT: it stops on SIGTERM the same way
        String sent = signal.equals("INT") && sigintIgnored(first.pid()) ? "TERM" : signal;
        signal(first, sent);
        Cli.Result stopped = Cli.finish(first, dir, "first");
        assertThat(stopped.code()).as(stopped.err()).isEqualTo(sent.equals("INT") ? 130 : 143);
        assertThat(stopped.err()).contains("run the same command again to resume");
        assertThat(first.toHandle().descendants())
                .as("no trial process is left")
                .isEmpty();
        Files.delete(dir.resolve("hold"));

        List<FrozenTrial> left = Budgets.trials(url, "faults");
        assertThat(left).as("%s", left).hasSize(6);
        int interrupted = 0;
        for (FrozenTrial t : left) {
            if (t.number() < 2) {
                assertThat(t.state()).as("%s", t).isEqualTo(TrialState.COMPLETE);
            } else if (t.state() == TrialState.FAIL) {
                assertThat(t.failureMessage()).startsWith("interrupted");
                assertThat(t.userAttributes())
                        .containsEntry("interrupted", true)
                        .containsEntry("requeued", true);
                interrupted++;
            } else {
                assertThat(t.state())
                        .as("the re-run of an interrupted trial: %s", left)
                        .isEqualTo(TrialState.WAITING);
            }
        }
        assertThat(interrupted).isEqualTo(2);
    }

    /** Whether the process ignores SIGINT (it then keeps the JVM from stopping on it). */
    private static boolean sigintIgnored(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseLong(line.substring(7).strip(), 16) & 0b10) != 0;
            }
        }
        return false;
    }
}
