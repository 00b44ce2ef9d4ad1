package io.paratune.pruner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paratune.Direction;
import org.junit.jupiter.api.Test;

/** {@link Pruners#patient} on hand-made curves. */
class PatientPrunerTest {
    private static final double NAN = Double.NaN;

    @Test
    void prunesWhenTheBestHasNotImprovedForPatienceSteps() {
        PrunerFixture f = new PrunerFixture(Pruners.patient(2, 0));
        assertThat(f.prunes(5, 4, 3, 2, 1)).isFalse();
        assertThat(f.prunes(5, 4, 4.5, 4.2))
                .as("the last 3 values hold the best, 4")
                .isFalse();
        assertThat(f.prunes(5, 4, 4.5, 4.2, 4.0))
                .as("last 3 best 4.0 is no better than 4")
                .isTrue();
        assertThat(f.prunes(5, 4, 4.5, 4.2, 3.9)).isFalse();
    }

    @Test
    void minDeltaIsTheImprovementThatCounts() {
        PrunerFixture f = new PrunerFixture(Pruners.patient(1, 0.5));
        assertThat(f.prunes(3, 2.6, 2.7)).as("improved by 0.4 only").isTrue();
        assertThat(f.prunes(3, 2.4, 2.7)).isFalse();
    }

    @Test
    void maximizingLooksForLargerValues() {
        PrunerFixture f = new PrunerFixture(Pruners.patient(1, 0), Direction.MAXIMIZE);
        assertThat(f.prunes(0.5, 0.6, 0.7)).isFalse();
        assertThat(f.prunes(0.5, 0.9, 0.7, 0.8)).isTrue();
    }

    @Test
    void nanValuesAreSkippedAndAWindowOfNanOnlyHasStalled() {
        PrunerFixture f = new PrunerFixture(Pruners.patient(1, 0));
        assertThat(f.prunes(3, NAN, 2)).isFalse();
        assertThat(f.prunes(3, 2, NAN, NAN)).isTrue();
        assertThat(f.prunes(NAN, NAN, 1)).as("nothing before to compare with").isFalse();
    }

    @Test
    void aWrappedPrunerDecidesOnceTheTrialHasStalled() {
        Pruner wrapped = Pruners.threshold(Double.NEGATIVE_INFINITY, 5, 0, 1);
        PrunerFixture f = new PrunerFixture(Pruners.patient(wrapped, 1, 0));
        assertThat(f.prunes(3, 4, 4.5)).as("stalled but below the threshold").isFalse();
        assertThat(f.prunes(9, 8, 7)).as("above the threshold but improving").isFalse();
        assertThat(f.prunes(6, 7, 8)).as("stalled and above").isTrue();
    }

    @Test
    void badOptionsAreRefused() {
        assertThatThrownBy(() -> Pruners.patient(-1, 0)).hasMessageContaining("patience=-1");
        assertThatThrownBy(() -> Pruners.patient(1, -0.1)).hasMessageContaining("minDelta=-0.1");
        assertThatThrownBy(() -> Pruners.patient(1, Double.NaN)).hasMessageContaining("minDelta=NaN");
        assertThatThrownBy(() -> Pruners.patient(null, 1, 0))
                .hasMessageContaining("wrapped=null")
                .hasMessageContaining("patient(patience, minDelta)");
    }
}
