package io.paratune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A storage that is unreachable while a trial runs (PostgreSQL restarting, a SQLite file locked by
 * another process) delays the trial's records; it does not turn the trial into a failure. The trial
 * prints intermediate values and its result while the storage is away, and ends COMPLETE with them.
 */
class StorageOutageIT {
    @TempDir
    Path dir;

    /**
     * The trial reports step 0, waits for the test's go (the database is down by then), reports
     * steps 1 and 2 and its result, and exits at once.
     */
    private void writeStudy(String storage) throws Exception {
        Cli.script(dir, "objective.sh", """
                #!/bin/sh
                echo "paratune: step=0 value=3"
                touch started
                while [ ! -e go ]; do sleep 0.05; done
                echo "paratune: step=1 value=2"
                echo "paratune: step=2 value=1"
                echo "paratune: value=0.5"
                touch printed
                """);
        Cli.write(dir, "study.yaml", """
                name: outage
                storage: %s
                search_space:
                  x: {type: float, low: 0, high: 1}
                command: ./objective.sh {x}
                trials: 1
                kill_grace: 1s
                sampler: random
                pruner: {name: median, options: {startup_trials: 0}}
                """.formatted(storage));
    }

    @Test
    void aPostgresRestartOfFiveSecondsMidTrialKeepsTheTrialsResult() throws Exception {
        restartPostgresMidTrial(Duration.ofSeconds(5));
    }

    @Test
    void aPostgresOutageOfFortyFiveSecondsMidTrialKeepsTheTrialsResult() throws Exception {
        restartPostgresMidTrial(Duration.ofSeconds(45));
    }

    private void restartPostgresMidTrial(Duration outage) throws Exception {
        Path data = dir.resolve("pgdata");
        EmbeddedPostgres server = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false)
                .setPGStartupWait(Duration.ofSeconds(60)).start();
        int port = server.getPort();
        try {
            writeStudy("postgresql://postgres@localhost:" + port + "/postgres");
            Process run = Cli.start(dir, Map.of(), "run", "run", "study.yaml", "--no-progress");
            awaitFile("started", run);
            server.close();
            long down = System.nanoTime();
            Cli.write(dir, "go", "");
            awaitFile("printed", run);
            long left = outage.toMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - down);
            // the trial's process has printed everything and exits while the server is down
            assertThat(run.waitFor(Math.max(0, left), TimeUnit.MILLISECONDS)).as("paratune waits for the database")
                    .isFalse();
            server = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(60)).start();
            Cli.Result r = Cli.finish(run, dir, "run");
            assertThat(r.code()).as(r.err()).isZero();
            assertCompleteWithItsValues();
        } finally {
            server.close();
        }
    }

    @Test
    void aSqliteFileLockedMidTrialKeepsTheTrialsResult() throws Exception {
        writeStudy("sqlite:paratune.db");
        Process run = Cli.start(dir, Map.of(), "run", "run", "study.yaml", "--no-progress");
        awaitFile("started", run);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("paratune.db"));
                Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 30000");
            s.execute("BEGIN EXCLUSIVE"); // another process writes for 5 s
            Cli.write(dir, "go", "");
            awaitFile("printed", run);
            assertThat(run.waitFor(5, TimeUnit.SECONDS)).as("paratune waits for the lock").isFalse();
            s.execute("COMMIT");
        }
        Cli.Result r = Cli.finish(run, dir, "run");
        assertThat(r.code()).as(r.err()).isZero();
        assertCompleteWithItsValues();
    }

    private void assertCompleteWithItsValues() throws Exception {
        JsonNode trials = Cli.run(dir, "export", "study.yaml", "--format", "json").exportJson();
        assertThat(trials).hasSize(1);
        JsonNode t = trials.get(0);
        assertThat(t.get("state").asText()).as("%s", t).isEqualTo("COMPLETE");
        assertThat(t.get("values").get(0).asDouble()).isEqualTo(0.5);
        assertThat(t.get("intermediate_values").toString()).isEqualTo("{\"0\":3.0,\"1\":2.0,\"2\":1.0}");
    }

    private void awaitFile(String name, Process p) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(dir.resolve(name))) {
            assertThat(p.isAlive()).as("paratune runs while we wait for %s", name).isTrue();
            assertThat(System.nanoTime()).as("%s appears in time", name).isLessThan(end);
            p.waitFor(20, TimeUnit.MILLISECONDS);
        }
    }
}
