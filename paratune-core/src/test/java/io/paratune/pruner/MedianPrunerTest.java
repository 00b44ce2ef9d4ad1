package io.paratune.pruner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paratune.Direction;
import io.paratune.Study;
import io.paratune.Trial;
import io.paratune.TrialState;
import org.junit.jupiter.api.Test;

/** The median rule ({@link Pruners#median}) deciding on hand-made curves in a real study. */
class MedianPrunerTest {
    private static final double NAN = Double.NaN;

    @Test
    void defaultsWaitForFiveCompleteTrials() {
        PrunerFixture f = new PrunerFixture(Pruners.median());
        f.completeTimes(4, 1.0);
        assertThat(f.prunes(100)).as("4 complete trials are not enough").isFalse();
        f.complete(1.0);
        assertThat(f.prunes(100)).as("5 complete trials").isTrue();
    }

    @Test
    void aTrialWorseThanTheMedianIsPrunedAndOneNoWorseIsNot() {
        PrunerFixture f = new PrunerFixture(Pruners.median(0, 0, 1, 1));
        for (double v : new double[] {5, 1, 4, 2, 3}) {
            f.complete(v);
        }
        assertThat(f.prunes(2.5)).isFalse();
        assertThat(f.prunes(3)).as("equal to the median").isFalse();
        assertThat(f.prunes(3.5)).isTrue();
    }

    @Test
    void judgesTheBestValueSoFarAgainstTheMedianAtTheLastStep() {
        PrunerFixture f = new PrunerFixture(Pruners.median(0, 0, 1, 1));
        f.complete(10, 1).complete(10, 2).complete(10, 3);
        // step 1 median is 2: a trial that was at 0.5 earlier is not pruned although it is at 9 now
        assertThat(f.prunes(0.5, 9)).isFalse();
        assertThat(f.prunes(9, 2.5)).isTrue();
        // at step 0 the median is 10
        assertThat(f.prunes(9.5)).isFalse();
    }

    @Test
    void maximizingPrunesTrialsBelowTheMedian() {
        PrunerFixture f = new PrunerFixture(Pruners.median(0, 0, 1, 1), Direction.MAXIMIZE);
        for (double v : new double[] {0.5, 0.9, 0.7}) {
            f.complete(v, v);
        }
        assertThat(f.prunes(0.6)).isTrue();
        assertThat(f.prunes(0.7)).isFalse();
        assertThat(f.prunes(0.95)).isFalse();
        // best so far when maximizing is the largest value
        assertThat(f.prunes(0.8, 0.1)).isFalse();
        assertThat(f.prunes(0.6, 0.1)).isTrue();
    }

    @Test
    void noPruningBeforeTheWarmUpSteps() {
        PrunerFixture f = new PrunerFixture(Pruners.median(0, 3, 1, 1));
        f.completeTimes(3, 1, 1, 1, 1, 1);
        assertThat(f.prunes(50)).isFalse();
        assertThat(f.prunes(50, 50)).isFalse();
        assertThat(f.prunes(50, 50, 50)).isFalse();
        assertThat(f.prunes(50, 50, 50, 50)).isTrue();
    }

    @Test
    void judgesOnlyEveryIntervalStepsAfterTheWarmUp() {
        PrunerFixture f = new PrunerFixture(Pruners.median(0, 1, 2, 1));
        f.completeTimes(3, 1, 1, 1, 1, 1, 1);
        assertThat(f.prunes(50)).as("step 0, in the warm-up").isFalse();
        assertThat(f.prunes(50, 50)).as("step 1").isTrue();
        assertThat(f.prunes(50, 50, 50)).as("step 2").isFalse();
        assertThat(f.prunes(50, 50, 50, 50)).as("step 3").isTrue();
        assertThat(f.prunes(50, 50, 50, 50, 50)).as("step 4").isFalse();
        assertThat(f.prunes(50, 50, 50, 50, 50, 50)).as("step 5").isTrue();
    }

    @Test
    void needsMinTrialsAtStepThatReportedThatStep() {
        PrunerFixture f = new PrunerFixture(Pruners.median(0, 0, 1, 3));
        f.complete(1, 1, 1).complete(1, 1, 1).complete(1).complete(1);
        // four complete trials reported step 0, only two reported step 2
        assertThat(f.prunes(50)).isTrue();
        assertThat(f.prunes(50, 50, 50)).isFalse();
    }

    @Test
    void onlyCompleteTrialsCountAsStartupTrialsAndForTheMedian() {
        PrunerFixture f = new PrunerFixture(Pruners.median(2, 0, 1, 1));
        f.complete(10);
        Study study = f.study;
        // a pruned trial with a very good value and a failed one do not count
        Trial pruned = f.running(0.001);
        study.tell(pruned, TrialState.PRUNED);
        Trial failed = f.running(0.001);
        study.tell(failed, TrialState.FAIL);
        f.running(0.001); // still running
        assertThat(f.prunes(50)).as("one complete trial, two needed").isFalse();
        f.complete(20);
        assertThat(f.prunes(14)).as("median of 10 and 20 is 15").isFalse();
        assertThat(f.prunes(16)).isTrue();
    }

    @Test
    void aTrialWhoseValuesAreAllNanIsPruned() {
        PrunerFixture f = new PrunerFixture(Pruners.median(1, 0, 1, 1));
        assertThat(f.prunes(NAN)).as("before the startup trials").isFalse();
        f.complete(1.0);
        assertThat(f.prunes(NAN)).isTrue();
        assertThat(f.prunes(NAN, NAN)).isTrue();
        // NaN at a step no complete trial reported still prunes
        assertThat(f.prunes(NAN, NAN, NAN)).isTrue();
    }

    @Test
    void nanValuesOfOtherTrialsAreIgnored() {
        PrunerFixture f = new PrunerFixture(Pruners.median(0, 0, 1, 2));
        f.complete(NAN, 1).complete(NAN, 1).complete(1, 1);
        // only one complete trial has a number at step 0: too few to judge
        assertThat(f.prunes(50)).isFalse();
        f.complete(3, 1);
        assertThat(f.prunes(2)).as("median of 1 and 3").isFalse();
        assertThat(f.prunes(2.5)).isTrue();
        // a trial with an earlier number and a NaN now keeps its best number
        assertThat(f.prunes(0.5, NAN)).isFalse();
    }

    @Test
    void aTrialThatReportedNothingIsNotPruned() {
        PrunerFixture f = new PrunerFixture(Pruners.median(0, 0, 1, 1));
        f.complete(1.0);
        assertThat(f.prunes()).isFalse();
    }

    @Test
    void multiObjectiveStudiesAreRefused() {
        Study study = Study.builder()
                .directions(Direction.MINIMIZE, Direction.MAXIMIZE)
                .pruner(Pruners.median())
                .create();
        Trial t = study.ask();
        assertThatThrownBy(t::shouldPrune)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContainingAll("single-objective", "2 directions");
    }

    @Test
    void invalidSettingsAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> Pruners.median(-1, 0, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("startupTrials=-1");
        assertThatThrownBy(() -> Pruners.median(0, -2, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("warmupSteps=-2");
        assertThatThrownBy(() -> Pruners.median(0, 0, 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("intervalSteps=0");
        assertThatThrownBy(() -> Pruners.median(0, 0, 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minTrialsAtStep=0");
    }
}
