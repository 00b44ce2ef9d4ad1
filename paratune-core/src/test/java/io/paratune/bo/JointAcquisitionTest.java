package io.paratune.bo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paratune.moo.Hypervolume;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JointAcquisitionTest {

    /** A random mutually non-dominated front: points on the simplex-like surface sum(y^2) = 1, jittered. */
    private static List<double[]> front(int m, int size, SplittableRandom random) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            double[] y = new double[m];
            double norm = 0;
            for (int k = 0; k < m; k++) {
                y[k] = random.nextDouble();
                norm += y[k] * y[k];
            }
            for (int k = 0; k < m; k++) {
                y[k] = y[k] / Math.sqrt(norm) + 0.05 * random.nextDouble();
            }
            out.add(y);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void expectedImprovementMatchesMonteCarlo(int m) {
        SplittableRandom random = new SplittableRandom(7 + m);
        List<double[]> front = front(m, 12, random);
        double[] reference = new double[m];
        java.util.Arrays.fill(reference, 1.3);
        HypervolumeBoxes boxes = new HypervolumeBoxes(front, reference);
        double base = Hypervolume.compute(front, reference);
        for (int trial = 0; trial < 3; trial++) {
            double[] mean = new double[m];
            double[] sd = new double[m];
            for (int k = 0; k < m; k++) {
                mean[k] = 0.3 + 0.6 * random.nextDouble();
                sd[k] = 0.05 + 0.3 * random.nextDouble();
            }
            double exact = boxes.expectedImprovement(mean, sd, null, null);
            int samples = 20_000;
            double sum = 0;
            double sumSq = 0;
            for (int s = 0; s < samples; s++) {
                double[] y = new double[m];
                for (int k = 0; k < m; k++) {
                    y[k] = mean[k] + sd[k] * random.nextGaussian();
                }
                List<double[]> with = new ArrayList<>(front);
                with.add(y);
                double gain = Hypervolume.compute(with, reference) - base;
                sum += gain;
                sumSq += gain * gain;
            }
            double mc = sum / samples;
            double se = Math.sqrt((sumSq / samples - mc * mc) / samples);
            assertThat(exact).isCloseTo(mc, org.assertj.core.api.Assertions.within(4 * se + 1e-9));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void withAlmostNoUncertaintyItIsTheHypervolumeImprovement(int m) {
        SplittableRandom random = new SplittableRandom(11 + m);
        List<double[]> front = front(m, 20, random);
        double[] reference = new double[m];
        java.util.Arrays.fill(reference, 1.2);
        HypervolumeBoxes boxes = new HypervolumeBoxes(front, reference);
        double base = Hypervolume.compute(front, reference);
        for (int trial = 0; trial < 20; trial++) {
            double[] y = new double[m];
            double[] sd = new double[m];
            for (int k = 0; k < m; k++) {
                y[k] = 1.2 * random.nextDouble();
                sd[k] = 1e-9;
            }
            List<double[]> with = new ArrayList<>(front);
            with.add(y);
            double improvement = Hypervolume.compute(with, reference) - base;
            assertThat(boxes.expectedImprovement(y, sd, null, null))
                    .isCloseTo(improvement, org.assertj.core.api.Assertions.within(1e-7));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void boundedBelowItCountsOnlyTheImprovementAboveTheLowerBound(int m) {
        SplittableRandom random = new SplittableRandom(17 + m);
        List<double[]> front = front(m, 15, random);
        double[] reference = new double[m];
        double[] lower = new double[m];
        java.util.Arrays.fill(reference, 1.2);
        for (int k = 0; k < m; k++) {
            final int objective = k;
            lower[k] = front.stream().mapToDouble(p -> p[objective]).min().orElseThrow();
        }
        HypervolumeBoxes boxes = new HypervolumeBoxes(front, reference, lower);
        double base = Hypervolume.compute(front, reference);
        double[] sd = new double[m];
        java.util.Arrays.fill(sd, 1e-9);
        for (int trial = 0; trial < 20; trial++) {
            // points past the front's minima as well as inside its range
            double[] y = new double[m];
            for (int k = 0; k < m; k++) {
                y[k] = -0.3 + 1.5 * random.nextDouble();
            }
            double[] clipped = y.clone();
            for (int k = 0; k < m; k++) {
                clipped[k] = Math.max(clipped[k], lower[k]);
            }
            List<double[]> with = new ArrayList<>(front);
            with.add(clipped);
            double improvement = Hypervolume.compute(with, reference) - base;
            assertThat(boxes.expectedImprovement(y, sd, null, null))
                    .as("at %s", java.util.Arrays.toString(y))
                    .isCloseTo(improvement, org.assertj.core.api.Assertions.within(1e-7));
        }
        // a point below every minimum gains only the box between the minima and the front
        double[] deep = new double[m];
        java.util.Arrays.fill(deep, -5);
        List<double[]> withLower = new ArrayList<>(front);
        withLower.add(lower);
        assertThat(boxes.expectedImprovement(deep, sd, null, null))
                .isCloseTo(
                        Hypervolume.compute(withLower, reference) - base, org.assertj.core.api.Assertions.within(1e-7));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void anExploitingAcquisitionDoesNotValueMeansPastTheFrontsMinima(int m) {
        SplittableRandom random = new SplittableRandom(300 + m);
        double[][] x = points(25, 2, random);
        List<GaussianProcess> objectives = new ArrayList<>();
        for (int k = 0; k < m; k++) {
            int shift = k;
            objectives.add(gp(x, z -> Math.pow(z[0] - 0.3 * shift, 2) + 0.5 * z[1] + 0.1 * shift));
        }
        List<double[]> front = meansAt(objectives, x);
        double[] reference = new double[m];
        java.util.Arrays.fill(reference, 3);
        JointAcquisition.Hypervolume ehvi =
                JointAcquisition.hypervolume(objectives, front, reference, List.of(), List.of());
        JointAcquisition.Hypervolume exploiting = ehvi.exploiting(0.01);
        assertThat(ehvi.lowerBound()).isNull();
        double[] low = exploiting.lowerBound();
        for (int k = 0; k < m; k++) {
            final int objective = k;
            assertThat(low[k])
                    .isEqualTo(
                            front.stream().mapToDouble(p -> p[objective]).min().orElseThrow());
        }
        assertGradientMatchesFiniteDifferences(exploiting, new double[0][], random);
        // with no observed point inside the reference box there is nothing to bound by
        double[] tight = new double[m];
        java.util.Arrays.fill(tight, -10);
        assertThat(JointAcquisition.hypervolume(objectives, front, tight, List.of(), List.of())
                        .exploiting(0.01)
                        .lowerBound())
                .isNull();
        assertThatThrownBy(() -> ehvi.exploiting(0)).hasMessageContaining("sdScale=0.0");
    }

    /** The GPs' posterior means at every row of {@code x}: a front of model values. */
    private static List<double[]> meansAt(List<GaussianProcess> objectives, double[][] x) {
        List<double[]> out = new ArrayList<>();
        for (double[] row : x) {
            double[] l = new double[objectives.size()];
            for (int k = 0; k < l.length; k++) {
                l[k] = objectives.get(k).posterior(row).mean();
            }
            out.add(l);
        }
        return out;
    }

    private static GaussianProcess gp(double[][] x, java.util.function.ToDoubleFunction<double[]> f) {
        return gp(x, f, GpFitOptions.defaults());
    }

    private static GaussianProcess gp(
            double[][] x, java.util.function.ToDoubleFunction<double[]> f, GpFitOptions options) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = f.applyAsDouble(x[i]);
        }
        return GaussianProcess.fit(x, y, new boolean[x[0].length], options, null, 1);
    }

    private static double[][] points(int n, int d, SplittableRandom random) {
        double[][] x = new double[n][d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = random.nextDouble();
            }
        }
        return x;
    }

    private static void assertGradientMatchesFiniteDifferences(
            JointAcquisition a, double[][] pending, SplittableRandom random) {
        JointFunction f = new JointFunction(a, pending);
        int d = a.objectives().get(0).dimension();
        for (int trial = 0; trial < 5; trial++) {
            double[] z = new double[d];
            for (int j = 0; j < d; j++) {
                z[j] = 0.1 + 0.8 * random.nextDouble();
            }
            double[] g = new double[d];
            double v = f.value(z, g);
            double[] none = new double[1];
            f.values(new double[][] {z}, none);
            assertThat(none[0]).isCloseTo(v, org.assertj.core.api.Assertions.within(1e-8 * (1 + Math.abs(v))));
            for (int j = 0; j < d; j++) {
                double h = 1e-6;
                double[] up = z.clone();
                double[] down = z.clone();
                up[j] += h;
                down[j] -= h;
                double fd = (f.value(up, null) - f.value(down, null)) / (2 * h);
                assertThat(g[j])
                        .as("coordinate %d at %s", j, java.util.Arrays.toString(z))
                        .isCloseTo(fd, org.assertj.core.api.Assertions.within(1e-3 * (1 + Math.abs(fd))));
            }
        }
    }

    @ParameterizedTest
    @CsvSource({
        "1, CONSTANT",
        "2, CONSTANT",
        "3, CONSTANT",
        "4, CONSTANT",
        "1, QUADRATIC",
        "2, QUADRATIC",
        "3, QUADRATIC",
        "4, QUADRATIC"
    })
    void gradientsMatchFiniteDifferencesWithPendingPointsAndAConstraint(int m, GpFitOptions.PriorMean priorMean) {
        SplittableRandom random = new SplittableRandom(100 + m);
        double[][] x = points(25, 3, random);
        GpFitOptions options = GpFitOptions.defaults().withPriorMean(priorMean);
        List<GaussianProcess> objectives = new ArrayList<>();
        for (int k = 0; k < m; k++) {
            int shift = k;
            objectives.add(gp(x, z -> Math.pow(z[0] - 0.2 * shift, 2) + z[1] * (1 + shift) + 0.3 * z[2], options));
        }
        GaussianProcess constraint = gp(x, z -> Math.sin(3 * z[0]) * z[1] - 0.3, options);
        List<double[]> front = meansAt(objectives, x);
        double[] reference = new double[m];
        double[] ones = new double[m];
        java.util.Arrays.fill(reference, 3);
        java.util.Arrays.fill(ones, 1);
        JointAcquisition a = switch (m) {
            case 1 -> JointAcquisition.expectedImprovement(objectives.get(0), 0.4, List.of(constraint), List.of());
            case 2, 3 -> JointAcquisition.hypervolume(objectives, front, reference, List.of(constraint), List.of());
            default ->
                JointAcquisition.chebyshev(
                        objectives,
                        new double[] {0.1, 0.2, 0.3, 0.4},
                        new double[m],
                        ones,
                        List.of(constraint),
                        List.of());
        };
        assertGradientMatchesFiniteDifferences(a, points(3, 3, random), random);
    }

    @Test
    void cachedCandidatesScoreAsTheDirectEvaluationAndAreReusedAcrossPendingSets() {
        SplittableRandom random = new SplittableRandom(42);
        double[][] x = points(30, 3, random);
        List<GaussianProcess> objectives = List.of(
                gp(x, z -> z[0] + 0.1 * z[2]),
                gp(x, z -> 1 - z[0] + z[1] * z[1]),
                gp(x, z -> Math.cos(2 * z[1]) + z[2]));
        GaussianProcess constraint = gp(x, z -> z[2] - 0.6);
        List<double[]> front = List.of(new double[] {0.2, 0.9, 0.8}, new double[] {0.7, 0.4, 0.6});
        JointAcquisition a =
                JointAcquisition.hypervolume(objectives, front, new double[] {2, 2, 2}, List.of(constraint), List.of());
        InputDimension[] dims = {InputDimension.continuous(), InputDimension.continuous(), InputDimension.continuous()};
        int count = 3 * PointPosterior.BLOCK / 2;
        CandidateCache cache = new CandidateCache();
        RawSet[] first = null;
        for (double[][] pending : new double[][][] {{}, points(2, 3, random), points(5, 3, random)}) {
            JointFunction f = new JointFunction(a, pending);
            RawSet[] sets = f.rawSets(cache, dims, count, SearchBox.CUBE, 2);
            if (first == null) {
                first = sets;
            }
            for (int o = 0; o < sets.length; o++) {
                assertThat(sets[o]).isSameAs(first[o]);
                assertThat(sets[o].points).isDeepEqualTo(sets[0].points);
            }
            double[] direct = new double[count];
            f.values(sets[0].points, direct);
            double[] block = new double[PointPosterior.BLOCK];
            for (int b = 0; b * PointPosterior.BLOCK < count; b++) {
                int m = f.scoreBlock(sets, b, block);
                for (int i = 0; i < m; i++) {
                    double v = direct[b * PointPosterior.BLOCK + i];
                    assertThat(block[i]).isCloseTo(v, org.assertj.core.api.Assertions.within(1e-9 * (1 + Math.abs(v))));
                }
            }
        }
    }

    @Test
    void theOptimizerPrefersFeasiblePoints() {
        SplittableRandom random = new SplittableRandom(5);
        double[][] x = points(30, 2, random);
        GaussianProcess objective = gp(x, z -> -z[0] - z[1]);
        GaussianProcess constraint = gp(x, z -> z[0] - 0.5);
        JointAcquisition a = JointAcquisition.expectedImprovement(objective, -1.0, List.of(constraint), List.of());
        AcquisitionOptimizer.Proposal p = AcquisitionOptimizer.optimize(
                AcquisitionFunction.of(a, List.of()),
                List.of(InputDimension.continuous(), InputDimension.continuous()),
                AcquisitionOptions.defaults(),
                new CandidateCache(),
                z -> false,
                3,
                null);
        assertThat(p.point()[0]).isLessThan(0.55);
        assertThat(p.point()[1]).isGreaterThan(0.9);
    }

    @Test
    void rejectsAHypervolumeForOneOrFourObjectives() {
        SplittableRandom random = new SplittableRandom(1);
        GaussianProcess g = gp(points(5, 2, random), z -> z[0]);
        assertThatThrownBy(() ->
                        JointAcquisition.hypervolume(List.of(g), List.of(), new double[] {1}, List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chebyshev");
        assertThatThrownBy(() -> JointAcquisition.hypervolume(
                        List.of(g, g), List.of(), new double[] {1, Double.NaN}, List.of(), List.of()))
                .hasMessageContaining("finite");
    }
}
