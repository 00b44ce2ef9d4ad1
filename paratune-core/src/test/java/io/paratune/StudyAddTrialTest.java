package io.paratune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paratune.sampler.RandomSampler;
import io.paratune.sampler.Sampler;
import io.paratune.space.CategoricalDistribution;
import io.paratune.space.Distribution;
import io.paratune.space.FloatDistribution;
import io.paratune.space.IntDistribution;
import io.paratune.space.SearchSpace;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StudyAddTrialTest {

    private static final SearchSpace SPACE = SearchSpace.of(
            FloatDistribution.logScale("lr", 1e-5, 1),
            IntDistribution.of("layers", 1, 4),
            CategoricalDistribution.of("opt", List.of("adam", "sgd")));

    /** Counts every proposal call (a sampler that must not be asked by addTrial). */
    private static final class CountingSampler implements Sampler {
        final AtomicInteger calls = new AtomicInteger();
        private final Sampler random = RandomSampler.seeded(1);

        @Override
        public Map<String, Object> reserveParams(StudyView study) {
            calls.incrementAndGet();
            return Map.of();
        }

        @Override
        public SearchSpace relativeSearchSpace(StudyView study, FrozenTrial trial) {
            calls.incrementAndGet();
            return SearchSpace.empty();
        }

        @Override
        public double sampleIndependent(StudyView study, FrozenTrial trial, String name, Distribution d) {
            calls.incrementAndGet();
            return random.sampleIndependent(study, trial, name, d);
        }
    }

    @Test
    void aCompleteTrialIsAddedWithoutAskingTheSampler() {
        CountingSampler sampler = new CountingSampler();
        Study study = Study.builder().sampler(sampler).create();
        FrozenTrial added = study.addTrial(SPACE, Map.of("lr", 1e-3, "layers", 2, "opt", "sgd"), 0.25);
        assertThat(sampler.calls).hasValue(0);
        assertThat(added.number()).isZero();
        assertThat(added.state()).isEqualTo(TrialState.COMPLETE);
        assertThat(added.params()).isEqualTo(Map.of("lr", 1e-3, "layers", 2L, "opt", "sgd"));
        assertThat(added.values()).containsExactly(0.25);
        assertThat(study.bestTrial().number()).isZero();
        Trial next = study.ask(SPACE);
        assertThat(next.number()).isEqualTo(1);
    }

    @Test
    void everyPartOfAnEvaluatedTrialIsKept() {
        Study study = Study.builder().create();
        FrozenTrial added = study.addTrial(EvaluatedTrial.complete(0.5)
                .param(FloatDistribution.stepped("dropout", 0, 0.5, 0.1), 0.3)
                .param(CategoricalDistribution.of("act", List.of("relu", 1, true)), true)
                .intermediateValue(0, 0.9)
                .intermediateValue(3, 0.6)
                .userAttribute("source", "paper")
                .constraints(-1, Double.POSITIVE_INFINITY)
                .build());
        FrozenTrial stored = study.trials().get(0);
        for (FrozenTrial t : List.of(added, stored)) {
            assertThat(t.params()).containsEntry("dropout", 0.3).containsEntry("act", true);
            assertThat(t.intermediateValues()).containsExactly(Map.entry(0, 0.9), Map.entry(3, 0.6));
            assertThat(t.userAttributes()).containsEntry("source", "paper");
            assertThat(t.constraints()).containsExactly(-1, Double.MAX_VALUE);
            assertThat(t.isFeasible()).isFalse();
        }
        assertThat(study.bestTrials()).isEmpty();
    }

    @Test
    void prunedAndFailedTrialsAreAdded() {
        Study study = Study.builder().create();
        FrozenTrial pruned = study.addTrial(EvaluatedTrial.pruned()
                .params(SPACE, Map.of("layers", 3))
                .intermediateValue(0, 2.0)
                .intermediateValue(1, 1.5)
                .build());
        FrozenTrial failed = study.addTrial(EvaluatedTrial.failed("out of memory")
                .params(SPACE, Map.of("opt", "adam"))
                .build());
        FrozenTrial failedPlain = study.addTrial(EvaluatedTrial.failed(null).build());
        assertThat(pruned.state()).isEqualTo(TrialState.PRUNED);
        assertThat(pruned.values())
                .as("its last intermediate value, as a pruned trial keeps")
                .containsExactly(1.5);
        assertThat(failed.state()).isEqualTo(TrialState.FAIL);
        assertThat(failed.failureMessage()).isEqualTo("out of memory");
        assertThat(failedPlain.failureMessage()).isEqualTo("added as FAIL");
        assertThat(study.trials(TrialState.PRUNED, TrialState.FAIL)).hasSize(3);
    }

    @Test
    void valuesAreCheckedAgainstTheDirections() {
        Study two = Study.builder()
                .directions(Direction.MINIMIZE, Direction.MAXIMIZE)
                .create();
        assertThatThrownBy(() -> two.addTrial(SPACE, Map.of("layers", 2), 1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 directions")
                .hasMessageContaining("1 values")
                .hasMessageContaining("one value per direction");
        assertThatThrownBy(() -> two.addTrial(
                        EvaluatedTrial.pruned().intermediateValue(0, 1).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("single-objective");
        assertThatThrownBy(() -> EvaluatedTrial.complete(1, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("value 1 is NaN");
        assertThatThrownBy(() -> EvaluatedTrial.complete())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no value");
        assertThat(two.addTrial(SPACE, Map.of("layers", 2), 1.0, -3.0).values()).containsExactly(1.0, -3.0);
        assertThat(two.trials()).hasSize(1);
    }

    @Test
    void parametersAreCheckedAgainstTheirDistributions() {
        Study study = Study.builder().create();
        assertThatThrownBy(() -> study.addTrial(SPACE, Map.of("layers", 7), 1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("addTrial")
                .hasMessageContaining("'layers'")
                .hasMessageContaining("7");
        assertThatThrownBy(() -> study.addTrial(SPACE, Map.of("opt", "rmsprop"), 1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'opt'")
                .hasMessageContaining("rmsprop");
        assertThatThrownBy(() -> study.addTrial(SPACE, Map.of("momentum", 0.9), 1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'momentum'")
                .hasMessageContaining("not in the search space");
        assertThatThrownBy(() -> EvaluatedTrial.complete(1)
                        .param(IntDistribution.of("n", 0, 3), 1)
                        .param(IntDistribution.of("n", 0, 9), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'n' is given twice");
        assertThatThrownBy(() -> EvaluatedTrial.pruned().intermediateValue(-1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("step=-1");
        assertThat(study.trials()).isEmpty();
    }

    @Test
    void addedTrialsAreSharedWithEveryStudyObjectOnTheStorage() {
        io.paratune.storage.Storage storage = io.paratune.storage.Storage.inMemory();
        Study a = Study.builder().name("shared").storage(storage).create();
        Study b = Study.builder().name("shared").storage(storage).load();
        a.addTrial(SPACE, Map.of("lr", 0.1), 3.0);
        b.addTrial(SPACE, Map.of("lr", 0.01), 2.0);
        assertThat(a.trials()).extracting(FrozenTrial::number).containsExactly(0, 1);
        assertThat(a.bestValue()).isEqualTo(2.0);
    }
}
