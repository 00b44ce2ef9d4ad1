package io.paratune.pruner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link Pruners#threshold} on hand-made curves. */
class ThresholdPrunerTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void prunesTheFirstTrialOutsideTheBounds() {
        PrunerFixture f = new PrunerFixture(Pruners.threshold(0, 10, 0, 1));
        assertThat(f.prunes(5)).isFalse();
        assertThat(f.prunes(10)).as("the bounds are inclusive").isFalse();
        assertThat(f.prunes(1, 10.5)).isTrue();
        assertThat(f.prunes(1, -0.5)).isTrue();
        assertThat(f.prunes(20, 5)).as("only the latest value counts").isFalse();
    }

    @Test
    void nanAndInfinitiesArePrunedWhenOutside() {
        PrunerFixture upperOnly = new PrunerFixture(Pruners.threshold(-INF, 100, 0, 1));
        assertThat(upperOnly.prunes(1, Double.NaN)).isTrue();
        assertThat(upperOnly.prunes(1, INF)).isTrue();
        assertThat(upperOnly.prunes(1, -INF)).as("no lower bound").isFalse();
        PrunerFixture nanOnly = new PrunerFixture(Pruners.threshold(-INF, INF, 0, 1));
        assertThat(nanOnly.prunes(INF)).isFalse();
        assertThat(nanOnly.prunes(Double.NaN)).isTrue();
    }

    @Test
    void judgesOnlyAfterTheWarmUpAndOnTheInterval() {
        PrunerFixture f = new PrunerFixture(Pruners.threshold(0, 1, 2, 3));
        assertThat(f.prunes(9)).as("step 0 is in the warm-up").isFalse();
        assertThat(f.prunes(9, 9, 9)).as("step 2 is judged").isTrue();
        assertThat(f.prunes(0, 0, 0, 9)).as("step 3 is between intervals").isFalse();
        assertThat(f.prunes(0, 0, 0, 0, 0, 9)).as("step 5 is judged").isTrue();
    }

    @Test
    void badOptionsNameFieldValueAndFix() {
        assertThatThrownBy(() -> Pruners.threshold(2, 1, 0, 1))
                .hasMessage("threshold pruner: lower=2.0 > upper=1.0; swap them");
        assertThatThrownBy(() -> Pruners.threshold(Double.NaN, 1, 0, 1))
                .hasMessageContaining("lower=NaN")
                .hasMessageContaining("give numbers");
        assertThatThrownBy(() -> Pruners.threshold(0, 1, -1, 1)).hasMessageContaining("warmupSteps=-1");
        assertThatThrownBy(() -> Pruners.threshold(0, 1, 0, 0))
                .hasMessageContaining("intervalSteps=0")
                .hasMessageContaining("give 1");
    }
}
