package io.paratune.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.paratune.Direction;
import io.paratune.DuplicateStudyException;
import io.paratune.FrozenTrial;
import io.paratune.ParatuneException;
import io.paratune.StudyNotFoundException;
import io.paratune.SystemAttributes;
import io.paratune.TrialAlreadyFinishedException;
import io.paratune.TrialState;
import io.paratune.space.CategoricalDistribution;
import io.paratune.space.Distribution;
import io.paratune.space.FloatDistribution;
import io.paratune.space.IntDistribution;
import io.paratune.storage.Storage;
import io.paratune.storage.StudyInfo;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Storage} fulfils, as one test suite that each implementation runs by
 * extending this class and implementing {@link #newStorage()}. It uses only the {@code Storage}
 * interface, so it holds for the in-memory storage and for durable ones alike: attribute numbers
 * are compared by value (a JSON storage may return {@code 7} as a {@code Long}), distributions by
 * name and range, and times are whole milliseconds.
 */
public abstract class StorageContract {

    /** Parallel workers in the concurrency tests. */
    protected static final int THREADS = 8;

    protected static final Instant T0 = Instant.parse("2024-05-01T10:00:00.123Z");
    protected static final Instant T1 = Instant.parse("2024-05-01T10:00:01.456Z");
    protected static final Instant T2 = Instant.parse("2024-05-01T10:00:02.789Z");

    private static final Set<TrialState> ALL = EnumSet.allOf(TrialState.class);

    protected Storage storage;

    /** A new, empty storage; called before each test and closed after it. */
    protected abstract Storage newStorage();

    @BeforeEach
    public void openStorage() {
        storage = newStorage();
    }

    @AfterEach
    public void closeStorage() {
        if (storage != null) {
            storage.close();
        }
    }

    // ---- helpers ----

    private StudyInfo newStudy(String name) {
        return storage.createStudy(name, List.of(Direction.MINIMIZE), T0);
    }

    private FrozenTrial running(StudyInfo study) {
        return storage.createTrial(study.id(), TrialState.RUNNING, Map.of(), T0);
    }

    private FrozenTrial waiting(StudyInfo study) {
        return storage.createTrial(study.id(), TrialState.WAITING, Map.of(), T0);
    }

    private FrozenTrial finished(StudyInfo study, TrialState state) {
        FrozenTrial t = running(study);
        return storage.finishTrial(t.id(), state, state == TrialState.COMPLETE ? new double[] {1} : null, null, T1);
    }

    /** An id no study has. */
    private long unknownStudyId() {
        long max = storage.studies().stream().mapToLong(StudyInfo::id).max().orElse(0);
        return max + 1_000_000;
    }

    private static List<Integer> numbers(List<FrozenTrial> trials) {
        return trials.stream().map(FrozenTrial::number).toList();
    }

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    /** Whether two JSON-like values are equal, comparing numbers by value whatever their type. */
    protected static boolean jsonEquals(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return decimal(x).compareTo(decimal(y)) == 0;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!jsonEquals(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (!x.keySet().equals(y.keySet())) {
                return false;
            }
            for (Object key : x.keySet()) {
                if (!jsonEquals(x.get(key), y.get(key))) {
                    return false;
                }
            }
            return true;
        }
        return a == null ? b == null : a.equals(b);
    }

    private static BigDecimal decimal(Number n) {
        return n instanceof Double || n instanceof Float
                ? new BigDecimal(n.doubleValue())
                : new BigDecimal(n.toString());
    }

    private static void assertJson(Object actual, Object expected) {
        assertThat(jsonEquals(actual, expected))
                .as("JSON value %s, expected %s", actual, expected)
                .isTrue();
    }

    /** Tries to change a returned value; a storage may refuse or ignore it, but must not store it. */
    private static void tryToChange(Runnable change) {
        try {
            change.run();
        } catch (UnsupportedOperationException expected) {
            // refusing is the usual way
        }
    }

    private static void assertSameDistribution(Distribution actual, Distribution expected) {
        assertThat(actual.name()).isEqualTo(expected.name());
        assertThat(actual.sameRange(expected))
                .as("%s has the range of %s", actual, expected)
                .isTrue();
    }

    /**
     * Runs {@code task(i)} for {@code i} in {@code 0..threads-1} on as many threads, all released at
     * once, and returns their results in order of {@code i}.
     */
    protected static <T> List<T> concurrently(int threads, IntFunction<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int worker = i;
                Callable<T> call = () -> {
                    ready.countDown();
                    go.await();
                    return task.apply(worker);
                };
                futures.add(pool.submit(call));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS))
                    .as("all workers started")
                    .isTrue();
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                try {
                    results.add(f.get(60, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- finished trials added whole ----

    private static final FloatDistribution ADDED_X = FloatDistribution.of("x", 0, 1);
    private static final CategoricalDistribution ADDED_C = CategoricalDistribution.of("c", List.of("a", true, 3));

    private static FrozenTrial template(TrialState state, double[] values, String failureMessage) {
        java.util.TreeMap<Integer, Double> intermediate = new java.util.TreeMap<>(Map.of(0, 3.0, 2, 2.5));
        return new FrozenTrial(
                -1,
                -1,
                state,
                Map.of("x", 0.25, "c", 2.0),
                Map.of("x", ADDED_X, "c", ADDED_C),
                values,
                intermediate,
                T0,
                T1,
                Map.of("source", "baseline", "runs", List.of(1, 2)),
                Map.of(FrozenTrial.CONSTRAINTS, List.of(-1.0, 0.5)),
                failureMessage);
    }

    @Test
    public void aFinishedTrialIsAddedWholeWithTheNextNumber() {
        StudyInfo s = newStudy("s");
        running(s);
        FrozenTrial added =
                storage.createFinishedTrial(s.id(), template(TrialState.COMPLETE, new double[] {1.5}, null));
        for (FrozenTrial t : List.of(
                added,
                storage.trial(added.id()),
                storage.trialByNumber(s.id(), 1).orElseThrow())) {
            assertThat(t.number()).isEqualTo(1);
            assertThat(t.state()).isEqualTo(TrialState.COMPLETE);
            assertThat(t.internalParams()).isEqualTo(Map.of("x", 0.25, "c", 2.0));
            assertSameDistribution(t.distributions().get("x"), ADDED_X);
            assertSameDistribution(t.distributions().get("c"), ADDED_C);
            assertThat(t.params()).containsEntry("c", 3);
            assertThat(t.values()).containsExactly(1.5);
            assertThat(t.intermediateValues()).containsExactly(Map.entry(0, 3.0), Map.entry(2, 2.5));
            assertThat(jsonEquals(t.userAttributes(), Map.of("source", "baseline", "runs", List.of(1, 2))))
                    .isTrue();
            assertThat(t.constraints()).containsExactly(-1.0, 0.5);
            assertThat(t.started()).isEqualTo(T0);
            assertThat(t.finished()).isEqualTo(T1);
            assertThat(t.failureMessage()).isNull();
        }
        assertThat(numbers(storage.trials(s.id()))).isEqualTo(range(2));
        assertThat(running(s).number()).isEqualTo(2);
        assertThat(numbers(storage.trials(s.id(), EnumSet.of(TrialState.COMPLETE))))
                .containsExactly(1);
    }

    @Test
    public void prunedAndFailedTrialsAreAddedWithTheirValueOrMessage() {
        StudyInfo s = newStudy("s");
        FrozenTrial pruned = storage.createFinishedTrial(s.id(), template(TrialState.PRUNED, new double[] {2.5}, null));
        FrozenTrial failed = storage.createFinishedTrial(s.id(), template(TrialState.FAIL, null, "diverged at step 3"));
        assertThat(storage.trial(pruned.id()).state()).isEqualTo(TrialState.PRUNED);
        assertThat(storage.trial(pruned.id()).values()).containsExactly(2.5);
        assertThat(storage.trial(failed.id()).state()).isEqualTo(TrialState.FAIL);
        assertThat(storage.trial(failed.id()).hasValues()).isFalse();
        assertThat(storage.trial(failed.id()).failureMessage()).isEqualTo("diverged at step 3");
        assertThat(numbers(storage.trials(s.id()))).isEqualTo(range(2));
    }

    @Test
    public void anAddedTrialIsFinishedForGood() {
        StudyInfo s = newStudy("s");
        FrozenTrial added = storage.createFinishedTrial(s.id(), template(TrialState.COMPLETE, new double[] {1}, null));
        assertThatThrownBy(() -> storage.finishTrial(added.id(), TrialState.FAIL, null, "again", T2))
                .isInstanceOf(TrialAlreadyFinishedException.class);
        assertThatThrownBy(() -> storage.setParam(added.id(), "y", 0.5, FloatDistribution.of("y", 0, 1)))
                .isInstanceOf(TrialAlreadyFinishedException.class);
    }

    @Test
    public void aTemplateThatIsNotFinishedOrHasAParameterOutsideItsDistributionAddsNothing() {
        StudyInfo s = newStudy("s");
        FrozenTrial runningTemplate = template(TrialState.RUNNING, null, null);
        assertThatThrownBy(() -> storage.createFinishedTrial(s.id(), runningTemplate))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RUNNING");
        FrozenTrial outside = new FrozenTrial(
                -1,
                -1,
                TrialState.COMPLETE,
                Map.of("x", 1.5),
                Map.of("x", ADDED_X),
                new double[] {1},
                java.util.Collections.emptySortedMap(),
                T0,
                T1,
                Map.of(),
                Map.of(),
                null);
        assertThatThrownBy(() -> storage.createFinishedTrial(s.id(), outside))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'x'")
                .hasMessageContaining("1.5");
        assertThat(storage.trials(s.id())).isEmpty();
        assertThatThrownBy(() -> storage.createFinishedTrial(
                        unknownStudyId(), template(TrialState.COMPLETE, new double[] {1}, null)))
                .isInstanceOf(StudyNotFoundException.class);
    }

    @Test
    public void addedAndCreatedTrialsShareOneDenseNumbering() throws Exception {
        StudyInfo s = newStudy("s");
        concurrently(
                THREADS,
                i -> i % 2 == 0
                        ? running(s)
                        : storage.createFinishedTrial(s.id(), template(TrialState.COMPLETE, new double[] {i}, null)));
        assertThat(numbers(storage.trials(s.id()))).isEqualTo(range(THREADS));
        assertThat(storage.trials(s.id(), EnumSet.of(TrialState.COMPLETE))).hasSize(THREADS / 2);
    }

    // ---- studies ----

    @Test
    public void constraintValuesRoundTripThroughTheStudy() {
        io.paratune.Study study =
                io.paratune.Study.builder().name("constrained").storage(storage).create();
        io.paratune.Trial trial = study.ask();
        trial.setConstraints(-0.25, 3.0, 0.0, 1e-300);
        study.tell(trial, 1.0);
        FrozenTrial stored = storage.trials(study.id()).get(0);
        assertThat(stored.constraints()).containsExactly(-0.25, 3.0, 0.0, 1e-300);
        assertThat(stored.isFeasible()).isFalse();
    }

    @Test
    public void createStudyReturnsItsInfoAndFindsItByNameAndId() {
        StudyInfo info = storage.createStudy("mnist", List.of(Direction.MINIMIZE, Direction.MAXIMIZE), T0);
        assertThat(info.name()).isEqualTo("mnist");
        assertThat(info.directions()).containsExactly(Direction.MINIMIZE, Direction.MAXIMIZE);
        assertThat(info.created()).isEqualTo(T0);
        assertThat(storage.study(info.id())).isEqualTo(info);
        assertThat(storage.findStudy("mnist")).contains(info);
        assertThat(storage.findStudy("MNIST")).isEmpty();
    }

    @Test
    public void studiesAreListedInCreationOrderWithDistinctIds() {
        assertThat(storage.studies()).isEmpty();
        StudyInfo b = newStudy("b");
        StudyInfo a = newStudy("a");
        StudyInfo c = newStudy("c");
        assertThat(storage.studies()).extracting(StudyInfo::name).containsExactly("b", "a", "c");
        assertThat(Set.of(a.id(), b.id(), c.id())).hasSize(3);
    }

    @Test
    public void aDuplicateStudyNameIsRefused() {
        StudyInfo first = newStudy("dup");
        assertThatThrownBy(() -> storage.createStudy("dup", List.of(Direction.MAXIMIZE), T1))
                .isInstanceOf(DuplicateStudyException.class)
                .hasMessageContaining("'dup'");
        assertThat(storage.studies()).containsExactly(first);
        assertThat(storage.study(first.id()).directions()).containsExactly(Direction.MINIMIZE);
    }

    @Test
    public void concurrentCreatesOfOneNameMakeOneStudy() throws Exception {
        List<Boolean> created = concurrently(THREADS, i -> {
            try {
                storage.createStudy("race", List.of(Direction.MINIMIZE), T0);
                return true;
            } catch (DuplicateStudyException e) {
                return false;
            }
        });
        assertThat(created).containsOnlyOnce(true);
        assertThat(storage.studies()).hasSize(1);
    }

    @Test
    public void anUnknownStudyIsNotFoundByAnyOperation() {
        newStudy("known");
        long unknown = unknownStudyId();
        assertThat(storage.findStudy("unknown")).isEmpty();
        List<Runnable> operations = List.of(
                () -> storage.study(unknown),
                () -> storage.deleteStudy(unknown),
                () -> storage.setStudyAttribute(unknown, "k", "v"),
                () -> storage.studyAttributes(unknown),
                () -> storage.nextSequenceValue(unknown, "k"),
                () -> storage.createTrial(unknown, TrialState.RUNNING, Map.of(), T0),
                () -> storage.claimWaitingTrial(unknown, T0),
                () -> storage.trialByNumber(unknown, 0),
                () -> storage.trials(unknown));
        for (Runnable op : operations) {
            assertThatThrownBy(op::run).isInstanceOf(StudyNotFoundException.class);
        }
    }

    @Test
    public void deletingAStudyRemovesItAndItsTrialsAndFreesItsName() {
        StudyInfo doomed = newStudy("doomed");
        StudyInfo kept = newStudy("kept");
        FrozenTrial doomedTrial = running(doomed);
        storage.setParam(doomedTrial.id(), "x", 0.5, FloatDistribution.of("x", 0, 1));
        storage.nextSequenceValue(doomed.id(), "grid");
        FrozenTrial keptTrial = running(kept);

        storage.deleteStudy(doomed.id());

        assertThat(storage.studies()).containsExactly(kept);
        assertThat(storage.findStudy("doomed")).isEmpty();
        assertThatThrownBy(() -> storage.study(doomed.id())).isInstanceOf(StudyNotFoundException.class);
        assertThatThrownBy(() -> storage.trials(doomed.id())).isInstanceOf(StudyNotFoundException.class);
        assertThatThrownBy(() -> storage.trial(doomedTrial.id())).isInstanceOf(ParatuneException.class);
        assertThat(storage.trials(kept.id())).extracting(FrozenTrial::id).containsExactly(keptTrial.id());

        StudyInfo again = newStudy("doomed");
        assertThat(storage.trials(again.id())).isEmpty();
        assertThat(running(again).number()).isZero();
        assertThat(storage.nextSequenceValue(again.id(), "grid")).isZero();
        assertThat(storage.studyAttributes(again.id())).isEmpty();
    }

    // ---- study attributes ----

    @Test
    public void studyAttributesHoldJsonLikeValues() {
        StudyInfo s = newStudy("attrs");
        assertThat(storage.studyAttributes(s.id())).isEmpty();
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("layers", List.of(64, 32, List.of(true, "x")));
        nested.put("inner", Map.of("lr", 0.001, "momentum", Arrays.asList(0.9, null)));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("text", "héllo \"quoted\"\n");
        expected.put("int", 7);
        expected.put("long", 1L << 40);
        expected.put("double", -2.5e-7);
        expected.put("bool", true);
        expected.put("null", null);
        expected.put("emptyList", List.of());
        expected.put("emptyMap", Map.of());
        expected.put("nested", nested);
        expected.forEach((k, v) -> storage.setStudyAttribute(s.id(), k, v));
        assertJson(storage.studyAttributes(s.id()), expected);
    }

    @Test
    public void settingAStudyAttributeAgainReplacesIt() {
        StudyInfo s = newStudy("attrs");
        storage.setStudyAttribute(s.id(), "k", "old");
        storage.setStudyAttribute(s.id(), "other", 1);
        storage.setStudyAttribute(s.id(), "k", List.of("new"));
        assertJson(storage.studyAttributes(s.id()), Map.of("k", List.of("new"), "other", 1));
    }

    @Test
    public void nonJsonAttributeValuesAreRefusedNamingTheKey() {
        StudyInfo s = newStudy("attrs");
        storage.setStudyAttribute(s.id(), "k", "kept");
        List<Object> bad = List.of(
                new Object(),
                Double.NaN,
                Double.POSITIVE_INFINITY,
                Map.of(1, "a"),
                List.of("ok", new StringBuilder("no")),
                Map.of("inner", Map.of("deep", new int[] {1})));
        for (Object value : bad) {
            assertThatThrownBy(() -> storage.setStudyAttribute(s.id(), "k", value))
                    .as("value %s", value)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'k'");
        }
        assertJson(storage.studyAttributes(s.id()), Map.of("k", "kept"));
    }

    @Test
    public void studyAttributesAreSnapshots() {
        StudyInfo s = newStudy("attrs");
        List<Object> mine = new ArrayList<>(List.of(1, 2));
        storage.setStudyAttribute(s.id(), "list", mine);
        mine.add(3);
        Map<String, Object> before = storage.studyAttributes(s.id());
        storage.setStudyAttribute(s.id(), "later", true);
        assertThat(before).doesNotContainKey("later");
        tryToChange(() -> before.put("x", 1));
        @SuppressWarnings("unchecked")
        List<Object> returned = (List<Object>) before.get("list");
        tryToChange(() -> returned.add(4));
        assertJson(storage.studyAttributes(s.id()), Map.of("list", List.of(1, 2), "later", true));
    }

    // ---- sequences ----

    @Test
    public void sequencesCountFromZeroPerKeyAndPerStudy() {
        StudyInfo a = newStudy("a");
        StudyInfo b = newStudy("b");
        assertThat(storage.nextSequenceValue(a.id(), "grid")).isEqualTo(0);
        assertThat(storage.nextSequenceValue(a.id(), "grid")).isEqualTo(1);
        assertThat(storage.nextSequenceValue(a.id(), "qmc")).isEqualTo(0);
        assertThat(storage.nextSequenceValue(b.id(), "grid")).isEqualTo(0);
        assertThat(storage.nextSequenceValue(a.id(), "grid")).isEqualTo(2);
    }

    @Test
    public void sequenceValuesAreDenseAndUniqueUnderConcurrency() throws Exception {
        StudyInfo s = newStudy("seq");
        int perThread = 150;
        List<List<Long>> got = concurrently(THREADS, i -> {
            List<Long> mine = new ArrayList<>();
            for (int j = 0; j < perThread; j++) {
                mine.add(storage.nextSequenceValue(s.id(), "grid"));
            }
            return mine;
        });
        List<Long> all = got.stream().flatMap(List::stream).sorted().toList();
        assertThat(all)
                .containsExactlyElementsOf(IntStream.range(0, THREADS * perThread)
                        .mapToObj(Long::valueOf)
                        .toList());
        for (List<Long> mine : got) {
            assertThat(mine).as("each worker sees its values increase").isSorted();
        }
    }

    // ---- creating and claiming trials ----

    @Test
    public void aNewRunningTrialIsEmptyAndStartedNow() {
        StudyInfo s = newStudy("s");
        Map<String, Object> system =
                Map.of(SystemAttributes.FIXED_PARAMS, Map.of("x", 0.5, "opt", "adam"), "note", List.of(1));
        FrozenTrial t = storage.createTrial(s.id(), TrialState.RUNNING, system, T1);
        assertThat(t.number()).isZero();
        assertThat(t.state()).isEqualTo(TrialState.RUNNING);
        assertThat(t.started()).isEqualTo(T1);
        assertThat(t.finished()).isNull();
        assertThat(t.internalParams()).isEmpty();
        assertThat(t.distributions()).isEmpty();
        assertThat(t.hasValues()).isFalse();
        assertThat(t.intermediateValues()).isEmpty();
        assertThat(t.userAttributes()).isEmpty();
        assertThat(t.failureMessage()).isNull();
        assertJson(t.systemAttributes(), system);
        FrozenTrial read = storage.trial(t.id());
        assertThat(read.number()).isZero();
        assertThat(read.state()).isEqualTo(TrialState.RUNNING);
        assertThat(read.started()).isEqualTo(T1);
        assertJson(read.systemAttributes(), system);
        assertThat(storage.trialByNumber(s.id(), 0)).map(FrozenTrial::id).contains(t.id());
    }

    @Test
    public void onlyRunningOrWaitingTrialsCanBeCreated() {
        StudyInfo s = newStudy("s");
        for (TrialState state : List.of(TrialState.COMPLETE, TrialState.PRUNED, TrialState.FAIL)) {
            assertThatThrownBy(() -> storage.createTrial(s.id(), state, Map.of(), T0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(state.toString());
        }
        assertThat(storage.trials(s.id())).isEmpty();
    }

    @Test
    public void trialNumbersAreDensePerStudyAndIdsUniqueAcrossStudies() {
        StudyInfo a = newStudy("a");
        StudyInfo b = newStudy("b");
        Set<Long> ids = new HashSet<>();
        List<Integer> aNumbers = new ArrayList<>();
        List<Integer> bNumbers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            FrozenTrial ta = i % 2 == 0 ? running(a) : waiting(a);
            FrozenTrial tb = running(b);
            aNumbers.add(ta.number());
            bNumbers.add(tb.number());
            ids.add(ta.id());
            ids.add(tb.id());
        }
        assertThat(aNumbers).containsExactlyElementsOf(range(5));
        assertThat(bNumbers).containsExactlyElementsOf(range(5));
        assertThat(ids).hasSize(10);
    }

    @Test
    public void concurrentlyCreatedTrialsAreNumberedDensely() throws Exception {
        StudyInfo s = newStudy("s");
        StudyInfo other = newStudy("other");
        int perThread = 60;
        List<List<FrozenTrial>> created = concurrently(THREADS, i -> {
            List<FrozenTrial> mine = new ArrayList<>();
            for (int j = 0; j < perThread; j++) {
                // a second study in the mix must not disturb the numbering
                if (j % 10 == 0) {
                    running(other);
                }
                mine.add(storage.createTrial(
                        s.id(), j % 3 == 0 ? TrialState.WAITING : TrialState.RUNNING, Map.of("worker", i), T0));
            }
            return mine;
        });
        int total = THREADS * perThread;
        List<FrozenTrial> all = created.stream().flatMap(List::stream).toList();
        assertThat(all.stream().map(FrozenTrial::number).sorted().toList()).containsExactlyElementsOf(range(total));
        assertThat(all.stream().map(FrozenTrial::id).distinct().count()).isEqualTo(total);
        assertThat(numbers(storage.trials(s.id()))).containsExactlyElementsOf(range(total));
        assertThat(numbers(storage.trials(other.id()))).containsExactlyElementsOf(range(THREADS * perThread / 10));
    }

    @Test
    public void claimingTakesTheOldestWaitingTrialAndStartsIt() {
        StudyInfo s = newStudy("s");
        Map<String, Object> fixed = Map.of(SystemAttributes.FIXED_PARAMS, Map.of("x", 1));
        FrozenTrial w0 = storage.createTrial(s.id(), TrialState.WAITING, fixed, T0);
        running(s);
        FrozenTrial w2 = waiting(s);
        FrozenTrial w3 = waiting(s);
        assertThat(w0.started()).isNull();
        assertThat(w0.state()).isEqualTo(TrialState.WAITING);

        Optional<FrozenTrial> first = storage.claimWaitingTrial(s.id(), T1);
        assertThat(first).isPresent();
        assertThat(first.get().id()).isEqualTo(w0.id());
        assertThat(first.get().number()).isZero();
        assertThat(first.get().state()).isEqualTo(TrialState.RUNNING);
        assertThat(first.get().started()).isEqualTo(T1);
        assertJson(first.get().systemAttributes(), fixed);
        assertThat(storage.trial(w0.id()).state()).isEqualTo(TrialState.RUNNING);

        assertThat(storage.claimWaitingTrial(s.id(), T1)).map(FrozenTrial::id).contains(w2.id());
        assertThat(storage.claimWaitingTrial(s.id(), T1)).map(FrozenTrial::id).contains(w3.id());
        assertThat(storage.claimWaitingTrial(s.id(), T1)).isEmpty();
        assertThat(storage.trials(s.id())).allMatch(t -> t.state() == TrialState.RUNNING);
    }

    @Test
    public void startingATrialClaimsTheOldestWaitingOneBeforeCreatingOne() {
        StudyInfo s = newStudy("s");
        StudyInfo other = newStudy("other");
        waiting(other);
        Map<String, Object> fixed = Map.of(SystemAttributes.FIXED_PARAMS, Map.of("x", 1));
        FrozenTrial w0 = storage.createTrial(s.id(), TrialState.WAITING, fixed, T0);
        running(s);

        FrozenTrial claimed = storage.startTrial(s.id(), T1);
        FrozenTrial created = storage.startTrial(s.id(), T1);

        assertThat(claimed.id()).isEqualTo(w0.id());
        assertThat(claimed.state()).isEqualTo(TrialState.RUNNING);
        assertThat(claimed.started()).isEqualTo(T1);
        assertJson(claimed.systemAttributes(), fixed);
        assertThat(created.number()).isEqualTo(2);
        assertThat(created.state()).isEqualTo(TrialState.RUNNING);
        assertThat(created.started()).isEqualTo(T1);
        assertThat(created.systemAttributes()).isEmpty();
        assertThat(storage.trial(created.id())).isEqualTo(created);
        assertThat(storage.trials(other.id())).extracting(FrozenTrial::state).containsExactly(TrialState.WAITING);
        assertThatThrownBy(() -> storage.startTrial(Long.MAX_VALUE, T1)).isInstanceOf(StudyNotFoundException.class);
    }

    @Test
    public void claimingOnlyTakesTheStudysOwnTrials() {
        StudyInfo a = newStudy("a");
        StudyInfo b = newStudy("b");
        FrozenTrial wb = waiting(b);
        assertThat(storage.claimWaitingTrial(a.id(), T1)).isEmpty();
        assertThat(storage.claimWaitingTrial(b.id(), T1)).map(FrozenTrial::id).contains(wb.id());
    }

    @Test
    public void everyWaitingTrialIsClaimedExactlyOnceUnderConcurrency() throws Exception {
        StudyInfo s = newStudy("s");
        int waitingCount = 240;
        for (int i = 0; i < waitingCount; i++) {
            waiting(s);
        }
        ConcurrentLinkedQueue<Integer> claimed = new ConcurrentLinkedQueue<>();
        List<List<Integer>> perWorker = concurrently(THREADS, i -> {
            List<Integer> mine = new ArrayList<>();
            Optional<FrozenTrial> t;
            while ((t = storage.claimWaitingTrial(s.id(), T1)).isPresent()) {
                assertThat(t.get().state()).isEqualTo(TrialState.RUNNING);
                mine.add(t.get().number());
                claimed.add(t.get().number());
            }
            return mine;
        });
        assertThat(claimed.stream().sorted().toList()).containsExactlyElementsOf(range(waitingCount));
        for (List<Integer> mine : perWorker) {
            assertThat(mine).as("each worker claims older trials first").isSorted();
        }
        assertThat(storage.trials(s.id(), EnumSet.of(TrialState.WAITING))).isEmpty();
        assertThat(storage.claimWaitingTrial(s.id(), T2)).isEmpty();
    }

    // ---- parameters ----

    @Test
    public void paramsAreStoredWithTheirDistributionsInSuggestionOrder() {
        StudyInfo s = newStudy("s");
        FrozenTrial t = running(s);
        FloatDistribution lr = FloatDistribution.logScale("lr", 1e-5, 1);
        IntDistribution layers = IntDistribution.stepped("layers", 1, 9, 2);
        CategoricalDistribution opt = CategoricalDistribution.of("opt", Arrays.asList("adam", null, true, 2.5));
        storage.setParam(t.id(), "opt", 3, opt);
        storage.setParam(t.id(), "lr", 0.00123, lr);
        storage.setParam(t.id(), "layers", 7, layers);
        FloatDistribution dropout = FloatDistribution.logitScale("dropout", 0.01, 0.99);
        storage.setParam(t.id(), "dropout", 0.985, dropout);

        FrozenTrial read = storage.trial(t.id());
        assertThat(read.internalParams().keySet()).containsExactly("opt", "lr", "layers", "dropout");
        assertSameDistribution(read.distributions().get("dropout"), dropout);
        assertThat(read.param("dropout")).isEqualTo(0.985);
        assertThat(read.internalParams())
                .containsEntry("opt", 3.0)
                .containsEntry("lr", 0.00123)
                .containsEntry("layers", 7.0);
        assertSameDistribution(read.distributions().get("opt"), opt);
        assertSameDistribution(read.distributions().get("lr"), lr);
        assertSameDistribution(read.distributions().get("layers"), layers);
        assertThat(read.param("opt")).isEqualTo(2.5);
        assertThat(read.param("lr")).isEqualTo(0.00123);
        assertThat(read.param("layers")).isEqualTo(7L);
    }

    @Test
    public void settingAParamAgainIsAllowedOnlyWithTheSameValueAndRange() {
        StudyInfo s = newStudy("s");
        FrozenTrial t = running(s);
        FloatDistribution x = FloatDistribution.of("x", 0, 1);
        storage.setParam(t.id(), "x", 0.25, x);
        storage.setParam(t.id(), "x", 0.25, FloatDistribution.of("x", 0, 1));
        assertThatThrownBy(() -> storage.setParam(t.id(), "x", 0.5, x))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'x'");
        assertThatThrownBy(() -> storage.setParam(t.id(), "x", 0.25, FloatDistribution.of("x", 0, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'x'");
        assertThat(storage.trial(t.id()).internalParams()).containsExactly(Map.entry("x", 0.25));
        assertSameDistribution(storage.trial(t.id()).distributions().get("x"), x);
    }

    @Test
    public void aParamOutsideItsDistributionIsRefused() {
        StudyInfo s = newStudy("s");
        FrozenTrial t = running(s);
        assertThatThrownBy(() -> storage.setParam(t.id(), "n", 11, IntDistribution.of("n", 0, 10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'n'");
        assertThatThrownBy(() -> storage.setParam(t.id(), "n", 2.5, IntDistribution.of("n", 0, 10)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> storage.setParam(t.id(), "c", 2, CategoricalDistribution.of("c", List.of("a", "b"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(storage.trial(t.id()).internalParams()).isEmpty();
    }

    // ---- intermediate values and attributes ----

    @Test
    public void intermediateValuesKeepTheFirstValuePerStepInStepOrder() {
        StudyInfo s = newStudy("s");
        FrozenTrial t = running(s);
        assertThat(storage.setIntermediateValue(t.id(), 5, 0.5)).isTrue();
        assertThat(storage.setIntermediateValue(t.id(), 0, 0.9)).isTrue();
        assertThat(storage.setIntermediateValue(t.id(), 2, Double.NaN)).isTrue();
        assertThat(storage.setIntermediateValue(t.id(), 3, Double.NEGATIVE_INFINITY))
                .isTrue();
        assertThat(storage.setIntermediateValue(t.id(), 5, 0.1)).isFalse();
        FrozenTrial read = storage.trial(t.id());
        assertThat(read.intermediateValues().keySet()).containsExactly(0, 2, 3, 5);
        assertThat(read.intermediateValues().get(0)).isEqualTo(0.9);
        assertThat(read.intermediateValues().get(2)).isNaN();
        assertThat(read.intermediateValues().get(3)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(read.intermediateValues().get(5)).isEqualTo(0.5);
        assertThat(read.lastStep()).isEqualTo(5);
    }

    @Test
    public void userAndSystemAttributesHoldJsonLikeValuesAndCanBeReplaced() {
        StudyInfo s = newStudy("s");
        FrozenTrial t = running(s);
        storage.setUserAttribute(t.id(), "curve", List.of(0.9, 0.5, Map.of("best", 0.4)));
        storage.setUserAttribute(t.id(), "host", "node-1");
        storage.setUserAttribute(t.id(), "host", "node-2");
        storage.setSystemAttribute(t.id(), "generation", 3);
        storage.setSystemAttribute(t.id(), "nothing", null);
        FrozenTrial read = storage.trial(t.id());
        assertJson(read.userAttributes(), Map.of("curve", List.of(0.9, 0.5, Map.of("best", 0.4)), "host", "node-2"));
        Map<String, Object> system = new LinkedHashMap<>();
        system.put("generation", 3);
        system.put("nothing", null);
        assertJson(read.systemAttributes(), system);
        assertThatThrownBy(() -> storage.setUserAttribute(t.id(), "bad", new Object()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'bad'");
        assertThatThrownBy(() -> storage.setSystemAttribute(t.id(), "bad", Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'bad'");
    }

    // ---- finishing ----

    @Test
    public void finishingStoresStateValuesAndTime() {
        StudyInfo s = newStudy("s");
        FrozenTrial t = running(s);
        FrozenTrial done = storage.finishTrial(t.id(), TrialState.COMPLETE, new double[] {0.25, -3}, null, T2);
        for (FrozenTrial f : List.of(done, storage.trial(t.id()))) {
            assertThat(f.state()).isEqualTo(TrialState.COMPLETE);
            assertThat(f.values()).containsExactly(0.25, -3);
            assertThat(f.started()).isEqualTo(T0);
            assertThat(f.finished()).isEqualTo(T2);
            assertThat(f.failureMessage()).isNull();
        }
    }

    @Test
    public void failedAndPrunedTrialsKeepTheirMessageAndOptionalValues() {
        StudyInfo s = newStudy("s");
        FrozenTrial failed = storage.finishTrial(running(s).id(), TrialState.FAIL, null, "CUDA out of memory", T1);
        assertThat(storage.trial(failed.id()).state()).isEqualTo(TrialState.FAIL);
        assertThat(storage.trial(failed.id()).failureMessage()).isEqualTo("CUDA out of memory");
        assertThat(storage.trial(failed.id()).hasValues()).isFalse();
        FrozenTrial pruned = storage.finishTrial(running(s).id(), TrialState.PRUNED, new double[] {0.7}, null, T1);
        assertThat(storage.trial(pruned.id()).state()).isEqualTo(TrialState.PRUNED);
        assertThat(storage.trial(pruned.id()).value()).isEqualTo(0.7);
        FrozenTrial bare = storage.finishTrial(running(s).id(), TrialState.PRUNED, null, null, T1);
        assertThat(storage.trial(bare.id()).hasValues()).isFalse();
    }

    @Test
    public void finishingIntoAnUnfinishedStateIsRefused() {
        StudyInfo s = newStudy("s");
        FrozenTrial t = running(s);
        for (TrialState state : List.of(TrialState.RUNNING, TrialState.WAITING)) {
            assertThatThrownBy(() -> storage.finishTrial(t.id(), state, null, null, T1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(state.toString());
        }
        assertThat(storage.trial(t.id()).state()).isEqualTo(TrialState.RUNNING);
    }

    @Test
    public void aWaitingTrialCannotBeFinishedBeforeItIsClaimed() {
        StudyInfo s = newStudy("s");
        FrozenTrial w = waiting(s);
        assertThat(catchThrowable(() -> storage.finishTrial(w.id(), TrialState.COMPLETE, new double[] {1}, null, T1)))
                .isInstanceOf(RuntimeException.class)
                .hasMessageContaining("WAITING");
        assertThat(storage.trial(w.id()).state()).isEqualTo(TrialState.WAITING);
        assertThat(storage.claimWaitingTrial(s.id(), T1)).map(FrozenTrial::id).contains(w.id());
    }

    @Test
    public void finishingTwiceThrowsNamingTheTrialAndItsState() {
        StudyInfo s = newStudy("s");
        running(s);
        FrozenTrial t = running(s);
        storage.finishTrial(t.id(), TrialState.COMPLETE, new double[] {1.5}, null, T1);
        for (TrialState again : List.of(TrialState.COMPLETE, TrialState.FAIL, TrialState.PRUNED)) {
            Throwable thrown = catchThrowable(() -> storage.finishTrial(t.id(), again, new double[] {9}, "late", T2));
            assertThat(thrown)
                    .isInstanceOf(TrialAlreadyFinishedException.class)
                    .hasMessageContainingAll("trial 1", "COMPLETE");
            TrialAlreadyFinishedException e = (TrialAlreadyFinishedException) thrown;
            assertThat(e.number()).isEqualTo(1);
            assertThat(e.state()).isEqualTo(TrialState.COMPLETE);
        }
        FrozenTrial read = storage.trial(t.id());
        assertThat(read.state()).isEqualTo(TrialState.COMPLETE);
        assertThat(read.value()).isEqualTo(1.5);
        assertThat(read.finished()).isEqualTo(T1);
        assertThat(read.failureMessage()).isNull();
    }

    @Test
    public void exactlyOneOfManyRacingFinishersWins() throws Exception {
        StudyInfo s = newStudy("s");
        for (int round = 0; round < 15; round++) {
            FrozenTrial t = running(s);
            List<Optional<FrozenTrial>> outcomes = concurrently(THREADS, i -> {
                try {
                    TrialState state = i % 3 == 0 ? TrialState.FAIL : TrialState.COMPLETE;
                    return Optional.of(storage.finishTrial(
                            t.id(), state, state == TrialState.COMPLETE ? new double[] {i} : null, "worker " + i, T1));
                } catch (TrialAlreadyFinishedException e) {
                    return Optional.empty();
                }
            });
            List<FrozenTrial> winners =
                    outcomes.stream().flatMap(Optional::stream).toList();
            assertThat(winners).as("round %d", round).hasSize(1);
            FrozenTrial winner = winners.get(0);
            FrozenTrial stored = storage.trial(t.id());
            assertThat(stored.state()).isEqualTo(winner.state());
            assertThat(stored.values()).containsExactly(winner.values());
            assertThat(stored.failureMessage()).isEqualTo(winner.failureMessage());
        }
    }

    @Test
    public void aFinishedTrialNeverChangesAgain() {
        StudyInfo s = newStudy("s");
        FrozenTrial t = running(s);
        storage.setParam(t.id(), "x", 0.5, FloatDistribution.of("x", 0, 1));
        storage.setIntermediateValue(t.id(), 0, 0.4);
        storage.setUserAttribute(t.id(), "u", 1);
        FrozenTrial done = storage.finishTrial(t.id(), TrialState.PRUNED, new double[] {0.4}, null, T1);
        List<Runnable> writes = List.of(
                () -> storage.setParam(t.id(), "y", 1, IntDistribution.of("y", 0, 3)),
                () -> storage.setParam(t.id(), "x", 0.5, FloatDistribution.of("x", 0, 1)),
                () -> storage.setIntermediateValue(t.id(), 1, 0.3),
                () -> storage.setIntermediateValue(t.id(), 0, 0.4),
                () -> storage.setUserAttribute(t.id(), "u", 2),
                () -> storage.setSystemAttribute(t.id(), "s", 3));
        for (Runnable write : writes) {
            assertThatThrownBy(write::run)
                    .isInstanceOf(TrialAlreadyFinishedException.class)
                    .hasMessageContainingAll("trial 0", "PRUNED");
        }
        FrozenTrial read = storage.trial(t.id());
        assertThat(read.internalParams()).isEqualTo(done.internalParams());
        assertThat(read.intermediateValues()).isEqualTo(done.intermediateValues());
        assertJson(read.userAttributes(), Map.of("u", 1));
        assertThat(read.systemAttributes()).isEmpty();
    }

    // ---- snapshots ----

    @Test
    public void snapshotsDoNotChangeWithLaterWrites() {
        StudyInfo s = newStudy("s");
        FrozenTrial created = running(s);
        FrozenTrial read = storage.trial(created.id());
        storage.setParam(created.id(), "x", 0.5, FloatDistribution.of("x", 0, 1));
        storage.setIntermediateValue(created.id(), 0, 0.3);
        storage.setUserAttribute(created.id(), "u", "v");
        storage.setSystemAttribute(created.id(), "s", "v");
        FrozenTrial midway = storage.trial(created.id());
        storage.finishTrial(created.id(), TrialState.COMPLETE, new double[] {0.3}, null, T1);
        for (FrozenTrial early : List.of(created, read)) {
            assertThat(early.state()).isEqualTo(TrialState.RUNNING);
            assertThat(early.internalParams()).isEmpty();
            assertThat(early.intermediateValues()).isEmpty();
            assertThat(early.userAttributes()).isEmpty();
            assertThat(early.systemAttributes()).isEmpty();
            assertThat(early.hasValues()).isFalse();
            assertThat(early.finished()).isNull();
        }
        assertThat(midway.state()).isEqualTo(TrialState.RUNNING);
        assertThat(midway.internalParams()).containsOnlyKeys("x");
        assertThat(midway.hasValues()).isFalse();
    }

    @Test
    @SuppressWarnings("unchecked")
    public void changingASnapshotChangesNothingStored() {
        StudyInfo s = newStudy("s");
        FrozenTrial t = storage.createTrial(
                s.id(),
                TrialState.RUNNING,
                Map.of(SystemAttributes.FIXED_PARAMS, Map.of("x", 0.5), "list", List.of(1, 2)),
                T0);
        storage.setParam(t.id(), "x", 0.5, FloatDistribution.of("x", 0, 1));
        storage.setIntermediateValue(t.id(), 0, 0.3);
        List<Object> mine = new ArrayList<>(List.of("a"));
        storage.setUserAttribute(t.id(), "mine", mine);
        mine.add("b");
        storage.finishTrial(t.id(), TrialState.COMPLETE, new double[] {0.3}, null, T1);

        FrozenTrial snap = storage.trial(t.id());
        tryToChange(() -> snap.internalParams().put("y", 1.0));
        tryToChange(() -> snap.distributions().clear());
        tryToChange(() -> snap.intermediateValues().put(1, 0.1));
        tryToChange(() -> snap.userAttributes().put("z", 1));
        tryToChange(() -> snap.systemAttributes().clear());
        tryToChange(() -> ((List<Object>) snap.systemAttributes().get("list")).add(3));
        tryToChange(
                () -> ((Map<String, Object>) snap.systemAttributes().get(SystemAttributes.FIXED_PARAMS)).put("y", 2));
        tryToChange(() -> ((List<Object>) snap.userAttributes().get("mine")).clear());
        snap.values()[0] = 99;

        FrozenTrial again = storage.trial(t.id());
        for (FrozenTrial f : List.of(snap, again)) {
            assertThat(f.internalParams()).containsExactly(Map.entry("x", 0.5));
            assertThat(f.distributions()).containsOnlyKeys("x");
            assertThat(f.intermediateValues()).containsExactly(Map.entry(0, 0.3));
            assertJson(f.userAttributes(), Map.of("mine", List.of("a")));
            assertJson(
                    f.systemAttributes(),
                    Map.of(SystemAttributes.FIXED_PARAMS, Map.of("x", 0.5), "list", List.of(1, 2)));
            assertThat(f.values()).containsExactly(0.3);
        }
    }

    // ---- listing ----

    @Test
    public void trialsAreFilteredByStateAndMinimumNumberInNumberOrder() {
        StudyInfo s = newStudy("s");
        StudyInfo other = newStudy("other");
        finished(s, TrialState.COMPLETE); // 0
        running(s); // 1
        finished(s, TrialState.FAIL); // 2
        waiting(s); // 3
        finished(s, TrialState.PRUNED); // 4
        finished(s, TrialState.COMPLETE); // 5
        running(other);

        assertThat(numbers(storage.trials(s.id()))).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(numbers(storage.trials(s.id(), ALL, 0))).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(numbers(storage.trials(s.id(), EnumSet.of(TrialState.COMPLETE))))
                .containsExactly(0, 5);
        assertThat(numbers(storage.trials(s.id(), EnumSet.of(TrialState.RUNNING, TrialState.WAITING))))
                .containsExactly(1, 3);
        assertThat(numbers(storage.trials(s.id(), EnumSet.of(TrialState.COMPLETE, TrialState.PRUNED), 3)))
                .containsExactly(4, 5);
        assertThat(numbers(storage.trials(s.id(), ALL, 5))).containsExactly(5);
        assertThat(storage.trials(s.id(), ALL, 6)).isEmpty();
        assertThat(storage.trials(s.id(), EnumSet.noneOf(TrialState.class), 0)).isEmpty();
        assertThat(storage.trials(s.id(), EnumSet.of(TrialState.FAIL)).get(0).state())
                .isEqualTo(TrialState.FAIL);
        assertThat(numbers(storage.trials(other.id()))).containsExactly(0);
    }

    @Test
    public void trialByNumberFindsOnlyExistingNumbers() {
        StudyInfo s = newStudy("s");
        FrozenTrial t0 = running(s);
        FrozenTrial t1 = waiting(s);
        assertThat(storage.trialByNumber(s.id(), 0)).map(FrozenTrial::id).contains(t0.id());
        assertThat(storage.trialByNumber(s.id(), 1)).map(FrozenTrial::id).contains(t1.id());
        assertThat(storage.trialByNumber(s.id(), 2)).isEmpty();
        assertThat(storage.trialByNumber(s.id(), -1)).isEmpty();
    }

    @Test
    public void listsReturnedByTheStorageCannotChangeIt() {
        StudyInfo s = newStudy("s");
        running(s);
        List<FrozenTrial> trials = storage.trials(s.id());
        tryToChange(trials::clear);
        List<StudyInfo> studies = storage.studies();
        tryToChange(studies::clear);
        tryToChange(() -> s.directions().clear());
        assertThat(storage.trials(s.id())).hasSize(1);
        assertThat(storage.studies()).hasSize(1);
        assertThat(storage.study(s.id()).directions()).containsExactly(Direction.MINIMIZE);
    }
}
