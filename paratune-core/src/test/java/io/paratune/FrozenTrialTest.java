package io.paratune;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrozenTrialTest {

    @Test
    void withValuesAndWithIdentityChangeOnlyWhatTheyName() {
        Study study = Study.builder().create();
        Trial trial = study.ask();
        trial.suggestFloat("x", 0, 1);
        trial.report(3, 0.5);
        trial.setUserAttribute("note", "kept");
        FrozenTrial pruned = study.tell(trial, TrialState.PRUNED);

        FrozenTrial imputed = pruned.withValues(new double[] {2.0});
        assertThat(imputed.values()).containsExactly(2.0);
        assertThat(imputed.withValues(pruned.values())).isEqualTo(pruned);
        assertThat(imputed.state()).isEqualTo(TrialState.PRUNED);
        assertThat(imputed.params()).isEqualTo(pruned.params());
        assertThat(imputed.intermediateValues()).isEqualTo(pruned.intermediateValues());
        assertThat(imputed.userAttributes()).containsEntry("note", "kept");
        assertThat(pruned.withValues(null).hasValues()).isFalse();

        FrozenTrial moved = pruned.withIdentity(99, 7);
        assertThat(moved.id()).isEqualTo(99);
        assertThat(moved.number()).isEqualTo(7);
        assertThat(moved.withIdentity(pruned.id(), pruned.number())).isEqualTo(pruned);
    }
}
