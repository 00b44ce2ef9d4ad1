package io.paratune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.paratune.Direction;
import io.paratune.FrozenTrial;
import io.paratune.Study;
import io.paratune.Trial;
import io.paratune.TrialState;
import io.paratune.storage.HeartbeatStorage;
import io.paratune.storage.jdbc.JdbcStorage;
import io.paratune.testkit.ManualClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner's end of a study: it ends only when nothing it could still run is left. */
class StudyRunnerTest {
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @TempDir
    Path dir;

    /**
     * The budget is spent and another process's trial is still RUNNING, its heartbeat not yet stale
     * when the runner looks for a waiting trial; the heartbeat grace runs out just after that look
     * found nothing, so the runner's ask for a new trial fails the lost trial and enqueues its re-run
     * before finding the budget spent. The run must not end with that re-run WAITING.
     */
    @Test
    void aRerunEnqueuedWhileAskingForANewTrialRunsBeforeTheRunEnds() throws Exception {
        Cli.script(dir, "objective.sh", "#!/bin/sh\necho \"paratune: value=$1\"\n");
        StudyConfig config = StudyConfig.load(Cli.write(dir, "study.yaml", """
                name: lost
                storage: sqlite:paratune.db
                search_space:
                  x: {type: float, low: 0, high: 1}
                command: ./objective.sh {x}
                sampler: random
                trials: 1
                heartbeat: {interval: 1s, grace: 3s}
                """));
        ManualClock clock = new ManualClock(T0);
        double x;
        try (JdbcStorage otherProcess = JdbcStorage.open(config.storage())) {
            // another process started the study's one new trial and died with it
            Study other = Study.builder()
                    .name(config.name())
                    .storage(new BudgetStorage(otherProcess, 1))
                    .directions(Direction.MINIMIZE)
                    .clock(clock)
                    .createOrLoad();
            Trial lost = other.askNew();
            x = lost.suggestFloat("x", 0, 1);
        }
        try (JdbcStorage storage = JdbcStorage.open(config.storage())) {
            BudgetStorage budget = new BudgetStorage(storage, 1);
            // time passes the lost trial's heartbeat grace just after a look for a waiting trial found none
            HeartbeatStorage timed = (HeartbeatStorage) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {HeartbeatStorage.class}, (proxy, method, args) -> {
                        Object result;
                        try {
                            result = method.invoke(budget, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                        if (method.getName().equals("claimWaitingTrial") && ((Optional<?>) result).isEmpty()) {
                            clock.set(T0.plusSeconds(10));
                        }
                        return result;
                    });
            clock.set(T0.plusSeconds(1));
            Study study = Study.builder()
                    .name(config.name())
                    .storage(timed)
                    .directions(Direction.MINIMIZE)
                    .sampler(Components.sampler(config.sampler(), config.params(), 1, config.defaultSeed(), 1))
                    .heartbeat(config.heartbeatInterval(), config.heartbeatGrace())
                    .maxRetries(Launch.LOST_TRIAL_RERUNS)
                    .clock(clock)
                    .createOrLoad();
            List<String> notes = new CopyOnWriteArrayList<>();
            StudyRunner runner = new StudyRunner(
                    config,
                    study,
                    budget,
                    1,
                    null,
                    GpuSlots.of(config, "nvidia-smi"),
                    0,
                    new StudyRunner.Reporter() {
                        @Override
                        public void started(int trialNumber, Map<String, Object> params, String device) {}

                        @Override
                        public void finished(FrozenTrial trial, boolean requeued) {}
                    },
                    notes::add,
                    Map.of("PATH", System.getenv("PATH")));
            assertThat(runner.run()).isFalse();

            List<FrozenTrial> trials = storage.trials(study.id());
            assertThat(trials).as("%s", trials).hasSize(2);
            assertThat(trials.get(0).state()).isEqualTo(TrialState.FAIL);
            FrozenTrial rerun = trials.get(1);
            assertThat(rerun.systemAttributes()).as("%s", trials).containsEntry("retry_of", 0);
            assertThat(rerun.state())
                    .as("the re-run ran before the run ended: %s", trials)
                    .isEqualTo(TrialState.COMPLETE);
            assertThat(rerun.params()).isEqualTo(Map.of("x", x));
            assertThat(rerun.values()).containsExactly(x);
        }
    }
}
