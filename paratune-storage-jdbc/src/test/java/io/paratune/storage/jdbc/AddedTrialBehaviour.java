package io.paratune.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paratune.Direction;
import io.paratune.EvaluatedTrial;
import io.paratune.FrozenTrial;
import io.paratune.StorageException;
import io.paratune.Study;
import io.paratune.StudyNotFoundException;
import io.paratune.Trial;
import io.paratune.TrialState;
import io.paratune.sampler.tpe.TpeSampler;
import io.paratune.space.CategoricalDistribution;
import io.paratune.space.FloatDistribution;
import io.paratune.space.IntDistribution;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A trial added whole ({@link JdbcStorage#createFinishedTrial}, {@link Study#addTrial}) on each
 * dialect: other storages on the database (as other processes would open them) never see it
 * RUNNING or in part, a failure inside its transaction leaves no row and takes no number, and
 * samplers learn from it.
 */
abstract class AddedTrialBehaviour {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00.123456789Z");
    private static final FloatDistribution X = FloatDistribution.of("x", 0, 1);
    private static final IntDistribution N = IntDistribution.of("n", 1, 8);
    private static final CategoricalDistribution C = CategoricalDistribution.of("c", List.of("adam", "sgd", 3));
    private static final List<String> TABLES = List.of(
            "paratune_trial", "paratune_trial_param", "paratune_trial_intermediate", "paratune_trial_attribute");

    private final List<JdbcStorage> opened = new ArrayList<>();

    /** A URL of a new, empty database. */
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

    /** Trial {@code i} of a batch: three parameters, five steps, a user attribute and constraints. */
    private static FrozenTrial template(int i, Map<String, Object> userAttributes) {
        TreeMap<Integer, Double> steps = new TreeMap<>();
        for (int step = 0; step < 5; step++) {
            steps.put(step, i + 1.0 / (step + 1));
        }
        steps.put(2, Double.NaN);
        return new FrozenTrial(
                -1,
                -1,
                TrialState.COMPLETE,
                Map.of("x", (i % 10) / 10.0, "n", 1.0 + i % 8, "c", (double) (i % 3)),
                Map.of("x", X, "n", N, "c", C),
                new double[] {i},
                steps,
                T0.plusSeconds(i),
                T0.plusSeconds(i + 1),
                userAttributes,
                Map.of(FrozenTrial.CONSTRAINTS, List.of(-1.0, i - 0.5)),
                null);
    }

    private static FrozenTrial template(int i) {
        return template(i, Map.of("source", "batch", "index", i));
    }

    /** Why {@code t} is not an added trial stored whole, or null if it is. */
    private static String notWhole(FrozenTrial t) {
        if (t.state() != TrialState.COMPLETE) {
            return "trial " + t.number() + " is " + t.state();
        }
        if (t.internalParams().size() != 3
                || t.intermediateValues().size() != 5
                || t.userAttributes().size() != 2
                || t.constraints().length != 2
                || t.finished() == null) {
            return "trial " + t.number() + " is stored in part: " + t + " " + t.intermediateValues() + " "
                    + t.userAttributes();
        }
        return null;
    }

    @Test
    void anotherStorageNeverSeesAnAddedTrialRunningOrInPart() throws Exception {
        String url = newUrl();
        JdbcStorage writer = open(url);
        JdbcStorage reader = open(url);
        long study =
                writer.createStudy("whole", List.of(Direction.MINIMIZE), T0).id();
        int count = 60;
        AtomicBoolean added = new AtomicBoolean();
        CountDownLatch firstRead = new CountDownLatch(1);
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> reads = pool.submit(() -> {
                int n = 0;
                boolean last;
                do {
                    last = added.get();
                    for (FrozenTrial t : reader.trials(study)) {
                        String problem = notWhole(t);
                        if (problem != null) {
                            seen.add(problem);
                        }
                    }
                    // what a run's stale-trial reaper and its budget look at
                    reader.lastBeats(study).keySet().forEach(number -> seen.add("trial " + number + " is RUNNING"));
                    n++;
                    firstRead.countDown();
                } while (!last);
                return n;
            });
            assertThat(firstRead.await(60, TimeUnit.SECONDS))
                    .as("the reader started")
                    .isTrue();
            for (int i = 0; i < count; i++) {
                assertThat(writer.createFinishedTrial(study, template(i)).number())
                        .isEqualTo(i);
            }
            added.set(true);
            assertThat(reads.get(120, TimeUnit.SECONDS)).isGreaterThan(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(seen).as("what the reader saw while trials were added").isEmpty();
        List<FrozenTrial> all = reader.trials(study);
        assertThat(all)
                .extracting(FrozenTrial::number)
                .containsExactlyElementsOf(IntStream.range(0, count).boxed().toList());
        assertThat(all).allSatisfy(t -> assertThat(notWhole(t)).isNull());
    }

    @Test
    void aFailureInsideTheTransactionLeavesNoRowAndTakesNoNumber() throws Exception {
        String url = newUrl();
        JdbcStorage writer = open(url);
        long study =
                writer.createStudy("poisoned", List.of(Direction.MINIMIZE), T0).id();
        // the database refuses the last thing written, the attributes: trial row, parameters and
        // intermediate values are already in the transaction by then
        refuseAttributeKey(writer, "poison");

        assertThatThrownBy(() -> writer.createFinishedTrial(study, template(0, Map.of("poison", 1))))
                .isInstanceOf(StorageException.class)
                .hasMessageStartingWith("add a COMPLETE trial to study 'poisoned' failed on " + writer.url())
                .hasMessageContaining("poisoned attribute");

        assertThat(rowCounts(writer)).containsOnly(0);
        assertThat(open(url).trials(study)).isEmpty();
        assertThat(writer.createFinishedTrial(study, template(1)).number()).isZero();
        assertThat(rowCounts(writer)).containsExactly(1, 3, 5, 3);
    }

    @Test
    void anAttributeThatIsNotJsonOrADeletedStudyAddsNothing() throws Exception {
        String url = newUrl();
        JdbcStorage writer = open(url);
        long study =
                writer.createStudy("refused", List.of(Direction.MINIMIZE), T0).id();
        Object notJson = new Object();

        assertThatThrownBy(() -> writer.createFinishedTrial(study, template(0, Map.of("model", notJson))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user attribute 'model'");
        assertThat(rowCounts(writer)).containsOnly(0);
        assertThat(writer.trials(study)).isEmpty();

        open(url).deleteStudy(study);
        assertThatThrownBy(() -> writer.createFinishedTrial(study, template(1)))
                .isInstanceOf(StudyNotFoundException.class);
        assertThat(rowCounts(writer)).containsOnly(0);
    }

    @Test
    void aLargeTrialIsAddedWholeAndReadBackAsReturned() {
        String url = newUrl();
        JdbcStorage writer = open(url);
        long study =
                writer.createStudy("large", List.of(Direction.MINIMIZE), T0).id();
        Map<String, Double> params = new java.util.LinkedHashMap<>();
        Map<String, io.paratune.space.Distribution> distributions = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 1500; i++) {
            params.put("p" + i, i % 2 == 0 ? 0.5 : 1.0);
            distributions.put("p" + i, i % 2 == 0 ? FloatDistribution.of("p" + i, 0, 1) : C);
        }
        TreeMap<Integer, Double> steps = new TreeMap<>();
        for (int step = 0; step < 20_000; step++) {
            steps.put(step * 3, step % 97 == 0 ? Double.NaN : step % 89 == 0 ? Double.NEGATIVE_INFINITY : 1e6 - step);
        }
        Map<String, Object> user = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 500; i++) {
            user.put("k" + (499 - i), List.of(i, "v" + i, Map.of("nested", i % 2 == 0)));
        }
        FrozenTrial template = new FrozenTrial(
                -1,
                -1,
                TrialState.PRUNED,
                params,
                distributions,
                new double[] {2.5},
                steps,
                T0,
                T0.plusNanos(1),
                user,
                Map.of("fixed_params", Map.of("p0", 0.5)),
                null);

        FrozenTrial added = writer.createFinishedTrial(study, template);

        assertThat(open(url).trial(added.id())).isEqualTo(added);
        assertThat(added.internalParams().keySet()).containsExactlyElementsOf(params.keySet());
        assertThat(added.userAttributes().keySet()).containsExactlyElementsOf(user.keySet());
        assertThat(added.intermediateValues())
                .hasSize(20_000)
                .containsEntry(0, Double.NaN)
                .containsEntry(89 * 3, Double.NEGATIVE_INFINITY)
                .containsEntry(3, 1e6 - 1);
        assertThat(added.values()).containsExactly(2.5);
    }

    @Test
    void aRetryAfterALostAnswerReturnsTheTrialTheFirstAttemptWrote() {
        JdbcStorage storage = open(newUrl());
        long study =
                storage.createStudy("retried", List.of(Direction.MINIMIZE), T0).id();
        Database db = storage.database();
        FrozenTrial first = storage.createFinishedTrial(study, template(0));

        // the first attempt was committed but its answer lost: the retry finds it and adds nothing
        FinishedTrialInsert same = FinishedTrialInsert.of(template(0));
        FrozenTrial again = db.writeDurably("retry", (c, retried) -> retryOf(db, same, c, study));
        assertThat(again).isEqualTo(first);
        assertThat(storage.trials(study)).containsExactly(first);

        // one that differs is added
        FinishedTrialInsert other = FinishedTrialInsert.of(template(0, Map.of("source", "another run")));
        FrozenTrial added = db.writeDurably("retry", (c, retried) -> retryOf(db, other, c, study));
        assertThat(added.number()).isEqualTo(1);
        assertThat(storage.trials(study)).containsExactly(first, added);
    }

    private static FrozenTrial retryOf(Database db, FinishedTrialInsert insert, Connection c, long study)
            throws java.sql.SQLException {
        return db.dialect() == Dialect.POSTGRESQL
                ? insert.inOneStatement(c, study, true)
                : insert.inTransaction(c, study, true);
    }

    @Test
    void addedTrialsAreReadBackExactlyAndCountForTheSampler() {
        String url = newUrl();
        JdbcStorage storage = open(url);
        Study study = Study.builder()
                .name("warm start")
                .storage(storage)
                .sampler(TpeSampler.builder().seed(11).startupTrials(10).build())
                .create();
        // twenty evaluations from elsewhere: "sgd" is always far worse
        List<FrozenTrial> added = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String optimizer = i % 2 == 0 ? "adam" : "sgd";
            double x = (i + 0.5) / 20;
            added.add(study.addTrial(EvaluatedTrial.complete(loss(optimizer, x))
                    .param(FloatDistribution.of("x", 0, 1), x)
                    .param(CategoricalDistribution.of("optimizer", List.of("adam", "sgd")), optimizer)
                    .intermediateValue(0, 9.0)
                    .userAttribute("source", "grid")
                    .constraints(-1)
                    .build()));
        }
        FrozenTrial pruned = study.addTrial(EvaluatedTrial.pruned()
                .param(FloatDistribution.of("x", 0, 1), 0.9)
                .intermediateValue(0, 7.0)
                .intermediateValue(1, 6.5)
                .build());
        FrozenTrial failed =
                study.addTrial(EvaluatedTrial.failed("out of memory").build());

        try (JdbcStorage reopened = JdbcStorage.open(url)) {
            List<FrozenTrial> read = reopened.trials(study.id());
            assertThat(read.subList(0, 20)).containsExactlyElementsOf(added);
            assertThat(read.get(20)).isEqualTo(pruned);
            assertThat(pruned.values()).containsExactly(6.5);
            assertThat(read.get(21)).isEqualTo(failed);
            assertThat(failed.failureMessage()).isEqualTo("out of memory");
            assertThat(added.get(3).params()).containsExactly(Map.entry("x", 0.175), Map.entry("optimizer", "sgd"));
            assertThat(added.get(3).constraints()).containsExactly(-1.0);
        }

        // past its startup trials from the added ones alone, TPE proposes the better optimizer
        int adam = 0;
        for (int k = 0; k < 10; k++) {
            Trial trial = study.ask();
            assertThat(trial.number()).isEqualTo(22 + k);
            double x = trial.suggestFloat("x", 0, 1);
            String optimizer = trial.suggestCategorical("optimizer", List.of("adam", "sgd"));
            adam += optimizer.equals("adam") ? 1 : 0;
            study.tell(trial, loss(optimizer, x));
        }
        assertThat(adam)
                .as("asks that chose the optimizer the added trials favour")
                .isGreaterThanOrEqualTo(9);
        assertThat(study.bestTrial().params().get("optimizer")).isEqualTo("adam");
    }

    private static double loss(String optimizer, double x) {
        return (optimizer.equals("adam") ? 0 : 10) + (x - 0.3) * (x - 0.3);
    }

    /** Makes the database refuse any trial attribute with this key, as a constraint failure would. */
    private static void refuseAttributeKey(JdbcStorage storage, String key) throws Exception {
        boolean postgres = storage.database().dialect() == Dialect.POSTGRESQL;
        List<String> ddl = postgres
                ? List.of(
                        "CREATE FUNCTION refuse_attribute() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                                + " IF NEW.attr_key = '" + key + "' THEN RAISE EXCEPTION 'poisoned attribute'; END IF;"
                                + " RETURN NEW; END $$",
                        "CREATE TRIGGER refuse_attribute BEFORE INSERT ON paratune_trial_attribute FOR EACH ROW"
                                + " EXECUTE FUNCTION refuse_attribute()")
                : List.of("CREATE TRIGGER refuse_attribute BEFORE INSERT ON paratune_trial_attribute WHEN"
                        + " NEW.attr_key = '" + key + "' BEGIN SELECT RAISE(ABORT, 'poisoned attribute'); END");
        try (Connection c = storage.database().unpooledDataSource().getConnection();
                Statement s = c.createStatement()) {
            for (String sql : ddl) {
                s.execute(sql);
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }

    /** The rows of the trial tables (trials, parameters, intermediate values, attributes). */
    private static List<Integer> rowCounts(JdbcStorage storage) throws Exception {
        List<Integer> counts = new ArrayList<>();
        try (Connection c = storage.database().unpooledDataSource().getConnection();
                Statement s = c.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    r.next();
                    counts.add(r.getInt(1));
                }
            }
        }
        return counts;
    }
}
