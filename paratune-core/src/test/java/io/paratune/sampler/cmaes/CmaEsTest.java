package io.paratune.sampler.cmaes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CmaEsTest {

    private static double sphere(double[] x) {
        double s = 0;
        for (double v : x) {
            s += (v - 1) * (v - 1);
        }
        return s;
    }

    private static double rosenbrock(double[] x) {
        double s = 0;
        for (int i = 0; i + 1 < x.length; i++) {
            s += 100 * Math.pow(x[i + 1] - x[i] * x[i], 2) + Math.pow(1 - x[i], 2);
        }
        return s;
    }

    /** Runs up to {@code generations} generations; returns the best value seen. */
    private static double run(CmaEs es, ToDoubleFunction<double[]> f, int generations, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double best = Double.POSITIVE_INFINITY;
        for (int g = 0; g < generations && best > 1e-10; g++) {
            int lambda = es.populationSize();
            double[][] xs = new double[lambda][];
            double[] ys = new double[lambda];
            for (int k = 0; k < lambda; k++) {
                CmaEs.Candidate c = es.ask(rng);
                xs[k] = c.forTell();
                ys[k] = f.applyAsDouble(c.forEval());
                best = Math.min(best, ys[k]);
            }
            es.tell(xs, ys);
        }
        return best;
    }

    private static CmaEs cma(int n, boolean separable, double low, double high) {
        double[] lower = new double[n];
        double[] upper = new double[n];
        Arrays.fill(lower, low);
        Arrays.fill(upper, high);
        double[] mean = new double[n];
        Arrays.fill(mean, (low + high) / 2);
        return new CmaEs(mean, (high - low) / 6, null, 0, separable, lower, upper, null);
    }

    @ParameterizedTest
    @CsvSource({"2, false", "5, false", "10, false", "10, true", "20, true"})
    void convergesOnTheSphere(int n, boolean separable) {
        assertThat(run(cma(n, separable, -5, 5), CmaEsTest::sphere, 2000, n)).isLessThan(1e-9);
    }

    @ParameterizedTest
    @CsvSource({"2", "5"})
    void convergesOnRosenbrock(int n) {
        assertThat(run(cma(n, false, -2, 2), CmaEsTest::rosenbrock, 3000, n)).isLessThan(1e-8);
    }

    @Test
    void defaultPopulationSizeAndBoundsAreKept() {
        CmaEs es = cma(10, false, 0, 1);
        assertThat(es.populationSize()).isEqualTo(10);
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < 200; i++) {
            assertThat(Arrays.stream(es.ask(rng).forEval()).allMatch(v -> v >= 0 && v <= 1))
                    .isTrue();
        }
    }

    @Test
    void marginFindsTheIntegerOptimumAndKeepsEvaluationsOnTheGrid() {
        int n = 6;
        double[][] grids = new double[n][];
        for (int i = 0; i < 3; i++) {
            grids[i] = new double[21];
            for (int k = 0; k <= 20; k++) {
                grids[i][k] = k - 10;
            }
        }
        double[] lower = new double[n];
        double[] upper = new double[n];
        Arrays.fill(lower, -10);
        Arrays.fill(upper, 10);
        CmaEs es = new CmaEs(new double[n], 20.0 / 6, null, 0, false, lower, upper, grids);
        SplittableRandom rng = new SplittableRandom(3);
        double best = Double.POSITIVE_INFINITY;
        for (int g = 0; g < 300; g++) {
            double[][] xs = new double[es.populationSize()][];
            double[] ys = new double[es.populationSize()];
            for (int k = 0; k < xs.length; k++) {
                CmaEs.Candidate c = es.ask(rng);
                for (int i = 0; i < 3; i++) {
                    assertThat(c.forEval()[i]).isEqualTo(Math.rint(c.forEval()[i]));
                }
                xs[k] = c.forTell();
                double[] x = c.forEval();
                ys[k] = 0;
                for (int i = 0; i < n; i++) {
                    ys[k] += (x[i] - 3.3) * (x[i] - 3.3);
                }
                best = Math.min(best, ys[k]);
            }
            es.tell(xs, ys);
        }
        // integers at 3 (3 x 0.09), continuous coordinates at 3.3
        assertThat(best).isLessThan(0.27 + 1e-6);
    }

    @Test
    void convergedRunsAskToStop() {
        CmaEs es = cma(3, false, -5, 5);
        SplittableRandom rng = new SplittableRandom(2);
        int generations = 0;
        while (!es.shouldStop() && generations < 5000) {
            double[][] xs = new double[es.populationSize()][];
            double[] ys = new double[xs.length];
            for (int k = 0; k < xs.length; k++) {
                xs[k] = es.ask(rng).forTell();
                ys[k] = 1.0;
            }
            es.tell(xs, ys);
            generations++;
        }
        assertThat(generations).isLessThan(5000);
    }

    @Test
    void tellNeedsAFullGeneration() {
        CmaEs es = cma(2, false, 0, 1);
        assertThatThrownBy(() -> es.tell(new double[1][2], new double[1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs 6 solutions");
    }
}
