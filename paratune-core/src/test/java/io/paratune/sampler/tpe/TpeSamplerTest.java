package io.paratune.sampler.tpe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paratune.Direction;
import io.paratune.FrozenTrial;
import io.paratune.Study;
import io.paratune.StudyView;
import io.paratune.Trial;
import io.paratune.TrialState;
import io.paratune.sampler.RandomSampler;
import io.paratune.sampler.Sampler;
import io.paratune.space.CategoricalDistribution;
import io.paratune.space.FloatDistribution;
import io.paratune.space.IntDistribution;
import io.paratune.space.SearchSpace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TpeSamplerTest {

    private static Study study(Sampler sampler) {
        return Study.builder().sampler(sampler).create();
    }

    private static double sphere(Trial t) {
        double sum = 0;
        for (int i = 0; i < 5; i++) {
            double x = t.suggestFloat("x" + i, -5, 5);
            sum += (x - 1) * (x - 1);
        }
        return sum;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    @Test
    void beatsRandomSamplingOnASphere() {
        double[] tpe = new double[5];
        double[] random = new double[5];
        for (int seed = 0; seed < 5; seed++) {
            Study a = study(TpeSampler.seeded(seed));
            a.optimize(TpeSamplerTest::sphere, 80);
            tpe[seed] = a.bestValue();
            Study b = study(RandomSampler.seeded(seed));
            b.optimize(TpeSamplerTest::sphere, 80);
            random[seed] = b.bestValue();
        }
        assertThat(median(tpe))
                .as("TPE %s vs random %s", Arrays.toString(tpe), Arrays.toString(random))
                .isLessThan(0.5 * median(random));
    }

    @Test
    void univariateModeAlsoBeatsRandomSampling() {
        assertBeatsRandomSampling(
                seed -> TpeSampler.builder().seed(seed).multivariate(false).build());
    }

    @Test
    void scottBandwidthAlsoBeatsRandomSampling() {
        assertBeatsRandomSampling(seed -> TpeSampler.builder()
                .seed(seed)
                .bandwidth(TpeSampler.Bandwidth.SCOTT)
                .build());
    }

    /** Over 5 seeds and 80 trials on the 5-D sphere, the median best is under half of random sampling's. */
    private static void assertBeatsRandomSampling(java.util.function.LongFunction<Sampler> tpe) {
        double[] best = new double[5];
        double[] random = new double[5];
        for (int seed = 0; seed < 5; seed++) {
            Study a = study(tpe.apply(seed));
            a.optimize(TpeSamplerTest::sphere, 80);
            best[seed] = a.bestValue();
            Study b = study(RandomSampler.seeded(seed));
            b.optimize(TpeSamplerTest::sphere, 80);
            random[seed] = b.bestValue();
        }
        assertThat(median(best)).isLessThan(0.5 * median(random));
    }

    @Test
    void autoBandwidthUsesNeighbourWidthsForOneContinuousObjectiveAndScottWidthsForSeveral() {
        assertThat(proposals(TpeSampler.builder().seed(4).startupTrials(5).build(), 1))
                .isEqualTo(proposals(
                        TpeSampler.builder()
                                .seed(4)
                                .startupTrials(5)
                                .bandwidth(TpeSampler.Bandwidth.NEIGHBOUR)
                                .build(),
                        1));
        List<Map<String, Object>> multi =
                proposals(TpeSampler.builder().seed(4).startupTrials(5).build(), 2);
        assertThat(multi)
                .isEqualTo(proposals(
                        TpeSampler.builder()
                                .seed(4)
                                .startupTrials(5)
                                .bandwidth(TpeSampler.Bandwidth.SCOTT)
                                .build(),
                        2));
        assertThat(multi)
                .isNotEqualTo(proposals(
                        TpeSampler.builder()
                                .seed(4)
                                .startupTrials(5)
                                .bandwidth(TpeSampler.Bandwidth.NEIGHBOUR)
                                .build(),
                        2));
    }

    @Test
    void autoBandwidthUsesScottWidthsForOneObjectiveWhenAnIntOrCategoricalIsModelledJointly() {
        List<Map<String, Object>> mixed = mixedProposals(TpeSampler.Bandwidth.AUTO);
        assertThat(mixed).isEqualTo(mixedProposals(TpeSampler.Bandwidth.SCOTT));
        assertThat(mixed).isNotEqualTo(mixedProposals(TpeSampler.Bandwidth.NEIGHBOUR));
    }

    /** The parameters of 25 sequential trials of one objective on a float, an int and a categorical. */
    private static List<Map<String, Object>> mixedProposals(TpeSampler.Bandwidth bandwidth) {
        Study s = Study.builder()
                .sampler(TpeSampler.builder()
                        .seed(4)
                        .startupTrials(5)
                        .bandwidth(bandwidth)
                        .build())
                .create();
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            Trial t = s.ask();
            double x = t.suggestFloat("x", -5, 5);
            int k = t.suggestInt("k", 0, 20);
            String c = t.suggestCategorical("c", List.of("a", "b", "c"));
            s.tell(t, (x - 1) * (x - 1) + (k - 7) * (k - 7) / 10.0 + (c.equals("b") ? 0 : 1));
            out.add(t.params());
        }
        return out;
    }

    /** The parameters of 25 sequential trials on a 3-D sphere, with one objective or two (sphere, shifted sphere). */
    private static List<Map<String, Object>> proposals(TpeSampler sampler, int objectives) {
        Study s = Study.builder()
                .sampler(sampler)
                .directions(
                        objectives == 1
                                ? new Direction[] {Direction.MINIMIZE}
                                : new Direction[] {Direction.MINIMIZE, Direction.MINIMIZE})
                .create();
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            Trial t = s.ask();
            double a = 0;
            double b = 0;
            for (int k = 0; k < 3; k++) {
                double x = t.suggestFloat("x" + k, -5, 5);
                a += (x - 1) * (x - 1);
                b += (x + 1) * (x + 1);
            }
            if (objectives == 1) {
                s.tell(t, a);
            } else {
                s.tell(t, a, b);
            }
            out.add(t.params());
        }
        return out;
    }

    /** Distinct values among 8 pending asks on a 31-point grid after 20 finished trials, summed over 5 seeds. */
    private static int distinctPendingValues(boolean constantLiar) {
        int total = 0;
        SearchSpace space = SearchSpace.of(IntDistribution.of("k", 0, 30));
        for (int seed = 0; seed < 5; seed++) {
            Study s = study(
                    TpeSampler.builder().seed(seed).constantLiar(constantLiar).build());
            for (int i = 0; i < 20; i++) {
                Trial t = s.ask(space);
                long k = (Long) t.params().get("k");
                s.tell(t, (k - 10) * (k - 10));
            }
            Set<Object> pending = new HashSet<>();
            for (int i = 0; i < 8; i++) {
                pending.add(s.ask(space).params().get("k"));
            }
            total += pending.size();
        }
        return total;
    }

    @Test
    void constantLiarSpreadsPendingAsks() {
        int withLiar = distinctPendingValues(true);
        int withoutLiar = distinctPendingValues(false);
        assertThat(withLiar).as("distinct of 40 with the liar").isGreaterThanOrEqualTo(30);
        assertThat(withoutLiar).as("distinct of 40 without the liar").isLessThan(withLiar - 10);
    }

    @Test
    void pendingAsksAfterStartupGetDistinctPoints() {
        Study s = study(TpeSampler.seeded(11));
        s.optimize(TpeSamplerTest::sphere, 30);
        Set<Object> seen = new HashSet<>();
        for (int i = 0; i < 16; i++) {
            seen.add(s.ask(SearchSpace.of(FloatDistribution.of("x0", -5, 5))).params());
        }
        assertThat(seen).hasSize(16);
    }

    @Test
    void rankingPutsCompleteBeforePrunedAndIgnoresFailures() {
        TpeSampler sampler = TpeSampler.seeded(1);
        Study s = study(sampler);
        SearchSpace space = SearchSpace.of(FloatDistribution.of("x", 0, 1));
        Trial t0 = s.ask(space);
        Trial t1 = s.ask(space);
        Trial t2 = s.ask(space);
        Trial t3 = s.ask(space);
        Trial t4 = s.ask(space);
        Trial t5 = s.ask(space);
        t1.report(0, 0.1);
        t1.report(1, 5.0);
        t2.report(0, -100.0);
        s.tell(t5, 3.0);
        s.tell(t1, TrialState.PRUNED);
        s.tell(t0, 7.0);
        s.tell(t2, TrialState.PRUNED);
        s.tell(t3, TrialState.FAIL);
        s.tell(t4, TrialState.PRUNED);
        TpeStudyState h = historyAfterAsk(sampler, s);
        // COMPLETE by value; then PRUNED at step 1, at step 0; then PRUNED without a report
        assertThat(h.ranking()).containsExactly(5, 0, 1, 2, 4);
        assertThat(h.chronological()).containsExactly(0, 1, 2, 4, 5);
        assertThat(h.count()).isEqualTo(5);
    }

    @Test
    void historyReadsATrialThatFinishesLateAndStartsAgainForANewStudyOfTheSameName() {
        TpeSampler sampler = TpeSampler.seeded(4);
        Study s = study(sampler);
        SearchSpace space = SearchSpace.of(FloatDistribution.of("x", 0, 1));
        Trial slow = s.ask(space);
        for (int i = 0; i < 20; i++) {
            Trial t = s.ask(space);
            s.tell(t, i);
        }
        TpeStudyState h = historyAfterAsk(sampler, s);
        assertThat(h.count()).isEqualTo(20);
        assertThat(h.chronological()).doesNotContain(0);
        s.tell(slow, -1.0);
        h = historyAfterAsk(sampler, s);
        assertThat(h.count()).isEqualTo(21);
        assertThat(h.ranking()[0]).isEqualTo(0);
        Study again = Study.builder().name(s.name()).sampler(sampler).create();
        for (int i = 0; i < 3; i++) {
            Trial t = again.ask(space);
            again.tell(t, i);
        }
        assertThat(historyAfterAsk(sampler, again).count()).isEqualTo(3);
    }

    private static TpeStudyState historyAfterAsk(TpeSampler sampler, Study s) {
        s.ask(SearchSpace.of(FloatDistribution.of("x", 0, 1)));
        return sampler.history(s.name());
    }

    @Test
    void maximisationRanksLargestValuesFirst() {
        TpeSampler sampler = TpeSampler.seeded(2);
        Study s = Study.builder().sampler(sampler).direction(Direction.MAXIMIZE).create();
        SearchSpace space = SearchSpace.of(FloatDistribution.of("x", 0, 1));
        for (double v : new double[] {1, 3, 2}) {
            s.tell(s.ask(space), v);
        }
        assertThat(historyAfterAsk(sampler, s).ranking()).containsExactly(1, 2, 0);
    }

    /** A conditional objective: the branch decides which parameters exist. */
    private static double conditional(Trial t) {
        String kind = t.suggestCategorical("kind", List.of("a", "b"));
        if (kind.equals("a")) {
            double x = t.suggestFloat("xa", -3, 3);
            return x * x;
        }
        int k = t.suggestInt("kb", 0, 10);
        return 1 + Math.abs(k - 4);
    }

    /** Delegates to a sampler and records the last relative search space it gave. */
    private static final class Recording implements Sampler {
        private final Sampler inner;
        private SearchSpace last = SearchSpace.empty();

        Recording(Sampler inner) {
            this.inner = inner;
        }

        @Override
        public SearchSpace relativeSearchSpace(StudyView study, FrozenTrial trial) {
            last = inner.relativeSearchSpace(study, trial);
            return last;
        }

        @Override
        public java.util.Map<String, Double> sampleRelative(StudyView study, FrozenTrial trial, SearchSpace space) {
            return inner.sampleRelative(study, trial, space);
        }

        @Override
        public double sampleIndependent(
                StudyView study, FrozenTrial trial, String name, io.paratune.space.Distribution distribution) {
            return inner.sampleIndependent(study, trial, name, distribution);
        }
    }

    @Test
    void groupDecompositionModelsConditionalParametersJointly() {
        Recording grouped =
                new Recording(TpeSampler.builder().seed(3).group(true).build());
        Study a = study(grouped);
        a.optimize(TpeSamplerTest::conditional, 30);
        assertThat(grouped.last.names()).containsExactlyInAnyOrder("kind", "xa", "kb");
        assertThat(a.bestValue()).isLessThan(1.0);

        Recording plain = new Recording(TpeSampler.builder().seed(3).build());
        study(plain).optimize(TpeSamplerTest::conditional, 30);
        assertThat(plain.last.names()).containsExactly("kind");
    }

    @Test
    void mixedSpacesStayInBoundsAndOnGrids() {
        Study s = study(TpeSampler.builder().seed(4).multivariate(false).build());
        s.optimize(
                t -> {
                    double lr = t.suggestFloat("lr", 1e-5, 1, true);
                    double drop = t.suggestFloat("drop", 0, 0.5, 0.1);
                    int units = t.suggestInt("units", 16, 1024, true);
                    int even = t.suggestInt("even", 0, 40, 4);
                    String act = t.suggestCategorical("act", List.of("relu", "tanh"));
                    return Math.abs(Math.log10(lr) + 3)
                            + drop
                            + Math.abs(units - 100) / 100.0
                            + even / 40.0
                            + (act.equals("relu") ? 0 : 1);
                },
                60);
        List<FrozenTrial> trials = s.trials();
        assertThat(trials)
                .hasSize(60)
                .allSatisfy(t -> t.internalParams()
                        .forEach((name, v) -> assertThat(
                                        t.distributions().get(name).contains(v))
                                .isTrue()));
        assertThat(s.bestValue()).isLessThan(1.5);
    }

    @Test
    void seededRunsAreReproducibleAlsoWithPendingTrials() {
        List<Object> first = new ArrayList<>();
        List<Object> second = new ArrayList<>();
        for (List<Object> out : List.of(first, second)) {
            Study s = study(TpeSampler.seeded(9));
            SearchSpace space =
                    SearchSpace.of(FloatDistribution.of("x", -1, 1), CategoricalDistribution.of("c", List.of(1, 2, 3)));
            for (int round = 0; round < 4; round++) {
                List<Trial> batch = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    batch.add(s.ask(space));
                }
                for (Trial t : batch) {
                    out.add(t.params());
                    double x = (Double) t.params().get("x");
                    s.tell(t, x * x + ((Integer) t.params().get("c")));
                }
            }
        }
        assertThat(second).isEqualTo(first);
    }

    @Test
    void invalidOptionsAreRejectedWithTheirName() {
        assertThatThrownBy(() -> TpeSampler.builder().startupTrials(-1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("startupTrials=-1");
        assertThatThrownBy(() -> TpeSampler.builder().eiCandidates(0).build()).hasMessageContaining("eiCandidates=0");
        assertThatThrownBy(() -> TpeSampler.builder().priorWeight(0).build()).hasMessageContaining("priorWeight=0.0");
        assertThatThrownBy(() ->
                        TpeSampler.builder().multivariate(false).group(true).build())
                .hasMessageContaining("group=true needs multivariate=true");
        assertThatThrownBy(() -> TpeSampler.builder().bandwidth(null).build())
                .hasMessageContaining("bandwidth is null");
        assertThat(TpeSampler.seeded(1).options().eiCandidates()).isEqualTo(24);
        assertThat(TpeSampler.seeded(1).options().bandwidth()).isEqualTo(TpeSampler.Bandwidth.AUTO);
    }

    @Test
    void defaultGammaAndWeightsFollowOptuna() {
        assertThat(TpeSampler.defaultGamma(0)).isZero();
        assertThat(TpeSampler.defaultGamma(11)).isEqualTo(2);
        assertThat(TpeSampler.defaultGamma(1000)).isEqualTo(25);
        assertThat(TpeSampler.defaultWeights(3)).containsExactly(1, 1, 1);
        double[] w = TpeSampler.defaultWeights(30);
        assertThat(w[0]).isEqualTo(1.0 / 30);
        assertThat(w[4]).isEqualTo(1.0);
        assertThat(w[29]).isEqualTo(1.0);
        assertThat(w[1]).isCloseTo(1.0 / 30 + (1 - 1.0 / 30) / 4, org.assertj.core.api.Assertions.within(1e-12));
    }

    /**
     * Under Hyperband the sampler sees one bracket at a time; each bracket gets its own history,
     * holding exactly that bracket's finished trials. Study "hb" with resources 1..81 and eta 3
     * puts trials 0..19 in brackets 0,1,0,3,0,0,0,1,1,1,1,0,3,3,0,0,0,2,0,0 (as Optuna does).
     */
    @Test
    void underHyperbandEachBracketHasItsOwnHistory() {
        TpeSampler sampler = TpeSampler.seeded(5);
        Study study = Study.builder()
                .name("hb")
                .sampler(sampler)
                .pruner(io.paratune.pruner.Pruners.hyperband(1, 81, 3))
                .create();
        for (int i = 0; i < 21; i++) {
            Trial t = study.ask();
            study.tell(t, t.suggestFloat("x", 0, 1));
        }
        // trial 20 was proposed with the history of its bracket; the bracket of trial 0 holds 12 of 0..19
        assertThat(sampler.history("hb").count()).isBetween(11, 12);
        assertThat(sampler.history("hb#1").count())
                .as("bracket 1: trials 1, 7, 8, 9, 10")
                .isBetween(4, 5);
        assertThat(sampler.history("hb#3").count())
                .as("bracket 3: trials 3, 12, 13")
                .isBetween(2, 3);
    }

    /**
     * A bracket's history reads only the tail of its bracket: the numbers of the other brackets
     * between its trials do not hold its watermark back, and a bracket trial that finishes late is
     * still read. Trial 4 of study "hb" is in bracket 0, with trials 0, 2, 5, 6, ...
     */
    @Test
    void underHyperbandABracketsHistoryPassesOtherBracketsAndReadsALateTrial() {
        TpeSampler sampler = TpeSampler.seeded(6);
        io.paratune.pruner.Pruner hyperband = io.paratune.pruner.Pruners.hyperband(1, 81, 3);
        Study study =
                Study.builder().name("hb").sampler(sampler).pruner(hyperband).create();
        java.util.function.Predicate<FrozenTrial> bracket0 = hyperband.trialScope("hb", 0);
        Trial slow = null;
        for (int i = 0; i < 40; i++) {
            Trial t = study.ask();
            double x = t.suggestFloat("x", 0, 1);
            if (i == 4) {
                slow = t;
            } else {
                study.tell(t, x);
            }
        }
        assertThat(bracket0.test(slow.snapshot())).isTrue();
        assertThat(sampler.history("hb").chronological()).doesNotContain(4);
        study.tell(slow, -1.0);
        Trial last;
        do {
            last = study.ask();
            study.tell(last, last.suggestFloat("x", 0, 1));
        } while (!bracket0.test(last.snapshot()));
        int lastNumber = last.number();
        TpeStudyState h = sampler.history("hb");
        int[] expected = study.trials().stream()
                .filter(t -> t.number() < lastNumber && bracket0.test(t))
                .mapToInt(FrozenTrial::number)
                .toArray();
        assertThat(h.chronological()).containsExactly(expected);
        assertThat(h.ranking()[0]).isEqualTo(4);
        // every number below the trial being proposed for was read or is outside the bracket
        assertThat(h.watermark()).isEqualTo(lastNumber);
    }

    @Test
    void learnsFromTrialsAddedWithoutProposals() {
        TpeSampler sampler = TpeSampler.seeded(4);
        Study study = Study.builder().name("added").sampler(sampler).create();
        SearchSpace space = SearchSpace.of(FloatDistribution.of("x", 0, 1));
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(1);
        for (int i = 0; i < 40; i++) {
            double x = rnd.nextDouble();
            study.addTrial(space, Map.of("x", x), (x - 0.8) * (x - 0.8));
        }
        double[] distance = new double[20];
        for (int i = 0; i < distance.length; i++) {
            Trial t = study.ask(space);
            double x = (Double) t.params().get("x");
            distance[i] = Math.abs(x - 0.8);
            study.tell(t, (x - 0.8) * (x - 0.8));
        }
        // the 40 added trials are observations: no random start-up, proposals gather at the optimum
        assertThat(sampler.history("added").count()).as("read at the last ask").isEqualTo(59);
        assertThat(median(distance)).as(Arrays.toString(distance)).isLessThan(0.08);
    }
}
