package io.paratune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.paratune.Study;
import io.paratune.sampler.AutoSampler;
import io.paratune.sampler.RandomSampler;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SummaryTest {

    private static String summary(Study study) {
        StringWriter text = new StringWriter();
        Summary.print(new PrintWriter(text), null, study, Duration.ZERO);
        return text.toString();
    }

    @Test
    void theAutoSamplersChoiceAndItsReasonAreShown() {
        Study study = Study.builder().name("s").sampler(AutoSampler.seeded(1)).create();
        study.optimize(t -> Math.abs(t.suggestFloat("x", -1, 1)), 3);
        assertThat(summary(study)).contains("Sampler auto: gp from trial 0 (one objective: the GP measured best");
    }

    @Test
    void withParallelWorkersTheChoiceStartsAtTrialZeroAndASwitchGetsItsOwnLine() {
        Study study = Study.builder()
                .name("s")
                .sampler(
                        AutoSampler.builder().seed(2).switchAfter(Duration.ZERO).build())
                .create();
        study.optimize(
                t -> t.suggestFloat("x", -1, 1) * t.suggestFloat("y", -1, 1),
                io.paratune.OptimizeOptions.builder().trials(60).parallelism(4).build());
        String text = summary(study);
        assertThat(text).contains("Sampler auto: gp from trial 0 (one objective");
        assertThat(text).containsPattern("Sampler auto: tpe from trial [1-9][0-9]* \\(the GP's proposals took");
    }

    @Test
    void otherSamplersAddNoSamplerLine() {
        Study study = Study.builder().name("s").sampler(RandomSampler.seeded(1)).create();
        study.optimize(t -> Math.abs(t.suggestFloat("x", -1, 1)), 3);
        assertThat(summary(study)).doesNotContain("Sampler auto");
    }
}
