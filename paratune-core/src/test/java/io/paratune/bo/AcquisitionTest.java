package io.paratune.bo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AcquisitionTest {

    /** A GP on a 3-D toy function; the third input is categorical with 3 categories. */
    private static GaussianProcess toyGp(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[n][3];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = r.nextDouble();
            x[i][1] = r.nextDouble();
            x[i][2] = r.nextInt(3);
            y[i] = (x[i][0] - 0.3) * (x[i][0] - 0.3) + Math.sin(4 * x[i][1]) + 0.3 * x[i][2];
        }
        return GaussianProcess.withHyperparameters(x, y, new boolean[] {false, false, true},
                new Hyperparameters(new double[] {0.4, 0.6, 1.5}, 1.2, 1e-4));
    }

    private static AcquisitionOptions options(Acquisition a, BatchStrategy b) {
        return AcquisitionOptions.defaults().withAcquisition(a).withBatchStrategy(b);
    }

    private static void assertGradientMatches(AcquisitionFunction f, double[] z) {
        double[] g = new double[z.length];
        f.value(z, g);
        assertThat(g[2]).isZero();
        for (int j = 0; j < 2; j++) {
            double h = 1e-6;
            double[] plus = z.clone();
            double[] minus = z.clone();
            plus[j] += h;
            minus[j] -= h;
            double fd = (f.value(plus, null) - f.value(minus, null)) / (2 * h);
            assertThat(g[j]).as("d/dz_%d at %s", j, java.util.Arrays.toString(z))
                    .isCloseTo(fd, within(1e-4 * Math.max(1, Math.abs(fd))));
        }
    }

    @Test
    void gradientsMatchFiniteDifferencesForEveryAcquisitionAndBatchStrategy() {
        GaussianProcess gp = toyGp(20, 1);
        double[][] pending = {{0.31, 0.75, 1}, {0.6, 0.1, 0}, {0.3, 0.8, 1}};
        double[][] points = {{0.5, 0.5, 0}, {0.12, 0.93, 1}, {0.33, 0.77, 1}, {0.8, 0.2, 2}};
        for (Acquisition a : List.of(Acquisition.logEi(), Acquisition.ucb(2), Acquisition.logPi())) {
            for (BatchStrategy b : BatchStrategy.values()) {
                for (double[][] p : new double[][][] {{}, pending}) {
                    AcquisitionFunction f = AcquisitionFunction.create(gp, p, options(a, b), 5);
                    for (double[] z : points) {
                        assertGradientMatches(f, z);
                    }
                }
            }
        }
    }

    @Test
    void logEiIsFiniteWithFiniteGradientsFarBelowTheIncumbent() {
        // a GP that is certain the function is huge far from x = 0
        double[][] x = {{0.0}, {0.5}, {1.0}};
        double[] y = {0, 1e6, 2e6};
        GaussianProcess gp = GaussianProcess.withHyperparameters(x, y, null,
                new Hyperparameters(new double[] {2}, 1, 1e-6));
        AcquisitionFunction f = AcquisitionFunction.create(gp, new double[0][],
                options(Acquisition.logEi(), BatchStrategy.MONTE_CARLO), 1);
        double lowest = Double.POSITIVE_INFINITY;
        for (double z = 0.3; z <= 1.0; z += 0.01) {
            double[] g = new double[1];
            double v = f.value(new double[] {z}, g);
            assertThat(v).as("log EI at %s", z).isFinite();
            assertThat(g[0]).as("gradient at %s", z).isFinite();
            lowest = Math.min(lowest, v);
        }
        // plain EI underflows to 0 long before this; its log would be -inf and its gradient NaN
        assertThat(lowest).isLessThan(-1000);
        assertThat(f.value(new double[] {0.05}, null)).isGreaterThan(f.value(new double[] {0.5}, null));
    }

    @Test
    void pendingPointsLowerTheAcquisitionNearThemForBothStrategies() {
        GaussianProcess gp = toyGp(20, 2);
        double[] near = {0.3, 0.8, 1};
        for (BatchStrategy b : BatchStrategy.values()) {
            AcquisitionFunction free = AcquisitionFunction.create(gp, new double[0][],
                    options(Acquisition.logEi(), b), 3);
            AcquisitionFunction busy = AcquisitionFunction.create(gp, new double[][] {near},
                    options(Acquisition.logEi(), b), 3);
            assertThat(busy.value(near, null)).as(b.name()).isLessThan(free.value(near, null) - 3);
            double[] far = {0.9, 0.05, 2};
            assertThat(busy.value(far, null)).as(b.name()).isCloseTo(free.value(far, null), within(0.5));
        }
    }

    @Test
    void monteCarloEqualsAnalyticLogEiWhenPendingPointsAreUncorrelated() {
        GaussianProcess gp = toyGp(15, 4);
        // far outside the cube: zero correlation with everything, posterior = prior there
        double[][] pending = {{40, 40, 0}};
        AcquisitionFunction mc = AcquisitionFunction.create(gp, pending,
                options(Acquisition.logEi(), BatchStrategy.MONTE_CARLO), 9);
        AcquisitionFunction analytic = AcquisitionFunction.create(gp, new double[0][],
                options(Acquisition.logEi(), BatchStrategy.MONTE_CARLO), 9);
        double[] z = {0.4, 0.6, 1};
        // the pending draw only raises the bar the new point must beat, so q-EI adds less
        assertThat(mc.value(z, null)).isLessThan(analytic.value(z, null)).isFinite();
    }
}
