package io.paratune.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paratune.Direction;
import io.paratune.DuplicateStudyException;
import io.paratune.FrozenTrial;
import io.paratune.OptimizeOptions;
import io.paratune.Study;
import io.paratune.TrialAlreadyFinishedException;
import io.paratune.TrialState;
import io.paratune.sampler.RandomSampler;
import io.paratune.space.CategoricalDistribution;
import io.paratune.space.FloatDistribution;
import io.paratune.space.IntDistribution;
import io.paratune.storage.StudyInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a JDBC storage adds to the storage contract, run against each dialect: data survives a
 * reopen exactly, and several storages on one database (as several processes would open them)
 * keep trial numbers dense and state changes compare-and-set.
 */
abstract class JdbcBehaviour {
    private static final Instant T0 = Instant.parse("2024-05-01T10:15:30.123456789Z");

    private final List<JdbcStorage> opened = new ArrayList<>();

    /** A URL of a new, empty database. */
    protected abstract String newUrl();

    protected JdbcStorage open(String url) {
        JdbcStorage s = JdbcStorage.open(url);
        opened.add(s);
        return s;
    }

    @AfterEach
    void closeStorages() {
        opened.forEach(JdbcStorage::close);
    }

    @Test
    void everythingSurvivesReopenExactly() {
        String url = newUrl();
        FrozenTrial done;
        FrozenTrial waiting;
        StudyInfo info;
        try (JdbcStorage s = JdbcStorage.open(url)) {
            info = s.createStudy("reopen", List.of(Direction.MINIMIZE, Direction.MAXIMIZE), T0);
            s.setStudyAttribute(info.id(), "space", Map.of("lr", List.of(1e-5, 0.1), "layers", 3));
            s.setStudyAttribute(info.id(), "note", "first");
            s.setStudyAttribute(info.id(), "note", "second");
            FrozenTrial t = s.createTrial(info.id(), TrialState.RUNNING, Map.of("fixed_params", Map.of("x", 0.5)), T0);
            s.setParam(t.id(), "x", 0.5, FloatDistribution.of("x", 0, 1));
            s.setParam(t.id(), "lr", 1e-3, FloatDistribution.logScale("lr", 1e-5, 0.1));
            s.setParam(t.id(), "p", 0.999, FloatDistribution.logitScale("p", 0.01, 0.9999));
            s.setParam(t.id(), "n", 8, new IntDistribution("n", 2, 32, false, 2));
            s.setParam(t.id(), "opt", 2, CategoricalDistribution.of("opt", List.of("sgd", 3L, 0.25, true)));
            s.setIntermediateValue(t.id(), 0, 1.5);
            s.setIntermediateValue(t.id(), 1, Double.NaN);
            s.setIntermediateValue(t.id(), 2, Double.NEGATIVE_INFINITY);
            s.setUserAttribute(t.id(), "seed", 42);
            done = s.finishTrial(t.id(), TrialState.COMPLETE, new double[] {0.1, -2.5e-300}, null, T0.plusNanos(1));
            waiting = s.createTrial(info.id(), TrialState.WAITING, Map.of(), T0);
        }
        try (JdbcStorage s = JdbcStorage.open(url)) {
            assertThat(s.findStudy("reopen")).contains(info);
            assertThat(s.studyAttributes(info.id()))
                    .containsExactly(
                            Map.entry("space", Map.of("lr", List.of(1e-5, 0.1), "layers", 3)),
                            Map.entry("note", "second"));
            assertThat(s.trials(info.id())).containsExactly(done, waiting);
            FrozenTrial reread = s.trial(done.id());
            assertThat(reread.params())
                    .containsExactly(
                            Map.entry("x", 0.5),
                            Map.entry("lr", 1e-3),
                            Map.entry("p", 0.999),
                            Map.entry("n", 8L),
                            Map.entry("opt", 0.25));
            assertThat(reread.distributions().get("p")).isEqualTo(FloatDistribution.logitScale("p", 0.01, 0.9999));
            assertThat(reread.intermediateValues())
                    .containsExactly(
                            Map.entry(0, 1.5), Map.entry(1, Double.NaN), Map.entry(2, Double.NEGATIVE_INFINITY));
            assertThat(reread.started()).isEqualTo(T0);
            assertThat(reread.finished()).isEqualTo(T0.plusNanos(1));
            assertThat(reread.values()).containsExactly(0.1, -2.5e-300);
        }
    }

    @Test
    void trialNumbersStayDenseAcrossStoragesAndThreads() throws Exception {
        String url = newUrl();
        List<JdbcStorage> storages = List.of(open(url), open(url), open(url));
        long study = storages.get(0)
                .createStudy("dense", List.of(Direction.MINIMIZE), T0)
                .id();
        List<Integer> numbers = Collections.synchronizedList(new ArrayList<>());
        runConcurrently(12, i -> {
            JdbcStorage s = storages.get(i % storages.size());
            for (int k = 0; k < 15; k++) {
                FrozenTrial t = s.createTrial(study, TrialState.RUNNING, Map.of(), T0);
                numbers.add(t.number());
                s.finishTrial(t.id(), TrialState.COMPLETE, new double[] {k}, null, T0);
            }
            return null;
        });
        assertThat(numbers).hasSize(180).doesNotHaveDuplicates();
        assertThat(storages.get(1).trials(study))
                .extracting(FrozenTrial::number)
                .containsExactlyElementsOf(IntStream.range(0, 180).boxed().toList());
    }

    @Test
    void onlyOneOfManyRacingWorkersFinishesATrial() throws Exception {
        String url = newUrl();
        List<JdbcStorage> storages = List.of(open(url), open(url));
        long study = storages.get(0)
                .createStudy("race", List.of(Direction.MINIMIZE), T0)
                .id();
        for (int round = 0; round < 5; round++) {
            int round0 = round;
            long trial = storages.get(0)
                    .createTrial(study, TrialState.RUNNING, Map.of(), T0)
                    .id();
            AtomicInteger won = new AtomicInteger();
            List<Throwable> lost = Collections.synchronizedList(new ArrayList<>());
            runConcurrently(8, i -> {
                try {
                    storages.get(i % 2).finishTrial(trial, TrialState.COMPLETE, new double[] {i}, null, T0);
                    won.incrementAndGet();
                } catch (TrialAlreadyFinishedException e) {
                    lost.add(e);
                }
                return null;
            });
            assertThat(won).hasValue(1);
            assertThat(lost)
                    .hasSize(7)
                    .allSatisfy(e -> assertThat(e)
                            .hasMessageContaining("trial " + round0 + " of")
                            .hasMessageContaining("study 'race'")
                            .hasMessageContaining("already COMPLETE"));
        }
    }

    @Test
    void waitingTrialsAreClaimedOnceEachAcrossStorages() throws Exception {
        String url = newUrl();
        List<JdbcStorage> storages = List.of(open(url), open(url));
        long study = storages.get(0)
                .createStudy("claims", List.of(Direction.MINIMIZE), T0)
                .id();
        for (int i = 0; i < 40; i++) {
            storages.get(0).createTrial(study, TrialState.WAITING, Map.of("fixed_params", Map.of("i", i)), T0);
        }
        List<Integer> claimed = Collections.synchronizedList(new ArrayList<>());
        runConcurrently(8, i -> {
            Optional<FrozenTrial> t;
            while ((t = storages.get(i % 2).claimWaitingTrial(study, T0)).isPresent()) {
                assertThat(t.get().state()).isEqualTo(TrialState.RUNNING);
                claimed.add(t.get().number());
            }
            return null;
        });
        assertThat(claimed).hasSize(40).doesNotHaveDuplicates();
        assertThat(storages.get(0).trials(study, EnumSet.of(TrialState.WAITING)))
                .isEmpty();
    }

    @Test
    void sequenceValuesAreHandedOutOnceAcrossStorages() throws Exception {
        String url = newUrl();
        List<JdbcStorage> storages = List.of(open(url), open(url));
        long study = storages.get(0)
                .createStudy("seq", List.of(Direction.MINIMIZE), T0)
                .id();
        List<Long> values = Collections.synchronizedList(new ArrayList<>());
        runConcurrently(8, i -> {
            for (int k = 0; k < 20; k++) {
                values.add(storages.get(i % 2).nextSequenceValue(study, "grid"));
            }
            return null;
        });
        assertThat(values)
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.range(0, 160).mapToObj(k -> (long) k).toList());
        assertThat(storages.get(1).nextSequenceValue(study, "other")).isZero();
    }

    @Test
    void aStudyNameIsTakenOnceAcrossStorages() {
        String url = newUrl();
        open(url).createStudy("taken", List.of(Direction.MINIMIZE), T0);
        assertThatThrownBy(() -> open(url).createStudy("taken", List.of(Direction.MAXIMIZE), T0))
                .isInstanceOf(DuplicateStudyException.class)
                .hasMessageContaining("'taken' already exists");
    }

    @Test
    void emptyAndOverlongStudyNamesAreRefused() {
        JdbcStorage s = open(newUrl());
        assertThatThrownBy(() -> s.createStudy(" ", List.of(Direction.MINIMIZE), T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is empty");
        String longName = "n".repeat(JdbcStorage.MAX_STUDY_NAME_LENGTH + 1);
        assertThatThrownBy(() -> s.createStudy(longName, List.of(Direction.MINIMIZE), T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("513 characters long; the limit is 512");
        assertThat(s.createStudy("n".repeat(512), List.of(Direction.MINIMIZE), T0)
                        .name())
                .hasSize(512);
    }

    @Test
    void parallelOptimizeRunsExactlyTheAskedTrialsWithDenseNumbers() {
        String url = newUrl();
        JdbcStorage s = open(url);
        Study study = Study.builder()
                .name("e2e")
                .storage(s)
                .sampler(RandomSampler.seeded(7))
                .create();
        study.optimize(
                trial -> {
                    double x = trial.suggestFloat("x", -5, 5);
                    long n = trial.suggestInt("n", 1, 4);
                    String kind = trial.suggestCategorical("kind", List.of("a", "b"));
                    return x * x + n + (kind.equals("a") ? 0 : 1);
                },
                OptimizeOptions.builder().trials(60).parallelism(8).build());
        Study loaded = Study.builder().name("e2e").storage(open(url)).load();
        List<FrozenTrial> trials = loaded.trials();
        assertThat(trials).hasSize(60).allSatisfy(t -> assertThat(t.state()).isEqualTo(TrialState.COMPLETE));
        assertThat(trials)
                .extracting(FrozenTrial::number)
                .containsExactlyElementsOf(IntStream.range(0, 60).boxed().toList());
        assertThat(loaded.bestValue())
                .isEqualTo(trials.stream().mapToDouble(FrozenTrial::value).min().orElseThrow());
    }

    @Test
    void aDatabaseErrorNamesTheOperationTheStudyAndTheStorage() throws Exception {
        JdbcStorage s = open(newUrl());
        long study = s.createStudy("broken", List.of(Direction.MINIMIZE), T0).id();
        try (java.sql.Connection c = s.database().unpooledDataSource().getConnection();
                java.sql.Statement st = c.createStatement()) {
            st.execute("DROP TABLE paratune_trial_attribute");
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
        assertThatThrownBy(() -> s.createTrial(study, TrialState.RUNNING, Map.of("k", 1), T0))
                .isInstanceOf(io.paratune.StorageException.class)
                .hasMessageStartingWith("create a trial in study 'broken' failed on " + s.url() + ": ")
                .hasMessageContaining("paratune_trial_attribute")
                .hasCauseInstanceOf(java.sql.SQLException.class);
    }

    // ---- write-behind of the parameters of trials a storage started ----

    @Test
    void parametersOfARunningTrialReachOtherStoragesWithoutAnotherCallOfItsWorker() throws Exception {
        String url = newUrl();
        JdbcStorage owner = open(url);
        JdbcStorage other = open(url);
        long study =
                owner.createStudy("behind", List.of(Direction.MINIMIZE), T0).id();
        FrozenTrial t = owner.startTrial(study, T0);
        owner.setParam(t.id(), "x", 0.25, FloatDistribution.of("x", 0, 1));
        owner.setParam(t.id(), "n", 3, IntDistribution.of("n", 0, 5));

        Map<String, Double> seen = awaitParams(other, t.id(), 2);

        assertThat(seen).containsExactly(Map.entry("x", 0.25), Map.entry("n", 3.0));
        assertThat(other.trial(t.id()).state()).isEqualTo(TrialState.RUNNING);
    }

    @Test
    void aTrialFinishedRightAfterItsSuggestionsIsStoredWithEveryParameterInOrder() throws Exception {
        String url = newUrl();
        JdbcStorage owner = open(url);
        JdbcStorage other = open(url);
        long study = owner.createStudy("quick", List.of(Direction.MINIMIZE), T0).id();
        FrozenTrial t = owner.startTrial(study, T0);
        owner.setParam(t.id(), "a", 0.5, FloatDistribution.of("a", 0, 1));
        awaitParams(other, t.id(), 1); // "a" written by the timer, the others with the finish
        owner.setParam(t.id(), "b", 1, IntDistribution.of("b", 0, 3));
        owner.setParam(t.id(), "c", 0, CategoricalDistribution.of("c", List.of("p", "q")));

        FrozenTrial done = owner.finishTrial(t.id(), TrialState.COMPLETE, new double[] {1.5}, null, T0.plusSeconds(1));

        assertThat(done.params()).containsExactly(Map.entry("a", 0.5), Map.entry("b", 1L), Map.entry("c", "p"));
        assertThat(other.trial(t.id())).isEqualTo(done);
        try (JdbcStorage reopened = JdbcStorage.open(url)) {
            assertThat(reopened.trial(t.id())).isEqualTo(done);
        }
    }

    @Test
    void aKeptParameterIsCheckedAtOnceAndReadBackByItsOwnStorage() {
        JdbcStorage owner = open(newUrl());
        long study = owner.createStudy("own", List.of(Direction.MINIMIZE), T0).id();
        FrozenTrial t = owner.startTrial(study, T0);
        FloatDistribution x = FloatDistribution.of("x", 0, 1);
        owner.setParam(t.id(), "x", 0.25, x);

        assertThatThrownBy(() -> owner.setParam(t.id(), "x", 0.5, x))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("'x'", "trial 0");
        assertThat(owner.trial(t.id()).internalParams()).containsExactly(Map.entry("x", 0.25));
        assertThat(owner.trials(study))
                .singleElement()
                .satisfies(read -> assertThat(read.internalParams()).containsExactly(Map.entry("x", 0.25)));
    }

    @Test
    void aFinishOfATrialAnotherWorkerFailedMeanwhileIsRefusedAndLaterWritesToo() {
        String url = newUrl();
        JdbcStorage owner = open(url);
        JdbcStorage other = open(url);
        long study =
                owner.createStudy("failed", List.of(Direction.MINIMIZE), T0).id();
        FrozenTrial t = owner.startTrial(study, T0);
        owner.setParam(t.id(), "x", 0.25, FloatDistribution.of("x", 0, 1));
        other.finishTrial(t.id(), TrialState.FAIL, null, "no heartbeat", T0.plusSeconds(1));

        assertThatThrownBy(
                        () -> owner.finishTrial(t.id(), TrialState.COMPLETE, new double[] {1}, null, T0.plusSeconds(2)))
                .isInstanceOf(TrialAlreadyFinishedException.class);
        assertThatThrownBy(() -> owner.setParam(t.id(), "y", 0.5, FloatDistribution.of("y", 0, 1)))
                .isInstanceOf(TrialAlreadyFinishedException.class);
        FrozenTrial read = other.trial(t.id());
        assertThat(read.state()).isEqualTo(TrialState.FAIL);
        assertThat(read.failureMessage()).isEqualTo("no heartbeat");
        assertThat(read.internalParams()).doesNotContainKey("y");
    }

    @Test
    void deletingAStudyDropsTheKeptParametersOfItsRunningTrials() {
        JdbcStorage owner = open(newUrl());
        long doomed =
                owner.createStudy("doomed", List.of(Direction.MINIMIZE), T0).id();
        long kept = owner.createStudy("kept", List.of(Direction.MINIMIZE), T0).id();
        FrozenTrial abandoned = owner.startTrial(doomed, T0);
        FrozenTrial running = owner.startTrial(kept, T0);
        owner.setParam(abandoned.id(), "x", 0.25, FloatDistribution.of("x", 0, 1));
        owner.setParam(running.id(), "y", 0.5, FloatDistribution.of("y", 0, 1));
        assertThat(owner.keptParameterTrials()).isEqualTo(2);

        owner.deleteStudy(doomed);

        assertThat(owner.keptParameterTrials()).isEqualTo(1);
        owner.setParam(running.id(), "z", 0.75, FloatDistribution.of("z", 0, 1));
        assertThat(owner.finishTrial(running.id(), TrialState.COMPLETE, new double[] {1}, null, T0.plusSeconds(1))
                        .internalParams())
                .containsOnlyKeys("y", "z");
        assertThat(owner.keptParameterTrials()).isZero();
    }

    @Test
    void withoutADelayEveryParameterIsWrittenAtOnce() {
        String url = newUrl();
        JdbcStorage owner =
                JdbcStorage.open(StorageUrl.parse(url), Settings.DEFAULTS.withParamWriteDelay(java.time.Duration.ZERO));
        opened.add(owner);
        JdbcStorage other = open(url);
        long study =
                owner.createStudy("direct", List.of(Direction.MINIMIZE), T0).id();
        FrozenTrial t = owner.startTrial(study, T0);
        owner.setParam(t.id(), "x", 0.25, FloatDistribution.of("x", 0, 1));

        assertThat(other.trial(t.id()).internalParams()).containsExactly(Map.entry("x", 0.25));
    }

    /** Reads a trial through {@code storage} until it has {@code count} parameters (at most 10 s). */
    private static Map<String, Double> awaitParams(JdbcStorage storage, long trialId, int count)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Map<String, Double> seen = storage.trial(trialId).internalParams();
        while (seen.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5); // polling interval: the owner's timer writes them in the background
            seen = storage.trial(trialId).internalParams();
        }
        return seen;
    }

    /** Runs {@code n} tasks at once (released together) and rethrows the first failure. */
    static void runConcurrently(int n, IndexedTask task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                Callable<Object> c = () -> {
                    start.await();
                    return task.run(index);
                };
                futures.add(pool.submit(c));
            }
            start.countDown();
            for (Future<Object> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A task that knows its index among concurrent tasks. */
    interface IndexedTask {
        Object run(int index) throws Exception;
    }
}
