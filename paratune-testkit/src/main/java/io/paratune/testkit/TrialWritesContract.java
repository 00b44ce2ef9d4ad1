package io.paratune.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paratune.FrozenTrial;
import io.paratune.StudyNotFoundException;
import io.paratune.SystemAttributes;
import io.paratune.TrialState;
import io.paratune.space.CategoricalDistribution;
import io.paratune.space.FloatDistribution;
import io.paratune.space.IntDistribution;
import io.paratune.storage.StudyInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * The part of the {@link StorageContract} on a running trial's writes: creating and claiming
 * trials, then their parameters, intermediate values and attributes.
 */
abstract class TrialWritesContract extends StudyStorageContract {
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
}
