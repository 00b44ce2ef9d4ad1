package io.paratune.sampler.gp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paratune.Direction;
import io.paratune.FrozenTrial;
import io.paratune.Study;
import io.paratune.Trial;
import io.paratune.bo.GpFitOptions;
import io.paratune.moo.Hypervolume;
import io.paratune.sampler.RandomSampler;
import io.paratune.sampler.Sampler;
import io.paratune.space.FloatDistribution;
import io.paratune.space.SearchSpace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class GpSamplerMultiObjectiveTest {

    private static SearchSpace cube(int d) {
        List<FloatDistribution> dists = new ArrayList<>();
        for (int i = 0; i < d; i++) {
            dists.add(FloatDistribution.of("x" + i, 0, 1));
        }
        return SearchSpace.of(dists);
    }

    private static double[] x(Trial t, int d) {
        double[] x = new double[d];
        for (int i = 0; i < d; i++) {
            x[i] = (Double) t.params().get("x" + i);
        }
        return x;
    }

    static double[] zdt1(double[] x) {
        double sum = 0;
        for (int i = 1; i < x.length; i++) {
            sum += x[i];
        }
        double g = 1 + 9.0 / (x.length - 1) * sum;
        return new double[] {x[0], g * (1 - Math.sqrt(x[0] / g))};
    }

    static double[] dtlz2(double[] x) {
        double g = 0;
        for (int i = 2; i < x.length; i++) {
            g += (x[i] - 0.5) * (x[i] - 0.5);
        }
        double a = x[0] * Math.PI / 2;
        double b = x[1] * Math.PI / 2;
        return new double[] {
            (1 + g) * Math.cos(a) * Math.cos(b), (1 + g) * Math.cos(a) * Math.sin(b), (1 + g) * Math.sin(a)
        };
    }

    /** Runs {@code rounds} batches of 8 asks before the tells; returns every evaluated value vector. */
    private static List<double[]> runBatches(
            Sampler sampler,
            int d,
            int objectives,
            int rounds,
            Function<double[], double[]> f,
            List<List<double[]>> batches) {
        Direction[] directions = new Direction[objectives];
        java.util.Arrays.fill(directions, Direction.MINIMIZE);
        Study study = Study.builder().directions(directions).sampler(sampler).create();
        SearchSpace space = cube(d);
        List<double[]> values = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            List<Trial> asked = new ArrayList<>();
            List<double[]> batch = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Trial t = study.ask(space);
                asked.add(t);
                batch.add(x(t, d));
            }
            batches.add(batch);
            for (Trial t : asked) {
                double[] y = f.apply(x(t, d));
                study.tell(t, y);
                values.add(y);
            }
        }
        return values;
    }

    @Test
    void twoObjectivesBatchesAreDistinctAndBeatRandomSampling() {
        List<List<double[]>> batches = new ArrayList<>();
        double[] reference = {11, 11};
        List<double[]> gp = runBatches(GpSampler.seeded(1), 4, 2, 6, GpSamplerMultiObjectiveTest::zdt1, batches);
        List<double[]> random =
                runBatches(RandomSampler.seeded(1), 4, 2, 6, GpSamplerMultiObjectiveTest::zdt1, new ArrayList<>());
        for (List<double[]> batch : batches) {
            Set<List<Double>> distinct = new HashSet<>();
            for (double[] p : batch) {
                distinct.add(java.util.Arrays.stream(p).boxed().toList());
            }
            assertThat(distinct).hasSize(8);
        }
        double gapGp = 120 + 2.0 / 3 - Hypervolume.compute(gp, reference);
        double gapRandom = 120 + 2.0 / 3 - Hypervolume.compute(random, reference);
        assertThat(gapGp).isLessThan(gapRandom / 2);
    }

    /**
     * Medians over three seeds: after 24 evaluations one seed's gap varies too much to judge by
     * (over seeds 0..9 the GP's median gap is 0.67 of random sampling's, single seeds 0.5 to 0.97).
     */
    @Test
    void threeObjectivesWithAGivenReferencePointBeatRandomSampling() {
        double[] reference = {1.1, 1.1, 1.1};
        double truth = 1.331 - Math.PI / 6;
        double[] gapGp = new double[SEEDS];
        double[] gapRandom = new double[SEEDS];
        for (int seed = 0; seed < SEEDS; seed++) {
            List<double[]> gp = runBatches(
                    GpSampler.builder().seed(seed).referencePoint(reference).build(),
                    4,
                    3,
                    6,
                    GpSamplerMultiObjectiveTest::dtlz2,
                    new ArrayList<>());
            List<double[]> random = runBatches(
                    RandomSampler.seeded(seed), 4, 3, 6, GpSamplerMultiObjectiveTest::dtlz2, new ArrayList<>());
            gapGp[seed] = truth - Hypervolume.compute(gp, reference);
            gapRandom[seed] = truth - Hypervolume.compute(random, reference);
        }
        java.util.Arrays.sort(gapGp);
        java.util.Arrays.sort(gapRandom);
        assertThat(gapGp[SEEDS / 2]).isLessThan(0.8 * gapRandom[SEEDS / 2]);
    }

    private static final int SEEDS = 3;

    @Test
    void fourObjectivesUseChebyshevScalarisationsInsideTheSpace() {
        List<List<double[]>> batches = new ArrayList<>();
        List<double[]> values = runBatches(
                GpSampler.seeded(3), 3, 4, 3, x -> new double[] {x[0], 1 - x[0], x[1], x[2] + x[0]}, batches);
        assertThat(values).hasSize(24);
        for (double[] p : batches.get(2)) {
            for (double v : p) {
                assertThat(v).isBetween(0.0, 1.0);
            }
        }
    }

    @Test
    void aConstrainedSingleObjectiveStudyFindsTheBoundaryOptimumAndProposesNearTheFeasibleRegion() {
        Study study = Study.builder().sampler(GpSampler.seeded(4)).create();
        SearchSpace space = cube(2);
        int nearFeasibleLate = 0;
        for (int i = 0; i < 30; i++) {
            Trial t = study.ask(space);
            double[] x = x(t, 2);
            double c = x[0] + x[1] - 1;
            t.setConstraints(c);
            study.tell(t, Math.pow(x[0] - 0.9, 2) + Math.pow(x[1] - 0.9, 2));
            if (i >= 15 && c <= 0.05) {
                nearFeasibleLate++; // the optimum is on the boundary: proposals hug it from both sides
            }
        }
        double bestFeasible = Double.POSITIVE_INFINITY;
        for (FrozenTrial t : study.trials()) {
            if (t.isFeasible()) {
                bestFeasible = Math.min(bestFeasible, t.value());
            }
        }
        assertThat(bestFeasible).isLessThan(0.32 + 0.02); // the optimum on x0 + x1 = 1 is 0.32 at (0.5, 0.5)
        assertThat(nearFeasibleLate).isGreaterThanOrEqualTo(12);
    }

    @Test
    void aConstrainedTwoObjectiveStudyProposesMostlyFeasiblePoints() {
        Study study = Study.builder()
                .directions(Direction.MINIMIZE, Direction.MINIMIZE)
                .sampler(GpSampler.seeded(5))
                .create();
        SearchSpace space = cube(3);
        int feasibleLate = 0;
        int late = 0;
        for (int r = 0; r < 5; r++) {
            List<Trial> asked = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                asked.add(study.ask(space));
            }
            for (Trial t : asked) {
                double[] x = x(t, 3);
                double c = 0.3 - x[0]; // feasible: x0 >= 0.3
                t.setConstraints(c);
                study.tell(t, zdt1(x));
                if (r >= 3) {
                    late++;
                    feasibleLate += c <= 0 ? 1 : 0;
                }
            }
        }
        assertThat(feasibleLate).isGreaterThanOrEqualTo(late * 3 / 4);
    }

    @Test
    void twoObjectivesWithChebyshevScalarisationsIgnoreTheReferencePointAndConvergeOntoTheFront() {
        // the scalarisations take no reference point: two samplers that differ only in it propose
        // the same points, where EHVI (which the same two reference points change) does not
        List<List<double[]>> near = new ArrayList<>();
        List<List<double[]>> far = new ArrayList<>();
        List<double[]> gp = runBatches(
                GpSampler.builder()
                        .seed(1)
                        .multiObjective(MultiObjectiveAcquisition.CHEBYSHEV)
                        .referencePoint(1.1, 1.1)
                        .build(),
                4,
                2,
                6,
                GpSamplerMultiObjectiveTest::zdt1,
                near);
        runBatches(
                GpSampler.builder()
                        .seed(1)
                        .multiObjective(MultiObjectiveAcquisition.CHEBYSHEV)
                        .referencePoint(50, 50)
                        .build(),
                4,
                2,
                3,
                GpSamplerMultiObjectiveTest::zdt1,
                far);
        List<List<double[]>> ehviNear = new ArrayList<>();
        List<List<double[]>> ehviFar = new ArrayList<>();
        runBatches(
                GpSampler.builder()
                        .seed(1)
                        .multiObjective(MultiObjectiveAcquisition.EHVI)
                        .referencePoint(1.1, 1.1)
                        .build(),
                4,
                2,
                3,
                GpSamplerMultiObjectiveTest::zdt1,
                ehviNear);
        runBatches(
                GpSampler.builder()
                        .seed(1)
                        .multiObjective(MultiObjectiveAcquisition.EHVI)
                        .referencePoint(50, 50)
                        .build(),
                4,
                2,
                3,
                GpSamplerMultiObjectiveTest::zdt1,
                ehviFar);
        for (int r = 0; r < 3; r++) {
            for (int i = 0; i < 8; i++) {
                assertThat(far.get(r).get(i)).containsExactly(near.get(r).get(i));
            }
        }
        assertThat(ehviFar.get(2).get(0)).isNotEqualTo(ehviNear.get(2).get(0));
        for (List<double[]> batch : near) {
            Set<List<Double>> distinct = new HashSet<>();
            for (double[] p : batch) {
                distinct.add(java.util.Arrays.stream(p).boxed().toList());
                for (double v : p) {
                    assertThat(v).isBetween(0.0, 1.0);
                }
            }
            assertThat(distinct).hasSize(8);
        }
        double[] reference = {11, 11};
        List<double[]> random =
                runBatches(RandomSampler.seeded(1), 4, 2, 6, GpSamplerMultiObjectiveTest::zdt1, new ArrayList<>());
        double gapGp = 120 + 2.0 / 3 - Hypervolume.compute(gp, reference);
        double gapRandom = 120 + 2.0 / 3 - Hypervolume.compute(random, reference);
        // the model-based batches (the last two) lie near the front, where g = 1: x1 + x2 + x3 small
        // (1.5 on average for random points)
        double offFront = 0;
        for (int r = 4; r < 6; r++) {
            for (double[] p : near.get(r)) {
                offFront += (p[1] + p[2] + p[3]) / 16;
            }
        }
        assertThat(offFront).isLessThan(0.05);
        assertThat(gapGp).isLessThan(0.8 * gapRandom);
    }

    @Test
    void ehviIsRefusedForFourObjectivesAndTheAcquisitionIsSetOnce() {
        Study study = Study.builder()
                .directions(Direction.MINIMIZE, Direction.MINIMIZE, Direction.MINIMIZE, Direction.MINIMIZE)
                .sampler(GpSampler.builder()
                        .seed(3)
                        .initialTrials(2)
                        .multiObjective(MultiObjectiveAcquisition.EHVI)
                        .build())
                .create();
        SearchSpace space = cube(2);
        for (int i = 0; i < 2; i++) {
            Trial t = study.ask(space);
            double[] x = x(t, 2);
            study.tell(t, x[0], 1 - x[0], x[1], 1 - x[1]);
        }
        assertThatThrownBy(() -> study.ask(space))
                .hasMessageContaining("multiObjective=EHVI")
                .hasMessageContaining("CHEBYSHEV");
        assertThatThrownBy(() -> GpSampler.builder()
                        .multiObjective(MultiObjectiveAcquisition.EHVI)
                        .multiObjective(MultiObjectiveAcquisition.CHEBYSHEV))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("set it once");
    }

    @Test
    void theReferencePointMustBeFiniteAndSetOnce() {
        assertThatThrownBy(() -> GpSampler.builder().referencePoint(1, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("finite");
        assertThatThrownBy(() -> GpSampler.builder().referencePoint(1, 2).referencePoint(1, 2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("set it once");
    }

    @Test
    void exploitingProposalsAreSpreadOverTheTrialNumbersAndLieCloserToTheFront() {
        GpSampler quarter = GpSampler.builder().exploitation(0.25).build();
        List<Integer> exploiting = new ArrayList<>();
        for (int n = 0; n < 16; n++) {
            if (quarter.exploits(n)) {
                exploiting.add(n);
            }
        }
        assertThat(exploiting).containsExactly(3, 7, 11, 15);
        assertThat(GpSampler.create().exploits(7)).isFalse();
        assertThat(GpSampler.builder().exploitation(1).build().exploits(0)).isTrue();
        assertThatThrownBy(() -> GpSampler.builder().exploitation(1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exploitation=1.5");
        assertThatThrownBy(() -> GpSampler.builder().exploitation(0.5).exploitation(0.5))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("set it once");

        // on DTLZ2 the front is g = sum (x_i - 0.5)^2 = 0 over x2, x3: the model-based batches of a
        // purely exploiting sampler lie closer to it than those of plain EHVI
        double[] reference = {1.1, 1.1, 1.1};
        List<List<double[]>> plain = new ArrayList<>();
        List<List<double[]>> exploit = new ArrayList<>();
        runBatches(
                GpSampler.builder().seed(4).referencePoint(reference).build(),
                4,
                3,
                6,
                GpSamplerMultiObjectiveTest::dtlz2,
                plain);
        runBatches(
                GpSampler.builder()
                        .seed(4)
                        .referencePoint(reference)
                        .exploitation(1)
                        .build(),
                4,
                3,
                6,
                GpSamplerMultiObjectiveTest::dtlz2,
                exploit);
        assertThat(meanG(exploit, 3)).isLessThan(0.5 * meanG(plain, 3));
        for (List<double[]> batch : exploit) {
            Set<List<Double>> distinct = new HashSet<>();
            for (double[] p : batch) {
                distinct.add(java.util.Arrays.stream(p).boxed().toList());
            }
            assertThat(distinct).hasSize(8);
        }
    }

    @Test
    void exploitingProposalsDoNotChaseMeansPastTheFrontsMinima() {
        // on DTLZ2, x0 = 1 maps every x1 to the apex (0, 0, 1 + g), where two objectives reach
        // their minimum 0; past it their GP means undershoot, and a hypervolume counted below the
        // observed minima made exploiting proposals return there again and again
        double[] reference = {1.1, 1.1, 1.1};
        List<List<double[]>> batches = new ArrayList<>();
        GpFitOptions quadratic =
                GpFitOptions.defaults().withFixedNoise().withPriorMean(GpFitOptions.PriorMean.QUADRATIC);
        runBatches(
                GpSampler.builder()
                        .seed(0)
                        .referencePoint(reference)
                        .fitOptions(quadratic)
                        .exploitation(1)
                        .build(),
                6,
                3,
                12,
                GpSamplerMultiObjectiveTest::dtlz2,
                batches);
        int apex = 0;
        for (List<double[]> batch : batches.subList(2, batches.size())) {
            for (double[] p : batch) {
                if (p[0] > 1 - 1e-9) {
                    apex++;
                }
            }
        }
        // 13 of the 80 model-based proposals when the improvement counted below the minima, 1 now
        assertThat(apex).isLessThanOrEqualTo(3);
    }

    @Test
    void aQuadraticPriorMeanBringsTheFirstModelBatchesCloserToTheFront() {
        // DTLZ2's front needs x2..x5 = 0.5, the middle of the cube: a constant prior mean lets the
        // early model see the unexplored corners as promising, a quadratic one sees the bowl
        double[] reference = {1.1, 1.1, 1.1};
        GpFitOptions fixedNoise = GpFitOptions.defaults().withFixedNoise();
        List<List<double[]>> constant = new ArrayList<>();
        List<List<double[]>> quadratic = new ArrayList<>();
        runBatches(
                GpSampler.builder()
                        .seed(6)
                        .referencePoint(reference)
                        .fitOptions(fixedNoise)
                        .build(),
                6,
                3,
                4,
                GpSamplerMultiObjectiveTest::dtlz2,
                constant);
        runBatches(
                GpSampler.builder()
                        .seed(6)
                        .referencePoint(reference)
                        .fitOptions(fixedNoise.withPriorMean(GpFitOptions.PriorMean.QUADRATIC))
                        .build(),
                6,
                3,
                4,
                GpSamplerMultiObjectiveTest::dtlz2,
                quadratic);
        assertThat(meanG(quadratic, 2)).isLessThan(0.5 * meanG(constant, 2));
    }

    /** The mean DTLZ2 distance g of the points of the batches from {@code from} on. */
    private static double meanG(List<List<double[]>> batches, int from) {
        double sum = 0;
        int count = 0;
        for (List<double[]> batch : batches.subList(from, batches.size())) {
            for (double[] p : batch) {
                for (int i = 2; i < p.length; i++) {
                    sum += (p[i] - 0.5) * (p[i] - 0.5);
                }
                count++;
            }
        }
        return sum / count;
    }
}
