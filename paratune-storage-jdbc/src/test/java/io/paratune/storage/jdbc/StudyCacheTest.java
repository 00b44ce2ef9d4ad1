package io.paratune.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paratune.Direction;
import io.paratune.FrozenTrial;
import io.paratune.StudyNotFoundException;
import io.paratune.TrialState;
import io.paratune.space.FloatDistribution;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache of finished trials: reads stay small as a study grows, and never go stale. */
class StudyCacheTest {
    private static final Instant T0 = Instant.parse("2026-02-01T00:00:00Z");

    @TempDir
    Path dir;

    private final List<JdbcStorage> opened = new ArrayList<>();

    private JdbcStorage open() {
        JdbcStorage s = JdbcStorage.open("sqlite:" + dir.resolve("cache.db"));
        opened.add(s);
        return s;
    }

    @AfterEach
    void close() {
        opened.forEach(JdbcStorage::close);
    }

    private static FrozenTrial complete(JdbcStorage s, long study, double value) {
        FrozenTrial t = s.createTrial(study, TrialState.RUNNING, Map.of(), T0);
        s.setParam(t.id(), "x", value, FloatDistribution.of("x", 0, 1000));
        return s.finishTrial(t.id(), TrialState.COMPLETE, new double[] {value}, null, T0);
    }

    @Test
    void eachReadFetchesOnlyNewAndUnfinishedTrials() {
        JdbcStorage s = open();
        long study = s.createStudy("grow", List.of(Direction.MINIMIZE), T0).id();
        for (int i = 0; i < 150; i++) {
            complete(s, study, i);
        }
        List<FrozenTrial> running = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            running.add(s.createTrial(study, TrialState.RUNNING, Map.of(), T0));
        }
        assertThat(s.trials(study)).hasSize(153);
        long before = s.sql().trialsRead();

        s.finishTrial(running.get(0).id(), TrialState.COMPLETE, new double[] {1}, null, T0);
        complete(s, study, 500);
        s.createTrial(study, TrialState.WAITING, Map.of(), T0);
        List<FrozenTrial> all = s.trials(study);

        assertThat(s.sql().trialsRead() - before).as("3 seen running + 2 new").isEqualTo(5);
        assertThat(all).isEqualTo(s.sql().trials(study));
        assertThat(all).hasSize(155);
        assertThat(all.get(150).state()).isEqualTo(TrialState.COMPLETE);
        long again = s.sql().trialsRead();
        s.trials(study, java.util.EnumSet.of(TrialState.COMPLETE));
        assertThat(s.sql().trialsRead() - again)
                .as("only the 3 unfinished are read again")
                .isEqualTo(3);
    }

    @Test
    void trialsChangedByAnotherStorageAreSeenChanged() {
        JdbcStorage reader = open();
        JdbcStorage writer = open();
        long study =
                reader.createStudy("shared", List.of(Direction.MINIMIZE), T0).id();
        FrozenTrial t = writer.createTrial(study, TrialState.RUNNING, Map.of(), T0);
        assertThat(reader.trials(study))
                .singleElement()
                .extracting(FrozenTrial::state)
                .isEqualTo(TrialState.RUNNING);
        writer.setIntermediateValue(t.id(), 0, 0.5);
        assertThat(reader.trials(study).get(0).intermediateValues()).containsEntry(0, 0.5);
        writer.finishTrial(t.id(), TrialState.PRUNED, new double[] {0.5}, null, T0);
        assertThat(reader.trials(study)).singleElement().satisfies(read -> {
            assertThat(read.state()).isEqualTo(TrialState.PRUNED);
            assertThat(read.value()).isEqualTo(0.5);
        });
        assertThat(reader.trial(t.id()).state()).isEqualTo(TrialState.PRUNED);
        assertThat(reader.trialByNumber(study, 0)).map(FrozenTrial::state).contains(TrialState.PRUNED);
    }

    @Test
    void aStudyDeletedByAnotherStorageIsNotFound() {
        JdbcStorage reader = open();
        JdbcStorage writer = open();
        long study =
                reader.createStudy("doomed", List.of(Direction.MINIMIZE), T0).id();
        complete(writer, study, 1);
        assertThat(reader.trials(study)).hasSize(1);
        writer.deleteStudy(study);
        assertThatThrownBy(() -> reader.trials(study)).isInstanceOf(StudyNotFoundException.class);
    }

    /** Seeded random writes by one storage while another reads: reads only grow and end up exact. */
    @Test
    void readsDuringRandomWritesNeverGoBackAndEndExact() throws Exception {
        JdbcStorage reader = open();
        JdbcStorage writer = open();
        long study =
                reader.createStudy("random", List.of(Direction.MINIMIZE), T0).id();
        AtomicBoolean writing = new AtomicBoolean(true);
        JdbcBehaviour.runConcurrently(2, role -> {
            if (role == 0) {
                SplittableRandom random = new SplittableRandom(42);
                List<Long> open = new ArrayList<>();
                for (int i = 0; i < 300; i++) {
                    int op = random.nextInt(4);
                    if (op == 0 || open.isEmpty()) {
                        open.add(writer.createTrial(study, TrialState.RUNNING, Map.of(), T0)
                                .id());
                    } else if (op == 1) {
                        writer.setIntermediateValue(open.get(random.nextInt(open.size())), i, i);
                    } else {
                        long id = open.remove(random.nextInt(open.size()));
                        writer.finishTrial(
                                id,
                                op == 2 ? TrialState.COMPLETE : TrialState.FAIL,
                                op == 2 ? new double[] {i} : null,
                                null,
                                T0);
                    }
                }
                writing.set(false);
            } else {
                List<FrozenTrial> previous = List.of();
                while (writing.get()) {
                    List<FrozenTrial> now = reader.trials(study);
                    assertThat(now.size()).isGreaterThanOrEqualTo(previous.size());
                    for (FrozenTrial before : previous) {
                        if (before.state().isFinished()) {
                            assertThat(now.get(before.number())).isEqualTo(before);
                        }
                    }
                    previous = now;
                }
            }
            return null;
        });
        assertThat(reader.trials(study)).isEqualTo(writer.sql().trials(study));
    }
}
