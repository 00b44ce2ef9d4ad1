package io.paratune.bo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InputWarpingTest {

    @Test
    void theLikelihoodsGradientMatchesFiniteDifferencesInEveryParameter() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 25;
        int d = 3;
        double[] x = new double[n * d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i * d] = r.nextDouble();
            x[i * d + 1] = r.nextDouble();
            x[i * d + 2] = r.nextInt(3);
            y[i] = Math.sin(5 * Math.sqrt(x[i * d])) + x[i * d + 1] * x[i * d + 1] + 0.2 * x[i * d + 2];
        }
        GaussianProcess.standardise(y);
        InputWarping.Likelihood f = new InputWarping.Likelihood(x, y, d, new boolean[] {false, false, true});
        assertThat(f.parameters()).isEqualTo(d + 2 + 4);
        double[] theta = {-1.2, -0.6, 0.1, 0.2, Math.log(1e-3), -0.7, 0.4, 0.3, -0.2};
        double[] g = new double[theta.length];
        f.valueAndGradient(theta, g);
        for (int k = 0; k < theta.length; k++) {
            double h = 1e-6;
            double[] plus = theta.clone();
            double[] minus = theta.clone();
            plus[k] += h;
            minus[k] -= h;
            double[] unused = new double[theta.length];
            double fd = (f.valueAndGradient(plus, unused) - f.valueAndGradient(minus, unused)) / (2 * h);
            assertThat(g[k]).as("d/dtheta_%d", k).isCloseTo(fd, within(1e-4 * Math.max(1, Math.abs(fd))));
        }
    }

    @Test
    void warpAndUnwarpAreInversesAndRoundedDimensionsRoundThroughTheWarping() {
        InputWarping w = fitOn(u -> Math.log10(1e-4 + u), 0);
        double[] p = {0.3, 0.7};
        assertThat(w.unwarp(w.warp(p))).containsExactly(p, within(1e-9));

        io.paratune.space.IntDistribution ints = io.paratune.space.IntDistribution.of("n", 0, 9);
        InputDimension raw = InputDimension.rounded(u -> ints.toUnit(ints.fromUnit(u)));
        InputDimension warped = w.dimensions(java.util.List.of(raw, InputDimension.continuous()))
                .get(0);
        for (int v = 0; v <= 9; v++) {
            double at = w.warp(new double[] {ints.toUnit(v), 0.5})[0];
            assertThat(warped.fromUnit(at)).as("value %d rounds to itself", v).isCloseTo(at, within(1e-12));
            double[] around = warped.neighbours(at);
            if (v > 0) {
                assertThat(w.unwarp(new double[] {around[0], 0.5})[0]).isCloseTo(ints.toUnit(v - 1), within(1e-9));
            }
            if (v < 9) {
                assertThat(w.unwarp(new double[] {around[1], 0.5})[0]).isCloseTo(ints.toUnit(v + 1), within(1e-9));
            }
        }
    }

    /**
     * A learning-rate-like input given on a linear scale over [1e-4, 1] whose loss depends on its
     * logarithm: the warping stretches the low end (a well below 1), as a log scale would.
     */
    @Test
    void anInputOnTheWrongScaleIsStretchedWhereTheObjectiveVaries() {
        InputWarping w = fitOn(
                u -> {
                    double lr = 1e-4 + u * (1 - 1e-4);
                    double t = Math.log10(lr) + 2.5;
                    return t * t;
                },
                1);
        assertThat(w.a()[0]).as("a of the log-like input, %s", w).isLessThan(0.5);
        assertThat(w.warp(new double[] {0.01, 0.5})[0])
                .as("the lowest percent of the range takes a large share of the warped one")
                .isGreaterThan(0.2);
    }

    private static InputWarping fitOn(java.util.function.DoubleUnaryOperator f, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 30;
        double[][] x = new double[n][2];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            // inputs spread evenly on the log scale of the first coordinate, as a study exploring it
            x[i][0] = i < n / 2 ? Math.pow(10, -4 * r.nextDouble()) : r.nextDouble();
            x[i][1] = r.nextDouble();
            y[i] = f.applyAsDouble(x[i][0]) + 0.1 * x[i][1];
        }
        return InputWarping.fit(x, y, null, GpFitOptions.defaults(), null, seed);
    }
}
