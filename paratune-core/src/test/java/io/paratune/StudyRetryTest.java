package io.paratune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paratune.storage.Storage;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Study#enqueueRetry} and {@link Study#enqueueResume}: one way to run a finished trial again. */
class StudyRetryTest {

    @Test
    void aRetryRunsNextWithTheFailedTrialsParametersLinkedAndCounted() {
        Study study = Study.builder().create();
        Trial first = study.ask();
        double x = first.suggestFloat("x", 0, 1);
        int layers = first.suggestInt("layers", 1, 4);
        FrozenTrial failed = study.fail(first, "out of memory");

        FrozenTrial enqueued = study.enqueueRetry(failed);
        assertThat(enqueued.state()).isEqualTo(TrialState.WAITING);
        assertThat(Study.retryOf(enqueued)).hasValue(failed.number());
        assertThat(Study.retryCount(enqueued)).isEqualTo(1);

        Trial retry = study.ask();
        assertThat(retry.number()).isEqualTo(enqueued.number());
        assertThat(retry.suggestFloat("x", 0, 1)).isEqualTo(x);
        assertThat(retry.suggestInt("layers", 1, 4)).isEqualTo(layers);
        FrozenTrial failedAgain = study.fail(retry, "out of memory again");
        assertThat(Study.retryCount(study.enqueueRetry(failedAgain)))
                .as("the chain's second retry")
                .isEqualTo(2);
    }

    @Test
    void aResumeIsLinkedButKeepsTheRetryCount() {
        Study study = Study.builder().create();
        Trial first = study.ask();
        first.suggestFloat("x", 0, 1);
        FrozenTrial failed = study.fail(first, "failed");
        Trial retry = study.ask(); // nothing enqueued yet: a new trial
        study.tell(retry, 1.0);
        FrozenTrial enqueued = study.enqueueRetry(failed);
        Trial second = study.ask();
        assertThat(second.number()).isEqualTo(enqueued.number());
        second.suggestFloat("x", 0, 1);
        FrozenTrial interrupted = study.fail(second, "interrupted");

        FrozenTrial resumed = study.enqueueResume(interrupted);
        assertThat(Study.retryOf(resumed)).hasValue(interrupted.number());
        assertThat(Study.retryCount(resumed)).as("a resume is no retry").isEqualTo(1);
        assertThat(resumed.systemAttributes().get(SystemAttributes.FIXED_PARAMS))
                .isEqualTo(Map.of("x", interrupted.params().get("x")));
    }

    @Test
    void aTrialThatIsNoRetryHasCountZeroAndNoLink() {
        Study study = Study.builder().create();
        FrozenTrial done = study.tell(study.ask(), 1.0);
        assertThat(Study.retryCount(done)).isZero();
        assertThat(Study.retryOf(done)).isEmpty();
    }

    @Test
    void onlyAFailedTrialOfThisStudyRunsAgain() {
        Study study = Study.builder().create();
        FrozenTrial complete = study.tell(study.ask(), 1.0);
        assertThatThrownBy(() -> study.enqueueRetry(complete))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("enqueueRetry: trial 0 is COMPLETE; only a FAIL trial runs again");
        Trial running = study.ask();
        assertThatThrownBy(() -> study.enqueueResume(running.snapshot()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is RUNNING");

        Storage shared = Storage.inMemory();
        Study one = Study.builder().name("one").storage(shared).create();
        Study two = Study.builder().name("two").storage(shared).create();
        two.tell(two.ask(), 1.0);
        FrozenTrial failedInOne = one.fail(one.ask(), "failed");
        assertThatThrownBy(() -> two.enqueueRetry(failedInOne))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a trial of study 'two'");
    }
}
