package io.paratune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paratune.execution.DevicePool;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The one trial loop with its two seams, a {@link TrialRunner} and a {@link TrialBudget}. */
class TrialLoopTest {

    /** A runner of the kind a launcher writes: it records each trial's end itself. */
    private static TrialRunner telling(Study study, List<List<String>> devicesSeen) {
        return (trial, devices) -> {
            devicesSeen.add(devices);
            return study.tell(trial, trial.suggestFloat("x", 0, 1));
        };
    }

    @Test
    void aRunnerRunsExactlyTheLocalBudgetOnEveryWorkerWithItsOwnDevices() throws Exception {
        Study study = Study.builder().create();
        List<List<String>> seen = new CopyOnWriteArrayList<>();
        TrialLoop.builder(study, telling(study, seen))
                .options(OptimizeOptions.builder()
                        .trials(12)
                        .parallelism(3)
                        .devices(DevicePool.ofIndices(3, 1))
                        .build())
                .build()
                .run();
        assertThat(study.trials(TrialState.COMPLETE)).hasSize(12);
        assertThat(seen).hasSize(12).allMatch(d -> d.size() == 1);
    }

    @Test
    void aBudgetDecidesWhichTrialsStartAndWhenTheWorkersEnd() throws Exception {
        Study study = Study.builder().create();
        AtomicInteger looks = new AtomicInteger();
        TrialBudget firstFiveOnly = new TrialBudget() {
            @Override
            public Optional<Trial> start(Study s, List<String> devices) {
                return s.trials().size() < 5 ? Optional.of(s.ask()) : Optional.empty();
            }

            @Override
            public boolean awaitMore(Loop loop) {
                return looks.incrementAndGet() < 3; // look twice more, then end
            }
        };
        TrialLoop.builder(study, telling(study, new CopyOnWriteArrayList<>()))
                .budget(firstFiveOnly)
                .build()
                .run();
        assertThat(study.trials()).hasSize(5);
        assertThat(looks).hasValue(3);
    }

    @Test
    void aWaitingBudgetChecksOnlyWhileNoneOfTheLoopsOwnTrialsRuns() throws Exception {
        Study study = Study.builder().create();
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean sawBusyTrial = new AtomicBoolean();
        AtomicBoolean ranWhenIdle = new AtomicBoolean();
        TrialRunner slowFirst = (trial, devices) -> {
            if (trial.number() == 0) {
                release.await(10, TimeUnit.SECONDS);
            }
            return study.tell(trial, 1.0);
        };
        AtomicBoolean taken = new AtomicBoolean();
        TrialBudget one = new TrialBudget() {
            @Override
            public Optional<Trial> start(Study s, List<String> devices) {
                return taken.compareAndSet(false, true) ? Optional.of(s.ask()) : Optional.empty();
            }

            @Override
            public boolean awaitMore(Loop loop) throws InterruptedException {
                Optional<Boolean> idle = loop.whenIdle(
                        () -> {
                            assertThat(study.trials(TrialState.RUNNING)).isEmpty();
                            return true;
                        },
                        Duration.ofMillis(50));
                if (idle.isEmpty()) {
                    sawBusyTrial.set(true);
                    release.countDown();
                    return true;
                }
                ranWhenIdle.set(true);
                return false;
            }
        };
        TrialLoop.builder(study, slowFirst)
                .budget(one)
                .options(OptimizeOptions.builder().parallelism(2).build())
                .build()
                .run();
        assertThat(sawBusyTrial).isTrue();
        assertThat(ranWhenIdle).isTrue();
        assertThat(study.trials(TrialState.COMPLETE)).hasSize(1);
    }

    @Test
    void stopTellsTheRunnerToStopItsTrialsAndStartsNoMore() throws Exception {
        Study study = Study.builder().create();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        TrialRunner stoppable = new TrialRunner() {
            @Override
            public FrozenTrial run(Trial trial, List<String> devices) throws InterruptedException {
                running.countDown();
                stopped.await(10, TimeUnit.SECONDS);
                return study.fail(trial, "stopped");
            }

            @Override
            public void stopRunning() {
                stopped.countDown();
            }
        };
        TrialLoop loop = TrialLoop.builder(study, stoppable).build();
        Thread runner = new Thread(() -> {
            try {
                loop.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        runner.start();
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        loop.stop();
        assertThat(loop.awaitFinished(Duration.ofSeconds(10))).isTrue();
        assertThat(loop.stopped()).isTrue();
        assertThat(study.trials()).hasSize(1).allMatch(t -> t.state() == TrialState.FAIL);
    }

    @Test
    void finishRunningEndsTheLoopAfterTheRunningTrialsWithoutStoppingThem() throws Exception {
        Study study = Study.builder().create();
        AtomicBoolean stopCalled = new AtomicBoolean();
        TrialLoop[] loop = new TrialLoop[1];
        TrialRunner runner = new TrialRunner() {
            @Override
            public FrozenTrial run(Trial trial, List<String> devices) {
                if (trial.number() == 2) {
                    loop[0].finishRunning();
                }
                return study.tell(trial, 1.0);
            }

            @Override
            public void stopRunning() {
                stopCalled.set(true);
            }
        };
        loop[0] = TrialLoop.builder(study, runner).build();
        loop[0].run();
        assertThat(study.trials(TrialState.COMPLETE)).hasSize(3);
        assertThat(stopCalled).isFalse();
        assertThat(loop[0].stopped()).isFalse();
    }

    @Test
    void anExhaustedSamplerEndsTheLoopAndSaysSo() throws Exception {
        Study study = Study.builder()
                .sampler(io.paratune.sampler.GridSampler.of(java.util.Map.of("x", List.of(1, 2, 3))))
                .create();
        TrialLoop loop = TrialLoop.builder(study, (trial, devices) -> study.tell(trial, trial.suggestInt("x", 1, 3)))
                .build();
        loop.run();
        assertThat(loop.exhausted()).isTrue();
        assertThat(study.trials(TrialState.COMPLETE)).hasSize(3);
        assertThatThrownBy(loop::run).isInstanceOf(IllegalStateException.class).hasMessageContaining("ran already");
    }

    @Test
    void aRunnerFailureEndsTheLoopAndReachesTheCaller() {
        Study study = Study.builder().create();
        TrialLoop loop = TrialLoop.builder(study, (trial, devices) -> {
                    throw new IllegalStateException("the storage went away");
                })
                .options(OptimizeOptions.builder().trials(5).parallelism(2).build())
                .build();
        assertThatThrownBy(loop::run).isInstanceOf(IllegalStateException.class).hasMessage("the storage went away");
        assertThat(study.trials().size()).isLessThanOrEqualTo(2);
    }
}
