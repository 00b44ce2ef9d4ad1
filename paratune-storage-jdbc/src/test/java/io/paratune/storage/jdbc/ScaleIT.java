package io.paratune.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.paratune.FrozenTrial;
import io.paratune.Study;
import io.paratune.TrialState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 200 concurrent workers (50 threads in each of 4 processes) on one PostgreSQL study, trials of a
 * few milliseconds: no trial lost or duplicated, no failure reaches a worker, and the database
 * connections stay within the pools. Throughput is measured by the benchmarks, not here.
 */
class ScaleIT {
    private static final int PROCESSES = 4;
    private static final int THREADS = 50;
    private static final int TRIALS_PER_PROCESS = 100;

    @TempDir
    Path dir;

    @Test
    void twoHundredWorkersOnOnePostgresStudy() throws Exception {
        String url = TestPostgres.newUrl();
        String database = url.substring(url.lastIndexOf('/') + 1);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger maxConnections = new AtomicInteger();
        Thread monitor = new Thread(() -> {
            while (running.get()) {
                int n = TestPostgres.queryInt(
                        "postgres",
                        "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = '" + database
                                + "' AND application_name = 'paratune'");
                maxConnections.accumulateAndGet(n, Math::max);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        monitor.start();
        List<Process> workers = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        try {
            for (int i = 0; i < PROCESSES; i++) {
                Path log = dir.resolve("scale-" + i + ".log");
                logs.add(log);
                workers.add(WorkerProcesses.start(
                        StudyWorker.class,
                        log,
                        url,
                        "scale",
                        String.valueOf(TRIALS_PER_PROCESS),
                        String.valueOf(THREADS),
                        String.valueOf(i),
                        "3"));
            }
            WorkerProcesses.awaitSuccess(workers, logs, 300);
        } finally {
            running.set(false);
            monitor.join();
        }

        try (JdbcStorage storage = JdbcStorage.open(url)) {
            List<FrozenTrial> trials =
                    Study.builder().name("scale").storage(storage).load().trials();
            int total = PROCESSES * TRIALS_PER_PROCESS;
            assertThat(trials)
                    .extracting(FrozenTrial::number)
                    .containsExactlyElementsOf(IntStream.range(0, total).boxed().toList());
            assertThat(trials).allSatisfy(t -> assertThat(t.state()).isEqualTo(TrialState.COMPLETE));
        }
        assertThat(maxConnections.get())
                .as("connections of all worker pools")
                .isPositive()
                .isLessThanOrEqualTo(PROCESSES * Settings.DEFAULTS.poolSize());
    }
}
