package io.paratune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paratune.execution.DevicePool;
import io.paratune.sampler.AutoSampler;
import io.paratune.sampler.RandomSampler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StudyOptimizeTest {

    private static Study newStudy() {
        return Study.builder().sampler(RandomSampler.seeded(1)).create();
    }

    private static double quadratic(Trial t) {
        double x = t.suggestFloat("x", -10, 10);
        int n = t.suggestInt("n", 1, 100, true);
        return x * x + n;
    }

    @Test
    void aStudyWithoutASamplerUsesTheAutoSamplerAndModelsTheObjective() {
        Study study = Study.builder().create();
        study.optimize(
                t -> {
                    double x = t.suggestFloat("x", -5, 5);
                    return (x - 1.7) * (x - 1.7);
                },
                24,
                1);
        List<FrozenTrial> trials = study.trials();
        assertThat(trials)
                .allSatisfy(t -> assertThat(t.systemAttributes()).containsEntry(AutoSampler.SAMPLER_KEY, "gp"));
        assertThat(study.bestTrial().value())
                .as("the GP after 24 trials, far below random search's typical 1e-2")
                .isLessThan(1e-4);
    }

    @Test
    void parallelOptimizeRunsExactlyTheRequestedTrialsNumberedDensely() {
        Study study = newStudy();
        study.optimize(StudyOptimizeTest::quadratic, 300, 8);
        assertThat(study.trials()).hasSize(300);
        assertThat(study.trials().stream().mapToInt(FrozenTrial::number))
                .containsExactlyElementsOf(IntStream.range(0, 300).boxed().toList());
        assertThat(study.trials()).allMatch(t -> t.state() == TrialState.COMPLETE);
        assertThat(study.bestValue()).isLessThan(20);
    }

    @Test
    void concurrentTrialsNeverShareADevice() {
        Study study = newStudy();
        Set<String> inUse = ConcurrentHashMap.newKeySet();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        AtomicInteger concurrent = new AtomicInteger();
        List<List<String>> seen = Collections.synchronizedList(new ArrayList<>());
        study.optimize(
                t -> {
                    maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                    seen.add(t.devices());
                    for (String d : t.devices()) {
                        if (!inUse.add(d)) {
                            overlaps.incrementAndGet();
                        }
                    }
                    Thread.onSpinWait();
                    double v = quadratic(t);
                    t.devices().forEach(inUse::remove);
                    concurrent.decrementAndGet();
                    return v;
                },
                OptimizeOptions.builder()
                        .trials(200)
                        .parallelism(6)
                        .devices(DevicePool.ofIndices(4, 2))
                        .build());
        assertThat(overlaps).hasValue(0);
        assertThat(maxConcurrent.get()).isLessThanOrEqualTo(2);
        assertThat(seen).hasSize(200).allMatch(d -> d.size() == 2 && new HashSet<>(d).size() == 2);
        assertThat(seen.stream().flatMap(List::stream).distinct()).containsExactlyInAnyOrder("0", "1", "2", "3");
    }

    @Test
    void enqueuedParamsRunFirstAndOtherParamsAreSampled() {
        Study study = newStudy();
        study.enqueue(Map.of("x", 1.5, "n", 7));
        study.enqueue(Map.of("x", -2.0));
        study.optimize(StudyOptimizeTest::quadratic, 5, 2);
        List<FrozenTrial> trials = study.trials();
        assertThat(trials).hasSize(5);
        assertThat(trials.get(0).params()).containsEntry("x", 1.5).containsEntry("n", 7L);
        assertThat(trials.get(1).params()).containsEntry("x", -2.0).containsKey("n");
        assertThat(trials.get(0).value()).isEqualTo(1.5 * 1.5 + 7);
    }

    @Test
    void enqueuedValueOutsideTheRangeFailsOnlyThatTrialWithAMessage() {
        Study study = newStudy();
        study.enqueue(Map.of("x", 99.0));
        study.optimize(StudyOptimizeTest::quadratic, 3);
        FrozenTrial first = study.trials().get(0);
        assertThat(first.state()).isEqualTo(TrialState.FAIL);
        assertThat(first.failureMessage()).contains("'x'", "99.0", "[-10.0, 10.0]");
        assertThat(study.trials(TrialState.COMPLETE)).hasSize(2);
    }

    @Test
    void failuresAreRecordedWithTheirMessagesAndTheStudyGoesOn() {
        Study study = newStudy();
        study.optimize(
                t -> {
                    double v = quadratic(t);
                    if (t.number() % 3 == 0) {
                        throw new IllegalStateException("diverged at trial " + t.number());
                    }
                    return t.number() % 3 == 1 ? Double.NaN : v;
                },
                9,
                3);
        Map<TrialState, List<FrozenTrial>> byState = new java.util.EnumMap<>(TrialState.class);
        study.trials()
                .forEach(t -> byState.computeIfAbsent(t.state(), s -> new ArrayList<>())
                        .add(t));
        assertThat(byState.get(TrialState.FAIL)).hasSize(6);
        assertThat(byState.get(TrialState.COMPLETE)).hasSize(3);
        FrozenTrial thrown = study.trials().get(3);
        assertThat(thrown.failureMessage()).contains("IllegalStateException", "diverged at trial 3");
        assertThat(study.trials().get(4).failureMessage()).contains("NaN");
        assertThat(thrown.params()).containsKeys("x", "n");
    }

    @Test
    void stopOnFailureEndsTheStudyWithTheObjectivesException() {
        Study study = newStudy();
        assertThatThrownBy(() -> study.optimize(
                        t -> {
                            if (t.number() == 2) {
                                throw new java.io.IOException("disk full");
                            }
                            return quadratic(t);
                        },
                        OptimizeOptions.builder().trials(50).stopOnFailure(true).build()))
                .isInstanceOf(ObjectiveFailedException.class)
                .hasMessageContaining("trial 2")
                .hasMessageContaining("disk full")
                .hasCauseInstanceOf(java.io.IOException.class);
        assertThat(study.trials()).hasSize(3);
    }

    @Test
    void wrongNumberOfValuesFailsTheTrial() {
        Study study = Study.builder()
                .directions(Direction.MINIMIZE, Direction.MAXIMIZE)
                .create();
        study.optimizeMulti(
                t -> t.number() == 0 ? new double[] {1} : new double[] {t.suggestFloat("x", 0, 1), 2},
                OptimizeOptions.builder().trials(3).build());
        assertThat(study.trials().get(0).state()).isEqualTo(TrialState.FAIL);
        assertThat(study.trials().get(0).failureMessage()).contains("1 value for 2 directions");
        assertThat(study.trials(TrialState.COMPLETE)).hasSize(2);
    }

    @Test
    void interruptingOptimizeLeavesNoTrialRunning() throws Exception {
        Study study = newStudy();
        CountDownLatch started = new CountDownLatch(2);
        CountDownLatch never = new CountDownLatch(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            try {
                study.optimize(
                        t -> {
                            quadratic(t);
                            started.countDown();
                            never.await();
                            return 0;
                        },
                        100,
                        2);
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        runner.start();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        runner.interrupt();
        runner.join(10_000);
        assertThat(runner.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(StudyInterruptedException.class);
        assertThat(study.trials()).isNotEmpty().noneMatch(t -> t.state() == TrialState.RUNNING);
        assertThat(study.trials(TrialState.FAIL)).isNotEmpty();
    }

    @Test
    void timeoutStopsStartingTrials() {
        ManualClock clock = new ManualClock();
        Study study =
                Study.builder().sampler(RandomSampler.seeded(3)).clock(clock).create();
        study.optimize(
                t -> {
                    clock.advance(Duration.ofSeconds(1));
                    return quadratic(t);
                },
                OptimizeOptions.builder().timeout(Duration.ofSeconds(10)).build());
        assertThat(study.trials()).hasSize(10);
    }

    @Test
    void callbacksSeeEveryFinishedTrialAndMayStopTheStudy() {
        Study study = newStudy();
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        study.optimize(
                StudyOptimizeTest::quadratic,
                OptimizeOptions.builder()
                        .trials(100)
                        .callback((s, t) -> seen.add(t.number()))
                        .callback((s, t) -> {
                            throw new IllegalStateException("a broken callback is only logged");
                        })
                        .callback((s, t) -> {
                            if (t.number() == 9) {
                                s.stop();
                            }
                        })
                        .build());
        assertThat(seen)
                .containsExactlyElementsOf(IntStream.range(0, 10).boxed().toList());
        assertThat(study.trials()).hasSize(10);
        study.optimize(StudyOptimizeTest::quadratic, 2);
        assertThat(study.trials()).as("a new optimize starts again after stop").hasSize(12);
    }

    @Test
    void prunedTrialKeepsItsLastIntermediateValue() {
        Study study = newStudy();
        study.optimize(
                t -> {
                    t.report(0, 5.0);
                    t.report(1, 4.0);
                    throw new TrialPrunedException();
                },
                1);
        FrozenTrial t = study.trials().get(0);
        assertThat(t.state()).isEqualTo(TrialState.PRUNED);
        assertThat(t.value()).isEqualTo(4.0);
        assertThat(t.intermediateValues()).containsEntry(0, 5.0).containsEntry(1, 4.0);
    }

    @Test
    void multiObjectiveOptimizeRequiresItsOwnEntryPoint() {
        Study study = Study.builder()
                .directions(Direction.MINIMIZE, Direction.MINIMIZE)
                .create();
        assertThatThrownBy(() -> study.optimize(StudyOptimizeTest::quadratic, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("optimizeMulti");
    }
}
