package io.paratune.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paratune.Direction;
import io.paratune.FrozenTrial;
import io.paratune.Study;
import io.paratune.Trial;
import io.paratune.space.FloatDistribution;
import io.paratune.space.SearchSpace;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AutoSamplerTest {

    private static final SearchSpace PLANE =
            SearchSpace.of(FloatDistribution.of("x", -3, 3), FloatDistribution.of("y", -3, 3));

    private static String chosen(FrozenTrial t) {
        return (String) t.systemAttributes().get(AutoSampler.SAMPLER_KEY);
    }

    private static Object reason(FrozenTrial t) {
        return t.systemAttributes().get(AutoSampler.REASON_KEY);
    }

    @Test
    void oneObjectiveUsesTheGpAndSaysWhyOnTheFirstTrialOnly() {
        Study study = Study.builder().sampler(AutoSampler.seeded(1)).create();
        study.optimize(t -> Math.pow(t.suggestFloat("x", -3, 3) - 1, 2) + Math.pow(t.suggestFloat("y", -3, 3), 2), 16);
        List<FrozenTrial> trials = study.trials();
        assertThat(trials).allSatisfy(t -> assertThat(chosen(t)).isEqualTo("gp"));
        assertThat((String) reason(trials.get(0))).contains("one objective", "trust region");
        assertThat(trials.subList(1, trials.size()))
                .allSatisfy(t -> assertThat(reason(t)).isNull());
        // the GP models the study: its proposals after the initial design are not uniform noise
        assertThat(study.bestTrial().value()).isLessThan(0.5);
    }

    @Test
    void twoObjectivesUseTheGpAndFourUseTpe() {
        Study two = Study.builder()
                .directions(Direction.MINIMIZE, Direction.MINIMIZE)
                .sampler(AutoSampler.seeded(2))
                .create();
        Study four = Study.builder()
                .directions(Direction.MINIMIZE, Direction.MINIMIZE, Direction.MINIMIZE, Direction.MINIMIZE)
                .sampler(AutoSampler.seeded(2))
                .create();
        for (int i = 0; i < 12; i++) {
            Trial a = two.ask(PLANE);
            two.tell(a, (double) a.params().get("x"), (double) a.params().get("y"));
            Trial b = four.ask(PLANE);
            double x = (double) b.params().get("x");
            double y = (double) b.params().get("y");
            four.tell(b, x, y, -x, -y);
        }
        assertThat(two.trials()).allSatisfy(t -> assertThat(chosen(t)).isEqualTo("gp"));
        assertThat((String) reason(two.trials().get(0))).contains("2 objectives", "hypervolume");
        assertThat(four.trials()).allSatisfy(t -> assertThat(chosen(t)).isEqualTo("tpe"));
        assertThat((String) reason(four.trials().get(0))).contains("4 objectives", "TPE");
    }

    @Test
    void proposalsCostlierThanTheEvaluationsSwitchTheRestOfTheStudyToTpe() {
        // an instant objective: the GP's proposals (milliseconds once it models the study) take far
        // longer than the evaluations (microseconds); with no time floor the sampler switches
        Study study = Study.builder()
                .sampler(
                        AutoSampler.builder().seed(3).switchAfter(Duration.ZERO).build())
                .create();
        study.optimize(t -> t.suggestFloat("x", -3, 3) * t.suggestFloat("y", -3, 3), 60);
        List<FrozenTrial> trials = study.trials();
        int first = -1;
        for (int i = 0; i < trials.size(); i++) {
            if ("tpe".equals(chosen(trials.get(i)))) {
                first = i;
                break;
            }
        }
        assertThat(first).as("a trial switched to TPE").isPositive();
        assertThat(trials.subList(0, first))
                .allSatisfy(t -> assertThat(chosen(t)).isEqualTo("gp"));
        assertThat(trials.subList(first, trials.size()))
                .allSatisfy(t -> assertThat(chosen(t)).isEqualTo("tpe"));
        assertThat((String) reason(trials.get(first)))
                .contains("the GP's proposals took", "over twice the median" + " evaluation", "TPE from here on");
        assertThat(trials.subList(first + 1, trials.size()))
                .allSatisfy(t -> assertThat(reason(t)).isNull());
    }

    @Test
    void studiesSharingTheSamplerKeepTheirChoicesApart() {
        AutoSampler sampler =
                AutoSampler.builder().seed(6).switchAfter(Duration.ZERO).build();
        Study first = Study.builder().name("first").sampler(sampler).create();
        first.optimize(t -> t.suggestFloat("x", -3, 3) * t.suggestFloat("y", -3, 3), 60);
        assertThat(first.trials()).anyMatch(t -> "tpe".equals(chosen(t)));
        Study second = Study.builder().name("second").sampler(sampler).create();
        second.optimize(t -> t.suggestFloat("x", -3, 3), 3);
        assertThat(second.trials()).allSatisfy(t -> assertThat(chosen(t)).isEqualTo("gp"));
        assertThat((String) reason(second.trials().get(0))).contains("one objective");
    }

    @Test
    void theDefaultTimeFloorKeepsTheGpForQuickProposals() {
        Study study = Study.builder().sampler(AutoSampler.seeded(4)).create();
        study.optimize(t -> t.suggestFloat("x", -3, 3) * t.suggestFloat("y", -3, 3), 40);
        assertThat(study.trials()).allSatisfy(t -> assertThat(chosen(t)).isEqualTo("gp"));
    }

    @Test
    void aNegativeSwitchTimeIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> AutoSampler.builder().switchAfter(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContainingAll("switchAfter=PT-1S", "negative", ">= 0");
    }
}
