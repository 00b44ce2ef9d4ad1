package io.paratune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paratune.sampler.RandomSampler;
import io.paratune.space.CategoricalDistribution;
import io.paratune.space.FloatDistribution;
import io.paratune.space.IntDistribution;
import io.paratune.space.SearchSpace;
import io.paratune.storage.Storage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StudyAskTellTest {

    private final Study study =
            Study.builder().name("s").sampler(RandomSampler.seeded(7)).create();

    @Test
    void eightAsksBeforeAnyTellAreAllRunningAndDistinct() {
        List<Trial> batch = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Trial t = study.ask();
            t.suggestFloat("x", 0, 1);
            batch.add(t);
        }
        assertThat(study.trials(TrialState.RUNNING)).hasSize(8);
        assertThat(batch.stream().map(t -> t.params().get("x")).distinct()).hasSize(8);
        for (Trial t : batch) {
            study.tell(t, (Double) t.params().get("x"));
        }
        assertThat(study.trials(TrialState.COMPLETE)).hasSize(8);
    }

    @Test
    void askEnqueuedOnlyClaimsWaitingTrialsAndAskNewNeverDoes() {
        Study s = Study.builder().sampler(RandomSampler.seeded(3)).create();
        assertThat(s.askEnqueued()).isEmpty();
        s.enqueue(Map.of("x", 0.25));

        Trial fresh = s.askNew();
        assertThat(fresh.number()).isEqualTo(1);
        assertThat(s.trials(TrialState.WAITING)).hasSize(1);

        Trial claimed = s.askEnqueued().orElseThrow();
        assertThat(claimed.number()).isZero();
        assertThat(claimed.suggestFloat("x", 0, 1)).isEqualTo(0.25);
        assertThat(s.askEnqueued()).isEmpty();
        assertThat(s.trials()).extracting(FrozenTrial::state).containsOnly(TrialState.RUNNING);
    }

    @Test
    void askNewOnAnExhaustedGridSaysSoAndCreatesNothing() {
        Study s = Study.builder()
                .sampler(io.paratune.sampler.GridSampler.of(Map.of("k", List.of(1, 2))))
                .create();
        s.askNew();
        s.askNew();
        assertThatThrownBy(s::askNew).isInstanceOf(SamplerExhaustedException.class);
        assertThat(s.trials()).hasSize(2);
    }

    @Test
    void tellingAFinishedTrialAgainIsRefused() {
        Trial t = study.ask();
        study.tell(t, 1.0);
        assertThatThrownBy(() -> study.tell(t, 2.0))
                .isInstanceOf(TrialAlreadyFinishedException.class)
                .hasMessageContaining("trial 0")
                .hasMessageContaining("COMPLETE");
        assertThat(study.trials().get(0).value()).isEqualTo(1.0);
    }

    @Test
    void tellWithNonFiniteValueFailsTheTrial() {
        Trial t = study.ask();
        FrozenTrial done = study.tell(t, Double.POSITIVE_INFINITY);
        assertThat(done.state()).isEqualTo(TrialState.FAIL);
        assertThat(done.failureMessage()).contains("Infinity", "finite");
        assertThat(done.hasValues()).isFalse();
    }

    @Test
    void tellByNumberAndByState() {
        Trial a = study.ask();
        Trial b = study.ask();
        a.report(3, 0.25);
        assertThat(study.tell(a.number(), TrialState.PRUNED).values()).containsExactly(0.25);
        assertThat(study.tell(b, TrialState.FAIL).state()).isEqualTo(TrialState.FAIL);
        assertThatThrownBy(() -> study.tell(study.ask(), TrialState.COMPLETE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("values");
        assertThatThrownBy(() -> study.tell(42, 1.0)).hasMessageContaining("no trial 42");
    }

    @Test
    void failKeepsTheMessageAndRefusesABlankOne() {
        Trial t = study.ask();
        FrozenTrial done = study.fail(t, "exited with code 3");
        assertThat(done.state()).isEqualTo(TrialState.FAIL);
        assertThat(done.failureMessage()).isEqualTo("exited with code 3");
        assertThatThrownBy(() -> study.fail(study.ask(), " ")).hasMessageContaining("message is empty");
        assertThatThrownBy(() -> study.fail(t, "again")).isInstanceOf(TrialAlreadyFinishedException.class);
    }

    @Test
    void askWithAFixedSearchSpaceSuggestsEveryParameter() {
        SearchSpace space = SearchSpace.of(
                FloatDistribution.logScale("lr", 1e-5, 1e-1),
                IntDistribution.of("layers", 1, 4),
                CategoricalDistribution.of("opt", List.of("adam", "sgd")));
        Trial t = study.ask(space);
        assertThat(t.params()).containsOnlyKeys("lr", "layers", "opt");
        assertThat(study.trials().get(0).distributions()).isEqualTo(space.distributions());
    }

    @Test
    void suggestingANameAgainReturnsTheFirstValueAndADifferentRangeIsAnError() {
        Trial t = study.ask();
        double x = t.suggestFloat("x", 0, 1);
        assertThat(t.suggestFloat("x", 0, 1)).isEqualTo(x);
        String c = t.suggestCategorical("c", Arrays.asList("a", null, "b"));
        assertThat(t.suggestCategorical("c", Arrays.asList("a", null, "b"))).isEqualTo(c);
        assertThatThrownBy(() -> t.suggestFloat("x", 0, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'x'")
                .hasMessageContaining("another name");
    }

    @Test
    void categoricalChoicesKeepTheCallersTypes() {
        Trial t = study.ask();
        Boolean b = t.suggestCategorical("flag", List.of(true, false));
        Integer i = t.suggestCategorical("width", List.of(32, 64, 128));
        assertThat(b).isIn(true, false);
        assertThat(i).isIn(32, 64, 128);
        study.tell(t, 0.0);
        assertThat(study.trials().get(0).param("width")).isEqualTo(i);
    }

    @Test
    void bestTrialHonoursTheDirection() {
        Study max = Study.builder().direction(Direction.MAXIMIZE).create();
        for (double v : new double[] {1, 5, 3, 5}) {
            max.tell(max.ask(), v);
        }
        assertThat(max.bestTrial().number()).isEqualTo(1);
        assertThat(max.bestValue()).isEqualTo(5);
        assertThat(max.bestTrials()).extracting(FrozenTrial::number).containsExactly(1, 3);
        assertThatThrownBy(() -> study.bestTrial())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no COMPLETE trial");
    }

    @Test
    void paretoFrontForTwoDirections() {
        Study moo = Study.builder()
                .directions(Direction.MINIMIZE, Direction.MAXIMIZE)
                .create();
        double[][] values = {{1, 1}, {2, 3}, {2, 2}, {0, 0}, {3, 3}, {1, 1}};
        for (double[] v : values) {
            moo.tell(moo.ask(), v);
        }
        assertThat(moo.bestTrials()).extracting(FrozenTrial::number).containsExactly(0, 1, 3, 5);
        assertThatThrownBy(moo::bestTrial).hasMessageContaining("bestTrials()");
    }

    @Test
    void builderCreatesLoadsAndRejectsConflicts() {
        Storage storage = Storage.inMemory();
        Study created = Study.builder()
                .name("a")
                .storage(storage)
                .direction(Direction.MAXIMIZE)
                .create();
        created.tell(created.ask(), 1.0);
        Study loaded = Study.builder().name("a").storage(storage).load();
        assertThat(loaded.directions()).containsExactly(Direction.MAXIMIZE);
        assertThat(loaded.trials()).hasSize(1);
        assertThat(Study.builder().name("a").storage(storage).createOrLoad().trials())
                .hasSize(1);
        assertThat(Study.builder().name("b").storage(storage).createOrLoad().trials())
                .isEmpty();
        assertThatThrownBy(() -> Study.builder().name("a").storage(storage).create())
                .isInstanceOf(DuplicateStudyException.class)
                .hasMessageContaining("'a'");
        assertThatThrownBy(() -> Study.builder().name("zz").storage(storage).load())
                .isInstanceOf(StudyNotFoundException.class)
                .hasMessageContaining("'zz'");
        assertThatThrownBy(() -> Study.builder()
                        .name("a")
                        .storage(storage)
                        .direction(Direction.MINIMIZE)
                        .load())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MAXIMIZE");
        assertThatThrownBy(() -> Study.builder().name("a").name("b"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already set");
        assertThatThrownBy(() -> Study.builder().name(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-blank");
    }

    @Test
    void attributesAreStored() {
        Trial t = study.ask();
        t.setUserAttribute("epochs", List.of(1, 2, 3));
        study.setAttribute("config", Map.of("k", "v"));
        study.tell(t, 1.0);
        assertThat(study.trials().get(0).userAttributes()).containsEntry("epochs", List.of(1, 2, 3));
        assertThat(study.attributes()).containsEntry("config", Map.of("k", "v"));
        Trial u = study.ask();
        assertThatThrownBy(() -> u.setUserAttribute("bad", new Object()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'bad'");
    }

    @Test
    void reportIsForSingleObjectiveStudiesAndKeepsTheFirstValuePerStep() {
        Trial t = study.ask();
        t.report(1, 0.5);
        t.report(1, 0.1);
        assertThat(t.snapshot().intermediateValues()).containsExactly(Map.entry(1, 0.5));
        assertThatThrownBy(() -> t.report(-1, 0.0)).hasMessageContaining("step=-1");
        Study moo = Study.builder()
                .directions(Direction.MINIMIZE, Direction.MINIMIZE)
                .create();
        assertThatThrownBy(() -> moo.ask().report(0, 1.0)).hasMessageContaining("single-objective");
    }
}
