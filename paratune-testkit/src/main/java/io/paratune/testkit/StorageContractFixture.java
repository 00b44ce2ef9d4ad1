package io.paratune.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.paratune.Direction;
import io.paratune.FrozenTrial;
import io.paratune.TrialState;
import io.paratune.space.Distribution;
import io.paratune.storage.Storage;
import io.paratune.storage.StudyInfo;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
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

/**
 * The fixture of the {@link StorageContract}: a new storage per test from {@link #newStorage()},
 * and the helpers its parts share to make studies and trials and compare what a storage returns.
 */
abstract class StorageContractFixture {

    /** Parallel workers in the concurrency tests. */
    protected static final int THREADS = 8;

    protected static final Instant T0 = Instant.parse("2024-05-01T10:00:00.123Z");
    protected static final Instant T1 = Instant.parse("2024-05-01T10:00:01.456Z");
    protected static final Instant T2 = Instant.parse("2024-05-01T10:00:02.789Z");

    static final Set<TrialState> ALL = EnumSet.allOf(TrialState.class);

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

    StudyInfo newStudy(String name) {
        return storage.createStudy(name, List.of(Direction.MINIMIZE), T0);
    }

    FrozenTrial running(StudyInfo study) {
        return storage.createTrial(study.id(), TrialState.RUNNING, Map.of(), T0);
    }

    FrozenTrial waiting(StudyInfo study) {
        return storage.createTrial(study.id(), TrialState.WAITING, Map.of(), T0);
    }

    FrozenTrial finished(StudyInfo study, TrialState state) {
        FrozenTrial t = running(study);
        return storage.finishTrial(t.id(), state, state == TrialState.COMPLETE ? new double[] {1} : null, null, T1);
    }

    /** An id no study has. */
    long unknownStudyId() {
        long max = storage.studies().stream().mapToLong(StudyInfo::id).max().orElse(0);
        return max + 1_000_000;
    }

    static List<Integer> numbers(List<FrozenTrial> trials) {
        return trials.stream().map(FrozenTrial::number).toList();
    }

    static List<Integer> range(int n) {
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

    static void assertJson(Object actual, Object expected) {
        assertThat(jsonEquals(actual, expected))
                .as("JSON value %s, expected %s", actual, expected)
                .isTrue();
    }

    /** Tries to change a returned value; a storage may refuse or ignore it, but must not store it. */
    static void tryToChange(Runnable change) {
        try {
            change.run();
        } catch (UnsupportedOperationException expected) {
            // refusing is the usual way
        }
    }

    static void assertSameDistribution(Distribution actual, Distribution expected) {
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
}
