package io.paratune.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.paratune.FrozenTrial;
import io.paratune.OptimizeOptions;
import io.paratune.Study;
import io.paratune.TrialState;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults: a worker process killed with SIGKILL in the middle of a trial, and a PostgreSQL server
 * restarted in the middle of a study.
 */
class FaultsIT {
    private static final Duration INTERVAL = Duration.ofMillis(200);
    private static final Duration GRACE = Duration.ofSeconds(2);
    private static final int TRIALS = 20;

    @TempDir
    Path dir;

    @Test
    void aKilledWorkersTrialIsFailedByHeartbeatAndRetriedOnSqlite() throws Exception {
        killAWorkerAndRecover("sqlite:" + dir.resolve("faults.db"));
    }

    @Test
    void aKilledWorkersTrialIsFailedByHeartbeatAndRetriedOnPostgres() throws Exception {
        killAWorkerAndRecover(TestPostgres.newUrl());
    }

    private void killAWorkerAndRecover(String url) throws Exception {
        Path log = dir.resolve("hanging.log");
        Process hanging = WorkerProcesses.start(
                HangingWorker.class,
                log,
                url,
                "faults",
                String.valueOf(INTERVAL.toMillis()),
                String.valueOf(GRACE.toMillis()));
        try (JdbcStorage storage = JdbcStorage.open(url)) {
            FrozenTrial lost = awaitRunningTrialWithParams(storage, hanging, log);
            awaitHeartbeat(storage, lost.id());
            hanging.destroyForcibly(); // SIGKILL: no shutdown hook, no last tell
            assertThat(hanging.waitFor()).isNotZero();
            Instant killed = Instant.now();

            // the next worker notices once the grace period has passed since the last beat
            HeartbeatBehaviour.awaitTrue(() ->
                    Duration.between(lastSign(storage, lost), Instant.now()).compareTo(GRACE) > 0);
            Study survivor = Study.builder()
                    .name("faults")
                    .storage(storage)
                    .heartbeat(INTERVAL, GRACE)
                    .maxRetries(1)
                    .load();
            survivor.optimize(
                    trial -> trial.suggestFloat("x", -10, 10) + trial.suggestInt("y", 0, 5),
                    OptimizeOptions.builder().trials(TRIALS).parallelism(4).build());

            List<FrozenTrial> trials = survivor.trials();
            assertThat(trials)
                    .extracting(FrozenTrial::number)
                    .containsExactlyElementsOf(
                            IntStream.rangeClosed(0, TRIALS).boxed().toList());
            FrozenTrial failed = trials.get(0);
            assertThat(failed.state()).isEqualTo(TrialState.FAIL);
            assertThat(failed.failureMessage()).contains("no heartbeat");
            assertThat(Duration.between(killed, failed.finished())).isLessThan(GRACE.plusSeconds(10));
            List<FrozenTrial> retries = trials.stream()
                    .filter(t -> t.systemAttributes().containsKey("retry_of"))
                    .toList();
            assertThat(retries).singleElement().satisfies(r -> {
                assertThat(((Number) r.systemAttributes().get("retry_of")).intValue())
                        .isZero();
                assertThat(r.state()).isEqualTo(TrialState.COMPLETE);
                assertThat(r.params()).isEqualTo(failed.params());
            });
            assertThat(trials.subList(1, TRIALS + 1))
                    .allSatisfy(t -> assertThat(t.state()).isEqualTo(TrialState.COMPLETE));
        } finally {
            hanging.destroyForcibly();
        }
    }

    @Test
    void aTrialToldBeforeTheWorkerIsKilledIsKeptOnSqlite() throws Exception {
        toldTrialsSurviveAKill("sqlite:" + dir.resolve("told.db"));
    }

    @Test
    void aTrialToldBeforeTheWorkerIsKilledIsKeptOnPostgres() throws Exception {
        toldTrialsSurviveAKill(TestPostgres.newUrl());
    }

    /** Kills the worker the moment it reports its fifth tell: every trial it told must be COMPLETE. */
    private void toldTrialsSurviveAKill(String url) throws Exception {
        Path log = dir.resolve("telling.log");
        Process worker = WorkerProcesses.start(TellingWorker.class, log, url, "told", "5");
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!Files.readString(log).contains("told 4")) {
                assertThat(worker.isAlive())
                        .as("worker alive; output:%n%s", Files.readString(log))
                        .isTrue();
                assertThat(System.nanoTime())
                        .as("the worker told 5 trials in time")
                        .isLessThan(deadline);
                Thread.sleep(5);
            }
            worker.destroyForcibly();
            worker.waitFor();
        } finally {
            worker.destroyForcibly();
        }
        try (JdbcStorage storage = JdbcStorage.open(url)) {
            List<FrozenTrial> trials =
                    Study.builder().name("told").storage(storage).load().trials();
            assertThat(trials).hasSize(5).allSatisfy(t -> {
                assertThat(t.state()).isEqualTo(TrialState.COMPLETE);
                assertThat(t.value()).isEqualTo((Double) t.param("x"));
            });
        }
    }

    private static FrozenTrial awaitRunningTrialWithParams(JdbcStorage storage, Process worker, Path log)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            Optional<FrozenTrial> t = storage.findStudy("faults").flatMap(s -> storage.trialByNumber(s.id(), 0));
            if (t.isPresent() && t.get().internalParams().size() == 2) {
                return t.get();
            }
            assertThat(worker.isAlive())
                    .as("hanging worker alive; output:%n%s", Files.exists(log) ? Files.readString(log) : "")
                    .isTrue();
            assertThat(System.nanoTime())
                    .as("the hanging worker started its trial in time")
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static void awaitHeartbeat(JdbcStorage storage, long trialId) throws InterruptedException {
        HeartbeatBehaviour.awaitTrue(() -> storage.lastHeartbeat(trialId) != null);
    }

    private static Instant lastSign(JdbcStorage storage, FrozenTrial trial) {
        Instant beat = storage.lastHeartbeat(trial.id());
        return beat != null ? beat : trial.started();
    }

    @Test
    void workersReconnectAfterAPostgresRestartAndTheStudyCompletes() throws Exception {
        Path data = dir.resolve("pgdata");
        EmbeddedPostgres first = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
        int port = first.getPort();
        EmbeddedPostgres[] server = {first};
        String url = "postgresql://postgres@localhost:" + port + "/postgres";
        int total = 120;
        AtomicInteger done = new AtomicInteger();
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        CompletableFuture<Void> restarted = new CompletableFuture<>();
        try (JdbcStorage storage = JdbcStorage.open(url)) {
            Study study = Study.builder().name("restart").storage(storage).create();
            study.optimize(
                    trial -> {
                        double x = trial.suggestFloat("x", -1, 1);
                        if (trial.number() >= 24) {
                            stopped.join(); // later trials finish while the server is down or starting
                        }
                        return x * x;
                    },
                    OptimizeOptions.builder()
                            .trials(total)
                            .parallelism(4)
                            .callback((s, t) -> {
                                if (done.incrementAndGet() == 20) {
                                    CompletableFuture.runAsync(() -> {
                                        try {
                                            server[0].close();
                                            stopped.complete(null);
                                            server[0] = EmbeddedPostgres.builder()
                                                    .setDataDirectory(data)
                                                    .setCleanDataDirectory(false)
                                                    .setPort(port)
                                                    .setPGStartupWait(Duration.ofSeconds(60))
                                                    .start();
                                            restarted.complete(null);
                                        } catch (Exception e) {
                                            stopped.completeExceptionally(e);
                                            restarted.completeExceptionally(e);
                                        }
                                    });
                                }
                            })
                            .build());
            restarted.get();
            List<FrozenTrial> trials = study.trials();
            assertThat(trials).hasSize(total);
            assertThat(trials)
                    .extracting(FrozenTrial::number)
                    .containsExactlyElementsOf(IntStream.range(0, total).boxed().toList());
            assertThat(trials).allSatisfy(t -> assertThat(t.state()).isEqualTo(TrialState.COMPLETE));
        } finally {
            server[0].close();
        }
    }
}
