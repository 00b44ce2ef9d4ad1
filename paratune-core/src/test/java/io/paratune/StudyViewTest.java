package io.paratune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paratune.sampler.RandomSampler;
import io.paratune.storage.Storage;
import org.junit.jupiter.api.Test;

class StudyViewTest {

    @Test
    void samplerStateSetOnARunningTrialIsStoredWithIt() {
        Study study = Study.builder().name("a").sampler(RandomSampler.seeded(1)).create();
        Trial trial = study.ask();
        FrozenTrial start = trial.snapshot();
        study.view(start.number()).setTrialSystemAttribute(start, "cmaes:generation", 3);
        assertThat(trial.snapshot().systemAttributes()).containsEntry("cmaes:generation", 3);
        study.tell(trial, 1.0);
        assertThatThrownBy(() -> study.view(-1).setTrialSystemAttribute(start, "k", 1))
                .isInstanceOf(TrialAlreadyFinishedException.class);
    }

    @Test
    void anotherStudysTrialIsRefused() {
        Storage storage = Storage.inMemory();
        Study a = Study.builder().name("a").storage(storage).create();
        Study b = Study.builder().name("b").storage(storage).create();
        FrozenTrial ofA = a.ask().snapshot();
        assertThatThrownBy(() -> b.view(-1).setTrialSystemAttribute(ofA, "k", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("study 'b'");
    }
}
