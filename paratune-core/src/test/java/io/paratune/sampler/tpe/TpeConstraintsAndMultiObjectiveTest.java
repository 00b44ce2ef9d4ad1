package io.paratune.sampler.tpe;

import static org.assertj.core.api.Assertions.assertThat;

import io.paratune.Direction;
import io.paratune.FrozenTrial;
import io.paratune.OptimizeOptions;
import io.paratune.Study;
import io.paratune.Trial;
import io.paratune.moo.Hypervolume;
import io.paratune.sampler.RandomSampler;
import io.paratune.sampler.Sampler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TpeConstraintsAndMultiObjectiveTest {

    @Test
    void infeasibleTrialsGoToTheBadGroupWhileEnoughAreFeasible() {
        TpeSampler sampler = TpeSampler.seeded(1);
        Study study = Study.builder().name("c").sampler(sampler).create();
        // minimise x subject to x >= 0.5: the smallest values are all infeasible
        for (int i = 0; i < 40; i++) {
            Trial t = study.ask();
            double x = t.suggestFloat("x", 0, 1);
            t.setConstraints(0.5 - x);
            study.tell(t, x);
        }
        List<FrozenTrial> trials = study.trials();
        long feasible = trials.stream().filter(FrozenTrial::isFeasible).count();
        int[] good = sampler.history("c").bestNumbers(4);
        assertThat(feasible).isGreaterThanOrEqualTo(4);
        assertThat(Arrays.stream(good).boxed().toList())
                .allMatch(n -> trials.get(n).isFeasible());
        double[] late = trials.stream()
                .skip(20)
                .mapToDouble(t -> (Double) t.param("x"))
                .sorted()
                .toArray();
        assertThat(late[late.length / 2])
                .as("later proposals gather at the feasible optimum, not at x = 0")
                .isBetween(0.4, 0.6);
        assertThat((Double) study.bestTrial().param("x")).isBetween(0.5, 0.6);
    }

    @Test
    void withTooFewFeasibleTrialsTheLeastViolatingFillTheGoodGroup() {
        TpeSampler sampler = TpeSampler.builder().seed(2).startupTrials(100).build();
        Study study = Study.builder().name("c").sampler(sampler).create();
        double[] xs = {0.1, 0.9, 0.3, 0.7};
        for (double x : xs) {
            study.enqueue(Map.of("x", x));
            Trial t = study.ask();
            t.suggestFloat("x", 0, 1);
            t.setConstraints(x > 0.8 ? -1 : 0.8 - x); // only x = 0.9 is feasible
            study.tell(t, x);
        }
        study.ask(); // the sampler reads the trials told so far
        assertThat(sampler.history("c").bestNumbers(3)).containsExactly(1, 3, 2);
    }

    @Test
    void motpeKeepsTheFirstFrontAndThinsTheBoundaryByHypervolume() {
        List<double[]> losses = List.of(
                new double[] {0, 4},
                new double[] {1, 3.9},
                new double[] {2, 2},
                new double[] {4, 0},
                new double[] {5, 5},
                new double[] {3, 3});
        int[] ranking = {0, 1, 2, 3, 4, 5};
        Map<Integer, double[]> byNumber = new java.util.HashMap<>();
        for (int i = 0; i < losses.size(); i++) {
            byNumber.put(i, losses.get(i));
        }
        Set<Integer> two =
                Arrays.stream(MotpeSplit.best(ranking, 6, byNumber, 2)).boxed().collect(Collectors.toSet());
        // of the first front (0, 1, 2, 3) the greedy subset keeps the middle point, then an extreme
        assertThat(two).contains(2).doesNotContain(4, 5, 1);
        int[] five = MotpeSplit.best(ranking, 6, byNumber, 5);
        assertThat(Arrays.stream(five).boxed().collect(Collectors.toSet())).containsExactlyInAnyOrder(0, 1, 2, 3, 5);
    }

    @Test
    void multiObjectiveTpeBeatsRandomSearchOnZdt1() {
        double[] ref = {1.1, 1.1};
        double tpe = hypervolume(zdt1(TpeSampler.seeded(3), 150), ref);
        double random = hypervolume(zdt1(RandomSampler.seeded(3), 150), ref);
        assertThat(tpe).isGreaterThan(random);
    }

    private static Study zdt1(Sampler sampler, int trials) {
        Study study = Study.builder()
                .name("zdt1")
                .directions(Direction.MINIMIZE, Direction.MINIMIZE)
                .sampler(sampler)
                .create();
        study.optimizeMulti(
                trial -> {
                    double[] x = new double[6];
                    double g = 0;
                    for (int i = 0; i < x.length; i++) {
                        x[i] = trial.suggestFloat("x" + i, 0, 1);
                        g += i > 0 ? x[i] : 0;
                    }
                    g = 1 + 9 * g / 5;
                    return new double[] {x[0], g * (1 - Math.sqrt(x[0] / g))};
                },
                OptimizeOptions.builder().trials(trials).build());
        return study;
    }

    private static double hypervolume(Study study, double[] ref) {
        List<double[]> pts = new ArrayList<>();
        study.bestTrials().forEach(t -> pts.add(t.values()));
        return Hypervolume.compute(pts, ref);
    }

    /**
     * The kernel masses the multivariate "above" estimator keeps between asks depend on the
     * observation and the kernel width only, not on the MOTPE split or the hypervolume weights of
     * the "good" group: a sampler that keeps them proposes exactly what a fresh sampler (which
     * computes everything anew) proposes at every ask, also with constraints.
     */
    @Test
    void keptKernelMassesGiveTheProposalsOfAFreshSamplerUnderMotpe() {
        List<double[]> kept =
                zdt1Proposals(TpeSampler.builder().seed(9).multivariate(true).build());
        Sampler fresh = new Sampler() {
            private int number = -1;
            private TpeSampler current;

            private TpeSampler forTrial(int trialNumber) {
                if (trialNumber != number) {
                    number = trialNumber;
                    current = TpeSampler.builder().seed(9).multivariate(true).build();
                }
                return current;
            }

            @Override
            public io.paratune.space.SearchSpace relativeSearchSpace(io.paratune.StudyView study, FrozenTrial t) {
                return forTrial(t.number()).relativeSearchSpace(study, t);
            }

            @Override
            public Map<String, Double> sampleRelative(
                    io.paratune.StudyView study, FrozenTrial t, io.paratune.space.SearchSpace space) {
                return forTrial(t.number()).sampleRelative(study, t, space);
            }

            @Override
            public double sampleIndependent(
                    io.paratune.StudyView study, FrozenTrial t, String name, io.paratune.space.Distribution d) {
                return forTrial(t.number()).sampleIndependent(study, t, name, d);
            }
        };
        List<double[]> anew = zdt1Proposals(fresh);
        for (int i = 0; i < kept.size(); i++) {
            assertThat(kept.get(i)).as("trial %d", i).containsExactly(anew.get(i));
        }
    }

    private static List<double[]> zdt1Proposals(Sampler sampler) {
        Study study = Study.builder()
                .name("zdt1")
                .directions(Direction.MINIMIZE, Direction.MINIMIZE)
                .sampler(sampler)
                .create();
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < 140; i++) {
            Trial t = study.ask();
            double[] x = new double[3];
            for (int j = 0; j < x.length; j++) {
                x[j] = t.suggestFloat("x" + j, 0, 1);
            }
            double g = 1 + 9 * (x[1] + x[2]) / 2;
            t.setConstraints(x[0] - 0.9);
            study.tell(t, x[0], g * (1 - Math.sqrt(x[0] / g)));
            out.add(x);
        }
        return out;
    }
}
