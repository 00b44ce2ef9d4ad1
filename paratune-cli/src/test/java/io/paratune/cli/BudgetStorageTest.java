package io.paratune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.paratune.Direction;
import io.paratune.Study;
import io.paratune.Trial;
import io.paratune.TrialState;
import io.paratune.storage.jdbc.JdbcStorage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage as a run sees it, beyond the budget: the heartbeats of this process's own trials. */
class BudgetStorageTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @TempDir
    Path dir;

    /**
     * The storage was unreachable for a minute, longer than the heartbeat grace: no heartbeat was
     * recorded meanwhile, and one held up by the outage lands late with the time it was due. The
     * next ask fails the trial of a process that died, and never a trial this process still runs.
     */
    @Test
    void afterAnOutageAnAskFailsOnlyTrialsOfOtherProcessesAsLost() {
        String url = "sqlite:" + dir.resolve("paratune.db");
        TestClock clock = new TestClock(T0);
        try (JdbcStorage storage = JdbcStorage.open(url)) {
            BudgetStorage budget = new BudgetStorage(storage, 10);
            Study study = Study.builder().name("own").storage(budget).directions(Direction.MINIMIZE)
                    .heartbeat(Duration.ofSeconds(10), Duration.ofSeconds(20)).maxRetries(1).clock(clock).create();
            Trial a = study.askNew();
            Trial b = study.askNew();
            int lostNumber;
            try (JdbcStorage otherProcess = JdbcStorage.open(url)) {
                Study other = Study.builder().name("own").storage(new BudgetStorage(otherProcess, 10))
                        .directions(Direction.MINIMIZE).clock(clock).load();
                lostNumber = other.askNew().number(); // and that process dies
            }

            clock.now.set(T0.plusSeconds(60));
            assertThat(budget.recordHeartbeat(a.snapshot().id(), T0.plusSeconds(5))).as("a late heartbeat").isTrue();
            Trial next = study.askEnqueued().orElseThrow(); // fails the stale trials, claims the re-run

            assertThat(storage.trial(a.snapshot().id()).state()).isEqualTo(TrialState.RUNNING);
            assertThat(storage.trial(b.snapshot().id()).state()).isEqualTo(TrialState.RUNNING);
            assertThat(storage.trialByNumber(study.id(), lostNumber).orElseThrow().state())
                    .isEqualTo(TrialState.FAIL);
            assertThat(next.snapshot().systemAttributes()).containsEntry("retry_of", lostNumber);

            assertThat(budget.recordHeartbeat(b.snapshot().id(), T0.plusSeconds(5))).as("another late heartbeat").isTrue();
            assertThat(storage.lastBeats(study.id())).as("a late heartbeat does not move one back")
                    .containsEntry(a.number(), T0.plusSeconds(60)).containsEntry(b.number(), T0.plusSeconds(60));
        }
    }
}
