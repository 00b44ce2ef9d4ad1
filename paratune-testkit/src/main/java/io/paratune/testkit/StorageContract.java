package io.paratune.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.paratune.Direction;
import io.paratune.FrozenTrial;
import io.paratune.SystemAttributes;
import io.paratune.TrialState;
import io.paratune.space.FloatDistribution;
import io.paratune.storage.Storage;
import io.paratune.storage.StudyInfo;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Storage} fulfils, as one test suite that each implementation runs by
 * extending this class and implementing {@link #newStorage()}. It uses only the {@code Storage}
 * interface, so it holds for the in-memory storage and for durable ones alike: attribute numbers
 * are compared by value (a JSON storage may return {@code 7} as a {@code Long}), distributions by
 * name and range, and times are whole milliseconds.
 *
 * <p>Its tests are declared in package-private parts it extends, one per subject: studies, their
 * attributes and sequences; a running trial's writes; finished trials; and here what reads return
 * (snapshots and lists). The storage under test is {@link #storage}, opened before each test.
 */
public abstract class StorageContract extends FinishedTrialsContract {
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
