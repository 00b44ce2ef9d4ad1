package io.paratune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paratune.sampler.RandomSampler;
import io.paratune.storage.Storage;
import java.util.List;
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
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("study 'b'");
    }

    @Test
    void trialsFromListsTheTailByNumber() {
        Study study = Study.builder().name("a").sampler(RandomSampler.seeded(1)).create();
        for (int i = 0; i < 5; i++) {
            Trial t = study.ask();
            if (i != 3) {
                study.tell(t, i);
            }
        }
        StudyView fresh = study.view(-1);
        assertThat(fresh.trialsFrom(2)).extracting(FrozenTrial::number).containsExactly(2, 3, 4);
        assertThat(fresh.trialsFrom(3).get(0).state()).isEqualTo(TrialState.RUNNING);
        assertThat(fresh.trialsFrom(9)).isEmpty();
        StudyView read = study.view(-1);
        assertThat(read.trials()).hasSize(5);
        assertThat(read.trialsFrom(-1)).extracting(FrozenTrial::number).containsExactly(0, 1, 2, 3, 4);
        assertThat(read.trialsFrom(4)).extracting(FrozenTrial::number).containsExactly(4);
    }

    /**
     * Under Hyperband a view shows one bracket; its tail shows exactly the trials of {@link
     * StudyView#trials()} from a number on, whether or not the whole list was read first.
     */
    @Test
    void trialsFromOfABracketsViewIsTheTailOfItsTrials() {
        Study study = Study.builder()
                .name("hb")
                .sampler(RandomSampler.seeded(1))
                .pruner(io.paratune.pruner.Pruners.hyperband(1, 81, 3))
                .create();
        for (int i = 0; i < 30; i++) {
            Trial t = study.ask();
            t.suggestFloat("x", 0, 1);
            if (i % 7 != 3) {
                study.tell(t, i);
            }
        }
        for (int current = 0; current < 30; current++) {
            List<FrozenTrial> all = study.view(current).trials();
            assertThat(all.size()).as("trial %d sees its bracket only", current).isLessThan(30);
            assertThat(study.view(current).firstTrialNumber())
                    .isEqualTo(all.get(0).number());
            for (int from = -1; from <= 31; from++) {
                int lowest = from;
                List<Integer> expected = all.stream()
                        .map(FrozenTrial::number)
                        .filter(n -> n >= lowest)
                        .toList();
                assertThat(study.view(current).trialsFrom(from))
                        .extracting(FrozenTrial::number)
                        .as("view of trial %d from %d, fresh", current, from)
                        .isEqualTo(expected);
                StudyView read = study.view(current);
                read.trials();
                assertThat(read.trialsFrom(from))
                        .extracting(FrozenTrial::number)
                        .as("view of trial %d from %d, after trials()", current, from)
                        .isEqualTo(expected);
            }
        }
        assertThat(study.view(5).firstTrialNumber()).isZero();
        assertThat(study.view(3).firstTrialNumber()).isEqualTo(3);
        assertThat(study.view(-1).firstTrialNumber()).isZero();
    }
}
