package io.paratune;

import static org.assertj.core.api.Assertions.assertThat;

import io.paratune.sampler.RandomSampler;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StudyOptimizeTest {

    @Test
    void parallelOptimizeRunsExactlyTheRequestedTrialsNumberedDensely() {
        Study study = Study.builder().sampler(RandomSampler.seeded(1)).create();
        study.optimize(t -> {
            double x = t.suggestFloat("x", -10, 10);
            int n = t.suggestInt("n", 1, 100, true);
            return x * x + n;
        }, 200, 4);
        assertThat(study.trials()).hasSize(200);
        assertThat(study.trials().stream().mapToInt(FrozenTrial::number)).containsExactlyElementsOf(
                IntStream.range(0, 200).boxed().toList());
        assertThat(study.trials()).allMatch(t -> t.state() == TrialState.COMPLETE);
        assertThat(study.bestValue()).isLessThan(20);
    }
}
