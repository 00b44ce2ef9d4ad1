package io.paratune.sampler.tpe;

import static org.assertj.core.api.Assertions.assertThat;

import io.paratune.FrozenTrial;
import io.paratune.Study;
import io.paratune.Trial;
import io.paratune.TrialState;
import io.paratune.space.CategoricalDistribution;
import io.paratune.space.IntDistribution;
import io.paratune.space.SearchSpace;
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
        double loss = 0.05
                + 0.01 * Math.abs(depth - 6)
                + (splitter.equals("random") ? 0.01 : 0)
                + (features.equals("all") ? 0 : 0.005)
                + (balanced ? 0.002 : 0)
                + (criterion.equals("gini") ? 0.001 : 0);
        return Math.round(loss * 200) / 200.0; // ties, as accuracies of a small data set have
    }

    private static final SearchSpace SPACE = SearchSpace.of(
            CategoricalDistribution.of("criterion", List.of("gini", "entropy", "log_loss")),
            CategoricalDistribution.of("splitter", List.of("best", "random")),
            IntDistribution.of("max_depth", 1, 10),
            CategoricalDistribution.of("max_features", List.of("sqrt", "log2", "all")),
            CategoricalDistribution.of("balanced", List.of(true, false)));

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
    void pendingProposalsAvoidTheRunningTrialsPointsToo() {
        // batches of 8 asks before any tell, every parameter suggested at ask time (a fixed space): the
        // running trials' points are stored when the next ask looks, so no proposal may repeat one
        // (with define-by-run workers, an ask can race a trial whose parameters are not stored yet)
        Study study = Study.builder().sampler(TpeSampler.seeded(4)).create();
        for (int round = 0; round < 12; round++) {
            List<Trial> batch = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                batch.add(study.ask(SPACE));
            }
            batch.forEach(t -> study.tell(t, tree(t)));
        }
        List<FrozenTrial> trials = study.trials();
        assertThat(trials).hasSize(96).allMatch(t -> t.state() == TrialState.COMPLETE);
        // the first two rounds are random start-up trials (fewer than 10 finished when they were asked);
        // every TPE proposal after them is a point no earlier trial holds
        for (int n = 16; n < 96; n++) {
            assertThat(distinct(trials.subList(0, n)))
                    .as("trial %d's point %s", n, trials.get(n).params())
                    .doesNotContain(trials.get(n).params());
        }
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
