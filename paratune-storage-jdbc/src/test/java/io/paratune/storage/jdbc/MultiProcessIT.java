package io.paratune.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.paratune.FrozenTrial;
import io.paratune.Study;
import io.paratune.TrialState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four worker JVMs on one study, with a random sampler and a quick objective: exactly the asked
 * number of trials, numbered densely, all finished. On one SQLite file and on PostgreSQL.
 */
class MultiProcessIT {
    private static final int WORKERS = 4;
    private static final int TRIALS_PER_WORKER = 25;

    @TempDir
    Path dir;

    @Test
    void fourProcessesShareOneSqliteFile() throws Exception {
        runWorkersAndCheck("sqlite:" + dir.resolve("shared.db"));
    }

    @Test
    void fourProcessesShareOnePostgresDatabase() throws Exception {
        runWorkersAndCheck(TestPostgres.newUrl());
    }

    private void runWorkersAndCheck(String url) throws Exception {
        List<Process> workers = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            Path log = dir.resolve("worker-" + i + ".log");
            logs.add(log);
            workers.add(WorkerProcesses.start(
                    StudyWorker.class,
                    log,
                    url,
                    "shared",
                    String.valueOf(TRIALS_PER_WORKER),
                    "2",
                    String.valueOf(100 + i)));
        }
        WorkerProcesses.awaitSuccess(workers, logs, 240);

        try (JdbcStorage storage = JdbcStorage.open(url)) {
            List<FrozenTrial> trials =
                    Study.builder().name("shared").storage(storage).load().trials();
            int total = WORKERS * TRIALS_PER_WORKER;
            assertThat(trials).hasSize(total);
            assertThat(trials)
                    .extracting(FrozenTrial::number)
                    .containsExactlyElementsOf(IntStream.range(0, total).boxed().toList());
            assertThat(trials).allSatisfy(t -> {
                assertThat(t.state()).isEqualTo(TrialState.COMPLETE);
                assertThat(t.params()).containsOnlyKeys("x", "y", "kind");
                assertThat(t.intermediateValues()).containsOnlyKeys(0);
            });
        }
    }
}
