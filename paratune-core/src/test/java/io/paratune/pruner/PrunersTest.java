package io.paratune.pruner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paratune.FrozenTrial;
import io.paratune.Study;
import io.paratune.TrialPrunedException;
import io.paratune.TrialState;
import io.paratune.sampler.RandomSampler;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrunersTest {

    @Test
    void noneNeverPrunes() {
        PrunerFixture f = new PrunerFixture(Pruners.none());
        f.completeTimes(10, 1, 1, 1);
        assertThat(f.prunes(1e9)).isFalse();
        assertThat(f.prunes(1e9, 1e9, 1e9)).isFalse();
        assertThat(f.prunes(Double.NaN)).isFalse();
        assertThat(f.prunes(Double.POSITIVE_INFINITY)).isFalse();
        assertThat(f.prunes()).isFalse();
    }

    @Test
    void percentileFactoryPrunesAboveItsPercentileAndChecksItsRange() {
        PrunerFixture strict = new PrunerFixture(Pruners.percentile(25, 1, 0, 1, 1));
        strict.completeTimes(1, 1.0);
        strict.completeTimes(1, 2.0);
        strict.completeTimes(1, 3.0);
        strict.completeTimes(1, 4.0);
        assertThat(strict.prunes(1.5)).as("above the 25th percentile 1.75? no").isFalse();
        assertThat(strict.prunes(2.0)).as("above the 25th percentile 1.75").isTrue();
        assertThatThrownBy(() -> Pruners.percentile(101, 0, 0, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("percentile=101");
    }

    @Test
    void anObjectiveThatStopsWhenToldEndsPrunedWithItsLastIntermediateValue() {
        Study study = Study.builder()
                .sampler(RandomSampler.seeded(3))
                .pruner(Pruners.median(3, 0, 1, 1))
                .create();
        study.optimize(
                trial -> {
                    // trials 3, 5 and 7 start well and then get worse than the median
                    boolean bad = trial.number() >= 3 && trial.number() % 2 == 1;
                    double value = 0;
                    for (int step = 0; step < 5; step++) {
                        value = bad ? (step == 0 ? 0.9 : 5 + step) : 1.0 / (step + 1);
                        trial.report(step, value);
                        if (trial.shouldPrune()) {
                            throw new TrialPrunedException();
                        }
                    }
                    return value;
                },
                9);

        List<FrozenTrial> trials = study.trials();
        assertThat(trials).hasSize(9);
        for (FrozenTrial t : trials) {
            if (t.number() >= 3 && t.number() % 2 == 1) {
                assertThat(t.state()).as("trial %d", t.number()).isEqualTo(TrialState.PRUNED);
                assertThat(t.intermediateValues()).as("stopped at step 1").containsOnlyKeys(0, 1);
                assertThat(t.value())
                        .as("its last intermediate value, not its best")
                        .isEqualTo(6.0);
                assertThat(t.finished()).isNotNull();
            } else {
                assertThat(t.state()).as("trial %d", t.number()).isEqualTo(TrialState.COMPLETE);
                assertThat(t.value()).isEqualTo(0.2);
                assertThat(t.intermediateValues()).hasSize(5);
            }
        }
        assertThat(study.bestValue()).isEqualTo(0.2);
        assertThat(study.trials(TrialState.PRUNED))
                .extracting(FrozenTrial::number)
                .containsExactly(3, 5, 7);
    }
}
