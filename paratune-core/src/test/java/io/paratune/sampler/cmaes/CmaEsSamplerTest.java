package io.paratune.sampler.cmaes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paratune.FrozenTrial;
import io.paratune.OptimizeOptions;
import io.paratune.Study;
import io.paratune.Trial;
import io.paratune.TrialState;
import io.paratune.sampler.RandomSampler;
import io.paratune.space.CategoricalDistribution;
import io.paratune.space.FloatDistribution;
import io.paratune.space.IntDistribution;
import io.paratune.space.SearchSpace;
import io.paratune.storage.Storage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CmaEsSamplerTest {

    private static final SearchSpace SPACE = SearchSpace.of(
            FloatDistribution.of("x", -5, 5), FloatDistribution.of("y", -5, 5), FloatDistribution.of("z", -5, 5));

    private static double sphere(Map<String, Object> p) {
        double s = 0;
        for (Object v : p.values()) {
            double x = ((Number) v).doubleValue();
            s += (x - 1) * (x - 1);
        }
        return s;
    }

    private static double sphere(Trial t) {
        return sphere(Map.of(
                "x", t.suggestFloat("x", -5, 5), "y", t.suggestFloat("y", -5, 5), "z", t.suggestFloat("z", -5, 5)));
    }

    private static Map<?, ?> tag(FrozenTrial t) {
        return (Map<?, ?>) t.systemAttributes().get(CmaEsStudyState.ATTR);
    }

    private static int attr(FrozenTrial t, String key) {
        return ((Number) tag(t).get(key)).intValue();
    }

    @Test
    void membersAreCountedInTheStorageCountersEarlierVersionsUsed() {
        // a study resumed in the middle of a generation must go on counting that generation's members
        Storage storage = Storage.inMemory();
        Study study =
                Study.builder().storage(storage).sampler(CmaEsSampler.seeded(3)).create();
        SearchSpace space = SearchSpace.of(FloatDistribution.of("x", -1, 1), FloatDistribution.of("y", -1, 1));
        for (int i = 0; i < 3; i++) {
            Trial t = study.ask(space);
            study.tell(t, (double) t.params().get("x"));
        }
        // trial 0 is the start-up trial; trials 1 and 2 took members 0 and 1 of restart 0, generation 0
        assertThat(storage.nextSequenceValue(study.id(), "cmaes:r0:g0")).isEqualTo(2);
    }

    @Test
    void convergesOnASphereAndBeatsRandomSampling() {
        Study cma = Study.builder().sampler(CmaEsSampler.seeded(1)).create();
        cma.optimize(CmaEsSamplerTest::sphere, 300);
        Study random = Study.builder().sampler(RandomSampler.seeded(1)).create();
        random.optimize(CmaEsSamplerTest::sphere, 300);
        assertThat(cma.bestValue()).isLessThan(1e-3).isLessThan(random.bestValue() / 100);
    }

    @Test
    void parallelWorkersGetDistinctMembers() {
        CmaEsSampler sampler = CmaEsSampler.seeded(2);
        Study s = Study.builder().sampler(sampler).create();
        s.optimize(
                CmaEsSamplerTest::sphere,
                OptimizeOptions.builder().trials(120).parallelism(4).build());
        Set<List<Integer>> members = new HashSet<>();
        List<FrozenTrial> tagged =
                s.trials().stream().filter(t -> tag(t) != null).toList();
        for (FrozenTrial t : tagged) {
            assertThat(members.add(List.of(attr(t, "restart"), attr(t, "generation"), attr(t, "member"))))
                    .as("member of trial %d handed out once", t.number())
                    .isTrue();
        }
        assertThat(tagged).hasSizeGreaterThan(100);
        // a generation is told once lambda = 7 members are COMPLETE: at most 3 more are in flight then
        Map<Integer, Long> perGeneration = tagged.stream()
                .collect(java.util.stream.Collectors.groupingBy(
                        t -> attr(t, "generation"), java.util.stream.Collectors.counting()));
        assertThat(perGeneration.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(10));
        assertThat(sampler.position(s.name())[1]).isGreaterThanOrEqualTo(10);
    }

    private static List<Trial> askMembers(Study s, int count) {
        List<Trial> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batch.add(s.ask(SPACE));
        }
        return batch;
    }

    @Test
    void outOfOrderTellsAdvanceOnceLambdaMembersAreComplete() {
        CmaEsSampler sampler = CmaEsSampler.seeded(3);
        Study s = Study.builder().sampler(sampler).create();
        s.tell(s.ask(SPACE), 1.0);
        int lambda = 7; // 4 + floor(3 ln 3)
        List<Trial> batch = askMembers(s, lambda + 2);
        assertThat(batch)
                .allSatisfy(t -> assertThat(attr(t.snapshot(), "generation")).isZero());
        assertThat(batch.stream().map(t -> attr(t.snapshot(), "member")).toList())
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8);
        // members 8, 7, ..., 3 complete, newest first: six, still one short
        for (int i = lambda + 1; i >= 3; i--) {
            s.tell(batch.get(i), sphere(batch.get(i).params()));
        }
        s.tell(s.ask(SPACE), TrialState.FAIL);
        assertThat(sampler.position(s.name())[1]).isZero();
        s.tell(batch.get(1), TrialState.FAIL);
        s.tell(batch.get(2), sphere(batch.get(2).params()));
        Trial next = s.ask(SPACE);
        assertThat(sampler.position(s.name())[1]).isEqualTo(1);
        assertThat(attr(next.snapshot(), "generation")).isEqualTo(1);
        assertThat(attr(next.snapshot(), "member")).isZero();
        List<Integer> told = new ArrayList<>(List.of(0, 0));
        for (int i = 2; i <= lambda + 1; i++) {
            told.add(batch.get(i).number());
        }
        assertThat(tag(next.snapshot()).get("told")).isEqualTo(told);
        // member 0 finishing late no longer matters
        s.tell(batch.get(0), 0.0);
        s.ask(SPACE);
        assertThat(sampler.position(s.name())[1]).isEqualTo(1);
    }

    @Test
    void failedMembersAreReplacedBySparesAndPrunedOnesAreTold() {
        CmaEsSampler sampler = CmaEsSampler.seeded(4);
        Study s = Study.builder().sampler(sampler).create();
        s.tell(s.ask(SPACE), 1.0);
        List<Trial> batch = askMembers(s, 7);
        s.tell(batch.get(0), TrialState.FAIL);
        batch.get(3).report(2, 50.0);
        s.tell(batch.get(3), TrialState.PRUNED);
        for (int i : new int[] {1, 2, 4, 5, 6}) {
            s.tell(batch.get(i), sphere(batch.get(i).params()));
        }
        List<Trial> spares = askMembers(s, 1);
        assertThat(attr(spares.get(0).snapshot(), "member")).isEqualTo(7);
        assertThat(sampler.position(s.name())[1]).isZero();
        s.tell(spares.get(0), sphere(spares.get(0).params()));
        Trial next = s.ask(SPACE);
        assertThat(attr(next.snapshot(), "generation")).isEqualTo(1);
        List<Integer> told = ((List<?>) tag(next.snapshot()).get("told"))
                .stream().map(v -> ((Number) v).intValue()).toList();
        assertThat(told)
                .hasSize(2 + 7)
                .doesNotContain(batch.get(0).number())
                .contains(batch.get(3).number(), spares.get(0).number());
    }

    @Test
    void prunedMembersRankAfterCompleteOnesByStepThenLastValue() {
        double[] x = {0.5};
        List<GenerationLog.Member> told = List.of(
                new GenerationLog.Member(1, TrialState.COMPLETE, 3.0, 9, x),
                new GenerationLog.Member(2, TrialState.PRUNED, 0.5, 3, x),
                new GenerationLog.Member(3, TrialState.COMPLETE, 1.0, 9, x),
                new GenerationLog.Member(4, TrialState.PRUNED, 7.0, 1, x),
                new GenerationLog.Member(5, TrialState.PRUNED, Double.POSITIVE_INFINITY, 3, x),
                new GenerationLog.Member(6, TrialState.PRUNED, 0.1, 3, x));
        // worst complete 3, best 1, gap (3 - 1) / 6: trials 6, 2, 5 (step 3, by value), then 4 (step 1)
        double gap = 2.0 / 6;
        assertThat(GenerationLosses.of(told)).containsExactly(3.0, 3 + 2 * gap, 1.0, 3 + 4 * gap, 3 + 3 * gap, 3 + gap);
        assertThat(GenerationLosses.of(told.subList(3, 5)))
                .as("no complete member")
                .containsExactly(2.0, 1.0);
    }

    @Test
    void prunedMembersBeyondHugeCompleteLossesKeepTheirRankAndStayFinite() {
        double[] x = {0.5};
        List<GenerationLog.Member> told = List.of(
                new GenerationLog.Member(1, TrialState.COMPLETE, Double.MAX_VALUE, 9, x),
                new GenerationLog.Member(2, TrialState.PRUNED, 0.5, 3, x),
                new GenerationLog.Member(3, TrialState.COMPLETE, -Double.MAX_VALUE, 9, x),
                new GenerationLog.Member(4, TrialState.PRUNED, 7.0, 1, x));
        double[] ys = GenerationLosses.of(told);
        assertThat(Arrays.stream(ys).allMatch(Double::isFinite))
                .as(Arrays.toString(ys))
                .isTrue();
        // complete 3, complete 1, pruned 2 (step 3), pruned 4 (step 1)
        assertThat(ys[2]).isLessThan(ys[0]);
        assertThat(ys[0]).isLessThan(ys[1]);
        assertThat(ys[1]).isLessThan(ys[3]);
    }

    @Test
    void hugeButFiniteValuesAndPrunedTrialsDoNotStopTheStudy() {
        for (CmaEsSampler.Restart restart : CmaEsSampler.Restart.values()) {
            Study study = Study.builder()
                    .sampler(CmaEsSampler.builder().seed(3).restart(restart).build())
                    .create();
            for (int i = 0; i < 120; i++) {
                Trial t = study.ask(SPACE);
                double x = (Double) t.params().get("x");
                switch (i % 4) {
                    case 0 -> study.tell(t, Double.MAX_VALUE);
                    case 1 -> study.tell(t, -Double.MAX_VALUE * (x > 0 ? 1 : 0.5));
                    case 2 -> {
                        t.report(0, 1e308);
                        study.tell(t, TrialState.PRUNED);
                    }
                    default -> study.tell(t, x);
                }
            }
            assertThat(study.trials(TrialState.FAIL)).as("%s", restart).isEmpty();
        }
    }

    @Test
    void aProcessThatToldDifferentlyFromTheCanonicalRecordReplays() {
        Storage storage = Storage.inMemory();
        CmaEsSampler first = CmaEsSampler.seeded(14);
        Study s = Study.builder().name("cma").storage(storage).sampler(first).create();
        s.tell(s.ask(SPACE), 1.0);
        List<Trial> batch = askMembers(s, 9);
        // a trial another process created before the generation was told; it tags it later
        Trial other = s.ask(SPACE);
        batch.forEach(t -> s.tell(t, sphere(t.params())));
        Trial mine = s.ask(SPACE);
        List<?> myRecord = (List<?>) tag(mine.snapshot()).get("told");
        assertThat(myRecord.subList(2, 9))
                .isEqualTo(batch.subList(0, 7).stream().map(Trial::number).toList());
        List<Object> otherRecord = new ArrayList<>(List.of(0, 0));
        batch.subList(2, 9).forEach(t -> otherRecord.add(t.number()));
        Map<String, Object> otherTag = new java.util.HashMap<>(tag(other.snapshot()).entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(e -> e.getKey().toString(), Map.Entry::getValue)));
        otherTag.put("generation", 1);
        otherTag.put("member", 99);
        otherTag.put("told", otherRecord);
        storage.setSystemAttribute(other.snapshot().id(), CmaEsStudyState.ATTR, otherTag);

        s.tell(s.ask(SPACE), TrialState.FAIL); // syncs: the other record is canonical (lower number)
        CmaEsSampler fresh = CmaEsSampler.seeded(14);
        Study replay =
                Study.builder().name("cma").storage(storage).sampler(fresh).load();
        replay.tell(replay.ask(SPACE), TrialState.FAIL);
        assertThat(first.position("cma")).containsExactly(fresh.position("cma"));
        assertThat(first.member("cma", 5)).isEqualTo(fresh.member("cma", 5));
    }

    @Test
    void aRestartedProcessRebuildsTheSameStateFromTheStorage() {
        Storage storage = Storage.inMemory();
        CmaEsSampler first = CmaEsSampler.builder()
                .seed(5)
                .restart(CmaEsSampler.Restart.IPOP)
                .build();
        Study s = Study.builder().name("cma").storage(storage).sampler(first).create();
        for (int round = 0; round < 12; round++) {
            List<Trial> batch = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                batch.add(s.ask(SPACE));
            }
            for (int i = batch.size() - 1; i >= 0; i--) {
                if (i == 2 && round % 3 == 0) {
                    s.tell(batch.get(i), TrialState.FAIL);
                } else {
                    s.tell(batch.get(i), sphere(batch.get(i).params()));
                }
            }
        }
        s.ask(SPACE);
        CmaEsSampler second = CmaEsSampler.builder()
                .seed(5)
                .restart(CmaEsSampler.Restart.IPOP)
                .build();
        Study again =
                Study.builder().name("cma").storage(storage).sampler(second).load();
        Trial next = again.ask(SPACE);
        assertThat(second.position("cma")).containsExactly(first.position("cma"));
        assertThat(first.position("cma")[1]).isGreaterThan(3);
        int member = attr(next.snapshot(), "member");
        assertThat(next.params())
                .isEqualTo(Map.of(
                        "x",
                        first.member("cma", member).get("x"),
                        "y",
                        first.member("cma", member).get("y"),
                        "z",
                        first.member("cma", member).get("z")));
    }

    @Test
    void ipopRestartsWithADoubledPopulationWhenARunStalls() {
        CmaEsSampler sampler = CmaEsSampler.builder()
                .seed(6)
                .restart(CmaEsSampler.Restart.IPOP)
                .build();
        Study s = Study.builder().sampler(sampler).create();
        s.optimize(t -> 5.0 + 0 * sphere(t), 400); // flat: the value range stalls at once
        int[] position = sampler.position(s.name());
        assertThat(position[0]).isGreaterThanOrEqualTo(1);
        assertThat(position[2]).isEqualTo(7 << position[0]);
    }

    @Test
    void bipopAlternatesLargeAndSmallPopulations() {
        CmaEsSampler sampler = CmaEsSampler.builder()
                .seed(7)
                .restart(CmaEsSampler.Restart.BIPOP)
                .build();
        Study s = Study.builder().sampler(sampler).create();
        Set<Integer> sizes = new HashSet<>();
        for (int i = 0; i < 1500; i++) {
            Trial t = s.ask(SPACE);
            s.tell(t, 5.0);
            int[] p = sampler.position(s.name());
            if (p != null) {
                sizes.add(p[2]);
            }
        }
        assertThat(sizes).contains(7, 14).anySatisfy(size -> assertThat(size).isLessThan(7));
    }

    @Test
    void marginKeepsIntegersOnTheirGridAndFindsTheOptimum() {
        Study s = Study.builder()
                .sampler(CmaEsSampler.builder().seed(8).withMargin(true).build())
                .create();
        s.optimize(
                t -> {
                    int a = t.suggestInt("a", -10, 10);
                    int b = t.suggestInt("b", 0, 40, 4);
                    double c = t.suggestFloat("c", -1, 1);
                    return Math.pow(a - 3, 2) + Math.pow(b - 12, 2) + c * c;
                },
                300);
        assertThat(s.bestParams()).containsEntry("a", 3L).containsEntry("b", 12L);
        assertThat(s.bestValue()).isLessThan(0.01);
    }

    @Test
    void categoricalParametersComeFromTheFallback() {
        Study s = Study.builder().sampler(CmaEsSampler.seeded(9)).create();
        s.optimize(
                t -> {
                    String k = t.suggestCategorical("k", List.of("a", "b", "c"));
                    return sphere(t) + (k.equals("b") ? 0 : 1);
                },
                80);
        assertThat(s.trials()).allSatisfy(t -> assertThat(t.params()).containsKeys("k", "x", "y", "z"));
        FrozenTrial last = s.trials().get(79);
        assertThat(tag(last).get("params")).isEqualTo(List.of("x", "y", "z"));
    }

    @Test
    void warmStartBeginsNearTheBestEarlierTrials() {
        Study source = Study.builder().sampler(RandomSampler.seeded(10)).create();
        source.optimize(CmaEsSamplerTest::sphere, 200);
        CmaEsSampler sampler =
                CmaEsSampler.builder().seed(10).warmStart(source.trials()).build();
        Study s = Study.builder().sampler(sampler).create();
        s.tell(s.ask(SPACE), 100.0);
        double[] firstGeneration = new double[7];
        for (int i = 0; i < 7; i++) {
            firstGeneration[i] = sphere(s.ask(SPACE).params());
        }
        Study cold = Study.builder().sampler(CmaEsSampler.seeded(10)).create();
        cold.tell(cold.ask(SPACE), 100.0);
        double[] coldGeneration = new double[7];
        for (int i = 0; i < 7; i++) {
            coldGeneration[i] = sphere(cold.ask(SPACE).params());
        }
        assertThat(Arrays.stream(firstGeneration).average().orElseThrow())
                .isLessThan(0.7 * Arrays.stream(coldGeneration).average().orElseThrow());
    }

    @Test
    void oneNumericParameterIsLeftToTheFallback() {
        CmaEsSampler sampler = CmaEsSampler.seeded(11);
        Study s = Study.builder().sampler(sampler).create();
        s.optimize(
                t -> Math.abs(t.suggestFloat("x", 0, 1) - 0.5)
                        + (t.suggestCategorical("c", List.of(1, 2)) == 1 ? 0 : 1),
                20);
        assertThat(s.trials()).allSatisfy(t -> assertThat(tag(t)).isNull());
    }

    @Test
    void invalidOptionsAreRejectedWithTheirName() {
        assertThatThrownBy(() -> CmaEsSampler.builder().sigma0(0).build()).hasMessageContaining("sigma0=0.0");
        assertThatThrownBy(() -> CmaEsSampler.builder().populationSize(1).build())
                .hasMessageContaining("populationSize=1");
        assertThatThrownBy(() -> CmaEsSampler.builder().incPopSize(1).build()).hasMessageContaining("incPopSize=1");
        assertThatThrownBy(() ->
                        CmaEsSampler.builder().separable(true).withMargin(true).build())
                .hasMessageContaining("separable=true");
        assertThatThrownBy(() -> CmaEsSampler.builder().startupTrials(0).build())
                .hasMessageContaining("startupTrials=0");
    }

    @Test
    void separableCmaEsAlsoConverges() {
        Study s = Study.builder()
                .sampler(CmaEsSampler.builder().seed(12).separable(true).build())
                .create();
        s.optimize(CmaEsSamplerTest::sphere, 300);
        assertThat(s.bestValue()).isLessThan(1e-2);
    }

    @Test
    void intParametersWithoutMarginAreRounded() {
        Study s = Study.builder().sampler(CmaEsSampler.seeded(13)).create();
        s.optimize(t -> Math.abs(t.suggestInt("n", 1, 1000, true) - 64) + Math.abs(t.suggestFloat("f", 0, 1)), 150);
        assertThat(s.trials())
                .allSatisfy(t -> assertThat(IntDistribution.logScale("n", 1, 1000)
                                .contains(t.internalParams().get("n")))
                        .isTrue());
        assertThat(s.bestValue()).isLessThan(5);
        assertThat(CategoricalDistribution.of("unused", List.of(1)).isSingle()).isTrue();
    }

    @Test
    void runsWithParallelWorkersUnderHyperbandAndAsha() {
        for (io.paratune.pruner.Pruner pruner : List.of(
                io.paratune.pruner.Pruners.hyperband(1, 9, 3),
                io.paratune.pruner.Pruners.successiveHalving(1, 3, 0, 0))) {
            CmaEsSampler sampler = CmaEsSampler.seeded(6);
            Study s = Study.builder()
                    .name("cmaes-pruned")
                    .sampler(sampler)
                    .pruner(pruner)
                    .create();
            s.optimize(
                    t -> {
                        double v = sphere(t);
                        for (int step = 1; step <= 9; step++) {
                            t.report(step, v + 1.0 / step);
                            if (t.shouldPrune()) {
                                throw new io.paratune.TrialPrunedException();
                            }
                        }
                        return v;
                    },
                    120,
                    4);
            assertThat(s.trials(TrialState.FAIL)).as("%s", pruner).isEmpty();
            // under Hyperband this is the engine of the bracket of trial 0, which holds about half the
            // trials; how many of them its generations count depends on the workers' interleaving
            assertThat(sampler.position(s.name())[1])
                    .as("generations told under %s", pruner)
                    .isGreaterThan(1);
        }
    }

    @Test
    void anEnqueuedPointFarFromASmallDistributionDoesNotBlowItUp() {
        // the enqueued point is told as an injected solution, its step shortened; told as drawn, it is
        // thousands of step sizes away, and as one of the best it moved the mean and made the step size
        // jump to its cap, every draw then clipped onto the bounds
        CmaEsSampler sampler =
                CmaEsSampler.builder().seed(4).sigma0(1e-4).populationSize(4).build();
        Study study = Study.builder().sampler(sampler).create();
        int atBounds = 0;
        for (int i = 0; i < 80; i++) {
            if (i % 8 == 3) {
                study.enqueue(Map.of("x", 5.0, "y", -5.0, "z", 5.0));
            }
            Trial t = study.ask(SPACE);
            for (Object v : t.params().values()) {
                atBounds += Math.abs((Double) v) == 5.0 ? 1 : 0;
            }
            // the enqueued point is the best of its generation (a known-good configuration)
            study.tell(t, i % 8 == 3 ? -1 : sphere(t.params()));
        }
        assertThat(sampler.position(study.name())[1]).as("generations told").isGreaterThan(10);
        assertThat(atBounds)
                .as("coordinates at the bounds besides the 10 enqueued points' 30")
                .isEqualTo(30);
    }

    @Test
    void roundedIntegersBesideASmallStepSizeDoNotBlowItUp() {
        // the mean starts between the two cells of each integer: told at the rounded value, a member was
        // a quarter of the cube from the mean, thousands of step sizes; the step size jumped to its cap
        SearchSpace space = SearchSpace.of(
                FloatDistribution.of("x", -5, 5),
                FloatDistribution.of("y", -5, 5),
                IntDistribution.of("n", 0, 1),
                IntDistribution.of("m", 0, 1));
        CmaEsSampler sampler = CmaEsSampler.builder().seed(5).sigma0(1e-4).build();
        Study study = Study.builder().sampler(sampler).create();
        int atBounds = 0;
        for (int i = 0; i < 80; i++) {
            Trial t = study.ask(space);
            double x = (Double) t.params().get("x");
            double y = (Double) t.params().get("y");
            atBounds += (Math.abs(x) == 5 ? 1 : 0) + (Math.abs(y) == 5 ? 1 : 0);
            study.tell(
                    t,
                    x * x
                            + y * y
                            + (Long) t.params().get("n")
                            + (Long) t.params().get("m"));
        }
        assertThat(sampler.position(study.name())[1]).as("generations told").isGreaterThan(5);
        assertThat(atBounds).isZero();
    }
}
