package io.paratune.pruner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paratune.Direction;
import io.paratune.FrozenTrial;
import io.paratune.Study;
import io.paratune.Trial;
import io.paratune.TrialPrunedException;
import io.paratune.TrialState;
import io.paratune.sampler.RandomSampler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** ASHA ({@link Pruners#successiveHalving}) on hand-made curves, in one thread and in several. */
class SuccessiveHalvingPrunerTest {
    private static final String RUNG0 = "asha:rung_0";
    private static final String RUNG1 = "asha:rung_1";

    /** Reports {@code value} at {@code step} and asks the pruner. */
    private static boolean reportAndAsk(Trial t, int step, double value) {
        t.report(step, value);
        return t.shouldPrune();
    }

    @Test
    void aRungPromotesTheBestThirdOfTheValuesRecordedSoFar() {
        PrunerFixture f = new PrunerFixture(Pruners.successiveHalving(1, 3, 0, 0));
        assertThat(f.prunes(9, 1.0)).as("the first trial at a rung is promoted").isFalse();
        assertThat(f.prunes(9, 2.0)).as("[1, 2]: only the best").isTrue();
        assertThat(f.prunes(9, 3.0)).isTrue();
        assertThat(f.prunes(9, 0.5)).as("[1, 2, 3, 0.5]: the best one").isFalse();
        assertThat(f.prunes(9, 1.0)).as("5 values: only the best, 0.5").isTrue();
        assertThat(f.prunes(9, 1.5)).as("6 values: the best two, 0.5 and 1").isTrue();
        assertThat(f.prunes(9, 1.0)).as("7 values: 1 ties the second best").isFalse();
    }

    @Test
    void eachRungReachedIsRecordedWithTheTrialsValueThere() {
        PrunerFixture f = new PrunerFixture(Pruners.successiveHalving(1, 3, 0, 0));
        Trial t = f.running(9, 1.0, 0.9);
        assertThat(t.shouldPrune()).isFalse();
        assertThat(t.snapshot().systemAttributes()).containsEntry(RUNG0, 0.9).doesNotContainKey(RUNG1);
        assertThat(reportAndAsk(t, 3, 0.7)).isFalse();
        assertThat(t.snapshot().systemAttributes()).containsEntry(RUNG0, 0.9).containsEntry(RUNG1, 0.7);
        assertThat(reportAndAsk(t, 8, 0.6)).isFalse();
        assertThat(t.snapshot().systemAttributes()).doesNotContainKey("asha:rung_2");
    }

    @Test
    void aTrialThatSkipsRungsIsJudgedAtEachOfThemAtOnce() {
        PrunerFixture f = new PrunerFixture(Pruners.successiveHalving(1, 3, 0, 0));
        Trial t = f.running(5.0);
        assertThat(reportAndAsk(t, 9, 0.4)).isFalse();
        assertThat(t.snapshot().systemAttributes())
                .containsEntry(RUNG0, 0.4)
                .containsEntry(RUNG1, 0.4)
                .containsEntry("asha:rung_2", 0.4);
        // a report for an earlier step does not change the latest step, nor judge again
        t.report(4, 100);
        assertThat(t.shouldPrune()).isFalse();
        assertThat(t.snapshot().systemAttributes()).hasSize(3);
    }

    @Test
    void reportsArrivingOutOfTrialOrderAreJudgedInArrivalOrder() {
        PrunerFixture f = new PrunerFixture(Pruners.successiveHalving(2, 2, 0, 0));
        Trial[] trials = {f.running(), f.running(), f.running(), f.running()};
        // trial 3 reaches rung 0 (step 2) first, then 1, 0 and 2
        assertThat(reportAndAsk(trials[3], 2, 4.0)).isFalse();
        assertThat(reportAndAsk(trials[1], 2, 5.0))
                .as("[4, 5]: 5 is not the best half")
                .isTrue();
        assertThat(reportAndAsk(trials[0], 2, 3.0)).as("[4, 5, 3]: best").isFalse();
        assertThat(reportAndAsk(trials[2], 2, 4.0))
                .as("[4, 5, 3, 4]: ties the second best")
                .isFalse();
        // rung 1 (step 4): trial 2 arrives first and is promoted although trial 0 will be better
        assertThat(reportAndAsk(trials[2], 4, 3.5)).isFalse();
        assertThat(reportAndAsk(trials[0], 4, 2.5)).isFalse();
        assertThat(reportAndAsk(trials[3], 4, 3.6)).as("[3.5, 2.5, 3.6]").isTrue();
    }

    @Test
    void theEarlyStoppingRateMovesTheFirstRung() {
        PrunerFixture f = new PrunerFixture(Pruners.successiveHalving(1, 3, 1, 0));
        f.prunes(1, 1, 1, 1);
        assertThat(f.prunes(9, 9, 9)).as("step 2 is before the first rung, 3").isFalse();
        assertThat(f.prunes(9, 9, 9, 9)).isTrue();
    }

    @Test
    void untilTheBootstrapCountIsReachedTrialsArePruned() {
        PrunerFixture f = new PrunerFixture(Pruners.successiveHalving(1, 2, 0, 2));
        assertThat(f.prunes(1, 1)).isTrue();
        assertThat(f.prunes(1, 1)).isTrue();
        assertThat(f.prunes(1, 1)).as("a third trial at the rung").isFalse();
    }

    @Test
    void maximizingPromotesLargeValues() {
        PrunerFixture f = new PrunerFixture(Pruners.successiveHalving(1, 2, 0, 0), Direction.MAXIMIZE);
        assertThat(f.prunes(0, 0.5)).isFalse();
        assertThat(f.prunes(0, 0.4)).isTrue();
        assertThat(f.prunes(0, 0.9)).isFalse();
    }

    @Test
    void nanPrunesAtOnceAndInfinitiesRankAsTheWorstOrBestFiniteValues() {
        PrunerFixture f = new PrunerFixture(Pruners.successiveHalving(4, 2, 0, 0));
        assertThat(f.prunes(Double.NaN)).as("before the first rung").isTrue();
        Trial inf = f.running(1, 1, 1, 1, Double.POSITIVE_INFINITY);
        assertThat(inf.shouldPrune()).as("alone at the rung").isFalse();
        assertThat(inf.snapshot().systemAttributes()).containsEntry(RUNG0, Double.MAX_VALUE);
        assertThat(f.prunes(1, 1, 1, 1, 1e300)).as("[max, 1e300]").isFalse();
        Trial minusInf = f.running(1, 1, 1, 1, Double.NEGATIVE_INFINITY);
        assertThat(minusInf.shouldPrune()).isFalse();
        assertThat(minusInf.snapshot().systemAttributes()).containsEntry(RUNG0, -Double.MAX_VALUE);
        assertThat(f.prunes(1, 1, 1, 1, Double.POSITIVE_INFINITY)).isTrue();
    }

    @Test
    void badOptionsNameFieldValueAndFix() {
        assertThatThrownBy(() -> Pruners.successiveHalving(0, 3, 0, 0))
                .hasMessageContaining("minResource=0")
                .hasMessageContaining("1 or more");
        assertThatThrownBy(() -> Pruners.successiveHalving(1, 1, 0, 0))
                .hasMessageContaining("reductionFactor=1")
                .hasMessageContaining("give 2 or more");
        assertThatThrownBy(() -> Pruners.successiveHalving(1, 3, -1, 0))
                .hasMessageContaining("minEarlyStoppingRate=-1");
        assertThatThrownBy(() -> Pruners.successiveHalving(1, 3, 0, -2)).hasMessageContaining("bootstrapCount=-2");
    }

    @Test
    void rungStepsDoNotOverflow() {
        SuccessiveHalvingPruner p = new SuccessiveHalvingPruner(1000, 1000, 0, 0, "x");
        assertThat(p.rungStep(2)).isEqualTo(1_000_000_000L);
        assertThat(p.rungStep(10)).isEqualTo(Long.MAX_VALUE);
    }

    /**
     * Eight threads run 96 trials whose curves are known in advance; whatever order their reports
     * reach the storage in, the decisions follow the rules: the best curve is never pruned, each
     * rung a trial passed is recorded with its value there, and a trial pruned at a rung had a
     * strictly better value recorded by another trial at that rung.
     */
    @Test
    void concurrentWorkersKeepThePromotionRules() {
        int trials = 96;
        int steps = 27;
        double[][] curves = new double[trials][steps + 1];
        SplittableRandom random = new SplittableRandom(7);
        int best = 41;
        for (int i = 0; i < trials; i++) {
            double finalLoss = i == best ? 0.01 : 0.1 + random.nextDouble();
            double start = i == best ? 2 : 2 + random.nextDouble();
            for (int s = 0; s <= steps; s++) {
                curves[i][s] = finalLoss + (start - finalLoss) * Math.exp(-0.3 * s) + (i == best ? 0 : 0.001 * s);
            }
        }
        // trials are numbered in ask order, so the curve is chosen by the trial's number
        Study study = Study.builder()
                .sampler(RandomSampler.seeded(1))
                .pruner(Pruners.successiveHalving(1, 3, 0, 0))
                .create();
        study.optimize(
                trial -> {
                    double[] curve = curves[trial.number()];
                    for (int s = 1; s <= steps; s++) {
                        trial.report(s, curve[s]);
                        if (trial.shouldPrune()) {
                            throw new TrialPrunedException();
                        }
                    }
                    return curve[steps];
                },
                trials,
                8);

        List<FrozenTrial> all = study.trials();
        assertThat(all).hasSize(trials);
        assertThat(all.get(best).state()).isEqualTo(TrialState.COMPLETE);
        SuccessiveHalvingPruner rules = new SuccessiveHalvingPruner(1, 3, 0, 0, RUNG0.substring(0, 10));
        List<FrozenTrial> pruned = new ArrayList<>();
        for (FrozenTrial t : all) {
            Map<String, Object> attributes = t.systemAttributes();
            int rungs = rules.currentRung(t);
            for (int k = 0; k < rungs; k++) {
                assertThat(((Number) attributes.get("asha:rung_" + k)).doubleValue())
                        .as("trial %d rung %d", t.number(), k)
                        .isEqualTo(curves[t.number()][(int) rules.rungStep(k)]);
            }
            if (t.state() == TrialState.PRUNED) {
                pruned.add(t);
                assertThat(t.lastStep()).isEqualTo((int) rules.rungStep(rungs - 1));
            } else {
                assertThat(t.state()).isEqualTo(TrialState.COMPLETE);
                assertThat(rungs).isEqualTo(4);
            }
        }
        assertThat(pruned).hasSizeGreaterThan(trials / 2);
        for (FrozenTrial t : pruned) {
            String key = "asha:rung_" + (rules.currentRung(t) - 1);
            double own = ((Number) t.systemAttributes().get(key)).doubleValue();
            assertThat(all)
                    .as("a better value than trial %d's at %s", t.number(), key)
                    .anySatisfy(other -> assertThat(other.systemAttributes().get(key))
                            .isInstanceOf(Number.class)
                            .satisfies(
                                    v -> assertThat(((Number) v).doubleValue()).isLessThan(own)));
        }
    }
}
