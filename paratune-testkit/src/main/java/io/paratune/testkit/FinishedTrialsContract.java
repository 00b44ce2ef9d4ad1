package io.paratune.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.paratune.FrozenTrial;
import io.paratune.StudyNotFoundException;
import io.paratune.TrialAlreadyFinishedException;
import io.paratune.TrialState;
import io.paratune.space.CategoricalDistribution;
import io.paratune.space.FloatDistribution;
import io.paratune.space.IntDistribution;
import io.paratune.storage.StudyInfo;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The part of the {@link StorageContract} on finished trials: finishing a trial once for good, and
 * adding a finished trial whole.
 */
abstract class FinishedTrialsContract extends TrialWritesContract {
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
}
