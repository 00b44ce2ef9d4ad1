package io.paratune.sampler.tpe;

import static org.assertj.core.api.Assertions.assertThat;

import io.paratune.Study;
import io.paratune.Trial;
import io.paratune.TrialState;
import io.paratune.space.CategoricalDistribution;
import io.paratune.space.FloatDistribution;
import io.paratune.space.IntDistribution;
import io.paratune.space.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The default TPE on the small integer ranges and mixed spaces of ordinary studies: a kernel
 * centred on a bound whose normalised distance to the other bound is just below the cdf table's
 * end used to index one past the table.
 */
class TpeSmallSpacesTest {

    @ParameterizedTest(name = "int [{0}, {1}], seed {2}")
    @CsvSource({"0, 2, 0", "0, 2, 1", "0, 2, 2", "4, 8, 0", "4, 8, 1", "4, 8, 2"})
    void defaultTpeRunsOneSmallIntegerParameterToTheEnd(int low, int high, long seed) {
        Study study = Study.builder().sampler(TpeSampler.seeded(seed)).create();
        study.optimize(t -> t.suggestInt("n", low, high), 130);
        assertThat(study.trials())
                .hasSize(130)
                .allSatisfy(t -> assertThat(t.state()).isEqualTo(TrialState.COMPLETE));
    }

    @ParameterizedTest(name = "int [0, 2] with {0} pending asks")
    @ValueSource(ints = {2, 4, 8})
    void defaultTpeWithPendingAsksRunsOneSmallIntegerParameterToTheEnd(int pending) {
        Study study = Study.builder().sampler(TpeSampler.seeded(3)).create();
        List<Trial> running = new ArrayList<>();
        for (int i = 0; i < 130; i++) {
            running.add(study.ask());
            running.get(running.size() - 1).suggestInt("n", 0, 2);
            if (running.size() == pending) {
                Trial t = running.remove(0);
                study.tell(t, ((Long) t.params().get("n")).doubleValue());
            }
        }
        assertThat(study.trials()).hasSize(130);
        assertThat(study.trials(TrialState.FAIL)).isEmpty();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {0, 1, 2, 3})
    void defaultTpeRunsAMixedSpaceThroughAskWithASearchSpace(long seed) {
        SearchSpace space = SearchSpace.of(
                IntDistribution.of("depth", 1, 3),
                FloatDistribution.logScale("lr", 1e-4, 1),
                CategoricalDistribution.of("kernel", List.of("rbf", "linear")));
        Study study = Study.builder().sampler(TpeSampler.seeded(seed)).create();
        for (int i = 0; i < 150; i++) {
            Trial t = study.ask(space);
            long depth = (Long) t.params().get("depth");
            double lr = (Double) t.params().get("lr");
            study.tell(t, depth + (t.params().get("kernel").equals("rbf") ? 0 : 0.5) + Math.abs(Math.log10(lr) + 2));
        }
        assertThat(study.trials(TrialState.COMPLETE)).hasSize(150);
    }
}
