package io.paratune.sampler.tpe;

import static org.assertj.core.api.Assertions.assertThat;

import io.paratune.FrozenTrial;
import io.paratune.OptimizeOptions;
import io.paratune.Study;
import io.paratune.Trial;
import io.paratune.TrialState;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A joint TPE proposal in a space of finitely many points does not repeat a point already evaluated. */
class TpeNoRepeatsTest {

    /** A decision-tree-like space: 3 x 2 x 10 x 3 x 2 = 360 points, and a plateau-rich loss on it. */
    private static double tree(Trial t) {
        String criterion = t.suggestCategorical("criterion", List.of("gini", "entropy", "log_loss"));
        String splitter = t.suggestCategorical("splitter", List.of("best", "random"));
        int depth = t.suggestInt("max_depth", 1, 10);
        String features = t.suggestCategorical("max_features", List.of("sqrt", "log2", "all"));
        boolean balanced = t.suggestCategorical("balanced", List.of(true, false));
        double loss = 0.05 + 0.01 * Math.abs(depth - 6) + (splitter.equals("random") ? 0.01 : 0)
                + (features.equals("all") ? 0 : 0.005) + (balanced ? 0.002 : 0) + (criterion.equals("gini") ? 0.001 : 0);
        return Math.round(loss * 200) / 200.0;   // ties, as accuracies of a small data set have
    }

    private static Set<Map<String, Object>> distinct(List<FrozenTrial> trials) {
        Set<Map<String, Object>> points = new HashSet<>();
        trials.forEach(t -> points.add(t.params()));
        return points;
    }

    @Test
    void sequentialProposalsInAFiniteSpaceAreAllNewPoints() {
        Study study = Study.builder().sampler(TpeSampler.seeded(3)).create();
        study.optimize(TpeNoRepeatsTest::tree, 120);
        assertThat(distinct(study.trials())).hasSize(120);
    }

    @Test
    void parallelProposalsAvoidTheRunningTrialsPointsToo() {
        Study study = Study.builder().sampler(TpeSampler.seeded(4)).create();
        study.optimize(TpeNoRepeatsTest::tree, OptimizeOptions.builder().trials(96).parallelism(8).build());
        assertThat(study.trials()).allMatch(t -> t.state() == TrialState.COMPLETE);
        // a point repeats only where an ask races a trial whose parameters are not stored yet (or in
        // the random start-up trials): 91 distinct points here, 52 without the rule
        assertThat(distinct(study.trials()).size()).isGreaterThanOrEqualTo(88);
    }

    @Test
    void aSpaceSmallerThanTheBudgetRepeatsOnlyOnceEveryPointWasTried() {
        Study study = Study.builder().sampler(TpeSampler.seeded(5)).create();
        study.optimize(t -> t.suggestInt("a", 0, 2) + 10.0 * t.suggestInt("b", 0, 2), 30);
        List<FrozenTrial> trials = study.trials();
        assertThat(trials).hasSize(30).allMatch(t -> t.state() == TrialState.COMPLETE);
        // every proposal after the 10 random start-up trials is a point not tried yet, until none is left
        int afterStartUp = distinct(trials.subList(0, 10)).size();
        assertThat(distinct(trials.subList(0, 10 + 9 - afterStartUp))).hasSize(9);
    }
}
