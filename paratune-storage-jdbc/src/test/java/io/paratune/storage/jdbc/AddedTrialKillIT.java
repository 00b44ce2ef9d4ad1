package io.paratune.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.paratune.FrozenTrial;
import io.paratune.Study;
import io.paratune.TrialState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed with SIGKILL while it adds evaluated trials leaves every trial whole and
 * finished: none RUNNING (a run would wait for it or reap it), none without its parameters.
 */
class AddedTrialKillIT {
    private static final int ROUNDS = 3;

    @TempDir
    Path dir;

    @Test
    void aWorkerKilledWhileAddingTrialsLeavesEachWholeOnSqlite() throws Exception {
        killWhileAdding("sqlite:" + dir.resolve("adding.db"));
    }

    @Test
    void aWorkerKilledWhileAddingTrialsLeavesEachWholeOnPostgres() throws Exception {
        killWhileAdding(TestPostgres.newUrl());
    }

    private void killWhileAdding(String url) throws Exception {
        int reported = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Path log = dir.resolve("adding-" + round + ".log");
            Process worker = WorkerProcesses.start(AddingWorker.class, log, url, "adding");
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while (added(log) < 10) {
                    assertThat(worker.isAlive())
                            .as("worker alive; output:%n%s", Files.readString(log))
                            .isTrue();
                    assertThat(System.nanoTime())
                            .as("the worker added 10 trials in time")
                            .isLessThan(deadline);
                    Thread.sleep(2);
                }
                worker.destroyForcibly(); // SIGKILL, most likely in the middle of the next add
                worker.waitFor();
            } finally {
                worker.destroyForcibly();
            }
            reported += added(log);
        }
        try (JdbcStorage storage = JdbcStorage.open(url)) {
            Study study = Study.builder().name("adding").storage(storage).load();
            List<FrozenTrial> trials = study.trials();
            assertThat(storage.lastBeats(study.id())).as("RUNNING trials").isEmpty();
            assertThat(trials.size()).isBetween(reported, reported + ROUNDS);
            assertThat(trials)
                    .extracting(FrozenTrial::number)
                    .containsExactlyElementsOf(
                            IntStream.range(0, trials.size()).boxed().toList());
            assertThat(trials).allSatisfy(t -> {
                assertThat(t.state()).isEqualTo(TrialState.COMPLETE);
                assertThat(t.internalParams()).containsOnlyKeys("x", "n");
                assertThat(t.intermediateValues()).hasSize(4);
                assertThat(t.userAttributes()).containsKey("worker");
            });
        }
    }

    private static int added(Path log) throws java.io.IOException {
        return Files.exists(log)
                ? (int) Files.readAllLines(log).stream()
                        .filter(l -> l.startsWith("added "))
                        .count()
                : 0;
    }
}
