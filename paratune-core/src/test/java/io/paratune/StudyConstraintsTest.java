package io.paratune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paratune.sampler.RandomSampler;
import org.junit.jupiter.api.Test;

class StudyConstraintsTest {

    @Test
    void constraintsAreStoredWithTheTrialAndReadBack() {
        Study study = Study.builder().name("c").sampler(RandomSampler.seeded(1)).create();
        Trial t = study.ask();
        t.setConstraints(-1.5, 0.0);
        FrozenTrial done = study.tell(t, 3.0);
        assertThat(done.constraints()).containsExactly(-1.5, 0.0);
        assertThat(done.isFeasible()).isTrue();
        assertThat(done.toString()).contains("constraints=[-1.5, 0.0] (feasible)");
        double[] copy = done.constraints();
        copy[0] = 9;
        assertThat(done.constraints()[0]).isEqualTo(-1.5);

        Trial none = study.ask();
        FrozenTrial unconstrained = study.tell(none, 1.0);
        assertThat(unconstrained.constraints()).isEmpty();
        assertThat(unconstrained.isFeasible()).isTrue();
    }

    @Test
    void bestTrialSkipsInfeasibleTrialsEvenWhenTheyAreBetter() {
        Study study = Study.builder().name("c").sampler(RandomSampler.seeded(1)).create();
        study.optimize(
                trial -> {
                    double x = trial.suggestFloat("x", -1, 1);
                    trial.setConstraints(0.5 - x); // feasible when x >= 0.5
                    return x * x;
                },
                60);
        FrozenTrial best = study.bestTrial();
        assertThat(best.isFeasible()).isTrue();
        assertThat((Double) best.param("x")).isGreaterThanOrEqualTo(0.5);
        assertThat(study.trials(TrialState.COMPLETE)).anyMatch(t -> !t.isFeasible() && t.value() < best.value());
    }

    @Test
    void noFeasibleTrialIsSaidSo() {
        Study study = Study.builder().name("c").sampler(RandomSampler.seeded(1)).create();
        Trial t = study.ask();
        t.setConstraints(2.0);
        study.tell(t, 1.0);
        assertThatThrownBy(study::bestTrial)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("none is feasible");
        assertThat(study.bestTrials()).isEmpty();
    }

    @Test
    void paretoFrontHoldsFeasibleTrialsOnly() {
        Study study = Study.builder()
                .name("mo")
                .directions(Direction.MINIMIZE, Direction.MINIMIZE)
                .create();
        double[][] values = {{0, 0}, {1, 2}, {2, 1}, {3, 3}};
        double[] violation = {1, 0, -1, 0};
        for (int i = 0; i < values.length; i++) {
            Trial t = study.ask();
            t.setConstraints(violation[i]);
            study.tell(t, values[i]);
        }
        assertThat(study.bestTrials()).extracting(FrozenTrial::number).containsExactly(1, 2);
    }

    @Test
    void nanConstraintIsAnErrorNamingIt() {
        Study study = Study.builder().name("c").create();
        Trial t = study.ask();
        assertThatThrownBy(() -> t.setConstraints(0, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("constraint 1 is NaN");
        t.setConstraints(Double.POSITIVE_INFINITY);
        assertThat(study.tell(t, 1.0).constraints()).containsExactly(Double.MAX_VALUE);
    }
}
