package io.paratune.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paratune.Direction;
import io.paratune.FrozenTrial;
import io.paratune.Study;
import io.paratune.Trial;
import io.paratune.TrialAlreadyFinishedException;
import io.paratune.TrialState;
import io.paratune.storage.Storage;
import io.paratune.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Heartbeats and recovery on each dialect, with a shared manual clock standing in for time: a
 * worker that stops beating has its trial failed by the next worker that asks, exactly once, and
 * retried with the same parameters.
 */
abstract class HeartbeatBehaviour {
    private static final Duration INTERVAL = Duration.ofMinutes(1);
    private static final Duration GRACE = Duration.ofMinutes(3);

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final List<JdbcStorage> opened = new ArrayList<>();

    protected abstract String newUrl();

    private JdbcStorage open(String url) {
        JdbcStorage s = JdbcStorage.open(url);
        opened.add(s);
        return s;
    }

    @AfterEach
    void closeStorages() {
        opened.forEach(JdbcStorage::close);
    }

    /** A worker's view of the study: its own storage (as in its own process), heartbeats on. */
    private Study worker(String url, int maxRetries) {
        return Study.builder()
                .name("hb")
                .storage(open(url))
                .clock(clock)
                .heartbeat(INTERVAL, GRACE)
                .maxRetries(maxRetries)
                .createOrLoad();
    }

    /**
     * The storage was unreachable for longer than the grace period: no heartbeat was written
     * meanwhile, and one held up by the outage lands late with the time it was due. The next ask
     * fails the trial of a worker that died, and never a trial this worker still runs; a late
     * heartbeat does not move a renewed one back in time.
     */
    @Test
    void afterAnOutageAnAskFailsOnlyTrialsOfOtherWorkersAsLost() {
        String url = newUrl();
        Study alive = worker(url, 1);
        Trial a = alive.ask();
        Trial b = alive.ask();
        int lostNumber = worker(url, 1).ask().number(); // and that worker dies
        Instant outageStart = clock.instant();

        clock.advance(GRACE.multipliedBy(2));
        JdbcStorage storage = open(url);
        assertThat(storage.recordHeartbeat(a.snapshot().id(), outageStart.plusSeconds(5)))
                .as("a late heartbeat")
                .isTrue();
        Trial next = alive.askEnqueued().orElseThrow(); // fails the stale trials, claims the re-run

        assertThat(storage.trial(a.snapshot().id()).state()).isEqualTo(TrialState.RUNNING);
        assertThat(storage.trial(b.snapshot().id()).state()).isEqualTo(TrialState.RUNNING);
        assertThat(storage.trialByNumber(alive.id(), lostNumber).orElseThrow().state())
                .isEqualTo(TrialState.FAIL);
        assertThat(next.snapshot().systemAttributes()).containsEntry("retry_of", lostNumber);
        assertThat(storage.lastBeats(alive.id()))
                .containsEntry(a.number(), clock.instant())
                .containsEntry(b.number(), clock.instant());
    }

    @Test
    void aTrialWithoutHeartbeatIsFailedAndRetriedWithTheSameParams() {
        String url = newUrl();
        Study dying = worker(url, 2);
        Trial lost = dying.ask();
        double x = lost.suggestFloat("x", 0, 1);
        String opt = lost.suggestCategorical("opt", List.of("sgd", "adam"));
        // a worker's parameters reach the database within milliseconds of suggest (JdbcStorage's
        // write-behind); this one lives that long (reading its trial writes them now)
        assertThat(lost.snapshot().params()).hasSize(2);

        clock.advance(GRACE.plusSeconds(1));
        Study alive = worker(url, 2);
        Trial retry = alive.ask();

        FrozenTrial failed = alive.storage().trial(lost.snapshot().id());
        assertThat(failed.state()).isEqualTo(TrialState.FAIL);
        assertThat(failed.failureMessage()).contains("no heartbeat for more than 180.0 s");
        assertThat(retry.number()).isEqualTo(1);
        assertThat(retry.suggestFloat("x", 0, 1)).isEqualTo(x);
        assertThat(retry.suggestCategorical("opt", List.of("sgd", "adam"))).isEqualTo(opt);
        FrozenTrial retried = alive.storage().trial(retry.snapshot().id());
        assertThat(((Number) retried.systemAttributes().get("retry_of")).intValue())
                .isZero();
        assertThat(((Number) retried.systemAttributes().get("retry_count")).intValue())
                .isEqualTo(1);
        alive.tell(retry, 0.5);
        assertThat(alive.trials()).extracting(FrozenTrial::state).containsExactly(TrialState.FAIL, TrialState.COMPLETE);
    }

    @Test
    void aLateTellOfATrialFailedByTheHeartbeatCheckIsRefusedClearly() {
        String url = newUrl();
        Study slow = worker(url, 0);
        Trial trial = slow.ask();
        clock.advance(GRACE.plusSeconds(1));
        Trial other = worker(url, 0).ask();
        assertThat(other.number()).as("no retry with maxRetries 0").isEqualTo(1);

        assertThatThrownBy(() -> slow.tell(trial, 1.0))
                .isInstanceOf(TrialAlreadyFinishedException.class)
                .hasMessage("cannot finish trial 0 of study 'hb': it is already FAIL (no heartbeat for more than"
                        + " 180.0 s; its worker died or stalled); a finished trial never changes");
        assertThat(slow.storage().trial(trial.snapshot().id()).state()).isEqualTo(TrialState.FAIL);
    }

    @Test
    void aRetryChainStopsAfterMaxRetries() {
        String url = newUrl();
        worker(url, 1).ask();
        clock.advance(GRACE.plusSeconds(1));
        Trial firstRetry = worker(url, 1).ask();
        assertThat(firstRetry.number()).isEqualTo(1);
        clock.advance(GRACE.plusSeconds(1));
        Study last = worker(url, 1);
        Trial fresh = last.ask();
        assertThat(fresh.number()).isEqualTo(2);
        assertThat(last.storage().trial(fresh.snapshot().id()).systemAttributes())
                .doesNotContainKey("retry_of");
        assertThat(last.trials())
                .extracting(FrozenTrial::state)
                .containsExactly(TrialState.FAIL, TrialState.FAIL, TrialState.RUNNING);
    }

    @Test
    void aWorkerBeatsForItsRunningTrialsUntilTheyFinish() throws Exception {
        String url = newUrl();
        JdbcStorage storage = open(url);
        Study study = Study.builder()
                .name("beats")
                .storage(storage)
                .clock(clock)
                .heartbeat(Duration.ofMillis(20), GRACE)
                .create();
        Trial trial = study.ask();
        clock.advance(Duration.ofSeconds(7));
        Instant expected = clock.instant();
        awaitTrue(() -> expected.equals(storage.lastHeartbeat(trial.snapshot().id())));
        study.tell(trial, 1.0);
        assertThat(storage.recordHeartbeat(trial.snapshot().id(), clock.instant()))
                .as("no beat after finishing")
                .isFalse();
    }

    @Test
    void racingReapersFailEachStaleTrialOnceWithOneRetry() throws Exception {
        String url = newUrl();
        List<JdbcStorage> storages = List.of(open(url), open(url), open(url));
        long study = storages.get(0)
                .createStudy("race", List.of(Direction.MINIMIZE), Instant.now())
                .id();
        Instant start = Instant.parse("2026-03-01T12:00:00Z");
        for (int i = 0; i < 30; i++) {
            storages.get(0).createTrial(study, TrialState.RUNNING, Map.of(), start);
        }
        List<FrozenTrial> failed = Collections.synchronizedList(new ArrayList<>());
        JdbcBehaviour.runConcurrently(
                6,
                i -> failed.addAll(storages.get(i % 3)
                        .failStaleTrials(
                                study,
                                start.plus(GRACE).plusSeconds(1),
                                GRACE,
                                "stale",
                                t -> Map.of("retry_of", t.number()))));
        assertThat(failed).hasSize(30).extracting(FrozenTrial::number).doesNotHaveDuplicates();
        Storage reader = storages.get(1);
        List<FrozenTrial> all = reader.trials(study);
        assertThat(all).hasSize(60);
        assertThat(all.subList(0, 30)).allSatisfy(t -> assertThat(t.state()).isEqualTo(TrialState.FAIL));
        assertThat(all.subList(30, 60))
                .allSatisfy(t -> assertThat(t.state()).isEqualTo(TrialState.WAITING))
                .extracting(t -> ((Number) t.systemAttributes().get("retry_of")).intValue())
                .containsExactlyInAnyOrderElementsOf(
                        java.util.stream.IntStream.range(0, 30).boxed().toList());
    }

    @Test
    void aRecentHeartbeatKeepsATrialAlive() {
        JdbcStorage s = open(newUrl());
        long study = s.createStudy("alive", List.of(Direction.MINIMIZE), clock.instant())
                .id();
        FrozenTrial t = s.createTrial(study, TrialState.RUNNING, Map.of(), clock.instant());
        clock.advance(GRACE.minusSeconds(1));
        assertThat(s.recordHeartbeat(t.id(), clock.instant())).isTrue();
        clock.advance(GRACE.minusSeconds(1));
        assertThat(s.failStaleTrials(study, clock.instant(), GRACE, "stale", x -> null))
                .isEmpty();
        clock.advance(Duration.ofSeconds(2));
        assertThat(s.failStaleTrials(study, clock.instant(), GRACE, "stale", x -> null))
                .extracting(FrozenTrial::id)
                .containsExactly(t.id());
    }

    /** Polls a condition that another thread makes true, failing after ten seconds. */
    static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within 10 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
