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
        return GaussianProcess.withHyperparameters(
                x, y, new boolean[] {false, false, true}, new Hyperparameters(new double[] {0.4, 0.6, 1.5}, 1.2, 1e-4));
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
            assertThat(g[j])
                    .as("d/dz_%d at %s", j, java.util.Arrays.toString(z))
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
                    AcquisitionFunction f = AcquisitionFunction.of(gp, List.of(p), options(a, b), 5);
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
        GaussianProcess gp =
                GaussianProcess.withHyperparameters(x, y, null, new Hyperparameters(new double[] {2}, 1, 1e-6));
        AcquisitionFunction f = AcquisitionFunction.of(
                gp, List.of(new double[0][]), options(Acquisition.logEi(), BatchStrategy.MONTE_CARLO), 1);
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
            AcquisitionFunction free =
                    AcquisitionFunction.of(gp, List.of(new double[0][]), options(Acquisition.logEi(), b), 3);
            AcquisitionFunction busy =
                    AcquisitionFunction.of(gp, List.of(new double[][] {near}), options(Acquisition.logEi(), b), 3);
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
        AcquisitionFunction mc = AcquisitionFunction.of(
                gp, List.of(pending), options(Acquisition.logEi(), BatchStrategy.MONTE_CARLO), 9);
        AcquisitionFunction analytic = AcquisitionFunction.of(
                gp, List.of(new double[0][]), options(Acquisition.logEi(), BatchStrategy.MONTE_CARLO), 9);
        double[] z = {0.4, 0.6, 1};
        // the pending draw only raises the bar the new point must beat, so q-EI adds less
        assertThat(mc.value(z, null)).isLessThan(analytic.value(z, null)).isFinite();
    }

    @Test
    void blockScoringMatchesPointScoringAndCopiesAgree() {
        GaussianProcess gp = toyGp(40, 6);
        double[][] pending = {{0.31, 0.75, 1}, {0.6, 0.1, 0}};
        SplittableRandom r = new SplittableRandom(7);
        double[][] points = new double[70][];
        for (int i = 0; i < points.length; i++) {
            points[i] = new double[] {r.nextDouble(), r.nextDouble(), r.nextInt(3)};
        }
        for (Acquisition a : List.of(Acquisition.logEi(), Acquisition.ucb(2), Acquisition.logPi())) {
            for (BatchStrategy b : BatchStrategy.values()) {
                AcquisitionFunction f = AcquisitionFunction.of(gp, List.of(pending), options(a, b), 5);
                AcquisitionFunction copy = f.copy();
                double[] block = new double[points.length];
                f.values(points, block);
                for (int i = 0; i < points.length; i++) {
                    double single = f.value(points[i], null);
                    assertThat(block[i])
                            .as("%s %s point %d", a, b, i)
                            .isCloseTo(single, within(1e-9 * Math.max(1, Math.abs(single))));
                    assertThat(copy.value(points[i], null)).isEqualTo(single);
                }
            }
        }
    }

    @Test
    void sobolCandidatesOfOneModelAreComputedOnceAndTheirCachedMomentsMatchDirectOnes() {
        GaussianProcess gp = toyGp(40, 8);
        InputDimension[] dims = {InputDimension.continuous(), InputDimension.continuous(), InputDimension.categorical(3)
        };
        CandidateCache cache = new CandidateCache();
        RawSet set = cache.sets(List.of(gp), dims, 100, gp.dataSeed, SearchBox.CUBE, 2)[0];
        assertThat(cache.sets(List.of(gp), dims, 100, gp.dataSeed, SearchBox.CUBE, 2)[0])
                .isSameAs(set);
        GaussianProcess other = toyGp(40, 9);
        assertThat(cache.sets(List.of(other), dims, 100, other.dataSeed, SearchBox.CUBE, 2)[0].points)
                .isNotEqualTo(set.points);
        double[][] pending = {{0.31, 0.75, 1}, {0.6, 0.1, 0}, {0.9, 0.9, 2}};
        AcquisitionFunction f = AcquisitionFunction.of(gp, List.of(pending), AcquisitionOptions.defaults(), 5);
        double[] means = new double[set.count];
        double[] variances = new double[set.count];
        double[] cross = new double[set.count * 3];
        f.moments(set.points, means, variances, cross);
        double[] block = new double[PointPosterior.BLOCK * 3];
        for (int b = 0; b < set.kernel.length; b++) {
            set.cross(b, f.pending, block);
            for (int i = b * PointPosterior.BLOCK; i < Math.min(set.count, (b + 1) * PointPosterior.BLOCK); i++) {
                assertThat(set.means[i]).isCloseTo(means[i], within(1e-12));
                assertThat(set.variances[i]).isCloseTo(variances[i], within(1e-12));
                for (int q = 0; q < 3; q++) {
                    assertThat(block[(i - b * PointPosterior.BLOCK) * 3 + q])
                            .as("point %d pending %d", i, q)
                            .isCloseTo(cross[i * 3 + q], within(1e-12));
                }
            }
        }
    }

    @Test
    void pendingPointsOfOneModelAreSolvedOnceAndAgreeWithAFreshModel() {
        GaussianProcess gp = toyGp(40, 8);
        double[] a = {0.31, 0.75, 1};
        double[] b = {0.6, 0.1, 0};
        double[] c = {0.9, 0.9, 2};
        PendingPoints first = new PendingPoints(gp, new double[][] {a, b});
        PendingPoints later = new PendingPoints(gp, new double[][] {b, c, a});
        assertThat(gp.pendingColumns.column(gp, b)).isSameAs(gp.pendingColumns.column(gp, b.clone()));
        PendingPoints fresh = new PendingPoints(toyGp(40, 8), new double[][] {b, c, a});
        assertThat(later.covariance).containsExactly(fresh.covariance, within(1e-12));
        assertThat(later.mean).containsExactly(fresh.mean, within(1e-12));
        assertThat(later.w).containsExactly(fresh.w, within(1e-12));
        // the covariance of a and b is the same whichever batch they are in
        assertThat(later.covariance[2 * 3]).isCloseTo(first.covariance[1], within(1e-12));
    }

    @Test
    void summedCrossCovarianceGradientsEqualTheWeightedSumOfAllOfThem() {
        GaussianProcess gp = toyGp(30, 11);
        double[][] pending = {{0.31, 0.75, 1}, {0.6, 0.1, 0}, {0.9, 0.9, 2}, {0.2, 0.4, 1}};
        PendingPoints pp = new PendingPoints(gp, pending);
        PointPosterior post = new PointPosterior(gp);
        double[] u = {0.7, -1.3, 2.0, 0.05};
        for (double[] z : new double[][] {{0.5, 0.5, 0}, {0.12, 0.93, 1}, {0.3, 0.8, 1}}) {
            post.evaluate(z, true);
            double[] all = new double[4 * 3];
            pp.crossGradients(post, z, all);
            double[] summed = new double[3];
            pp.crossGradient(post, z, u, summed);
            for (int j = 0; j < 3; j++) {
                double expected = 0;
                for (int q = 0; q < 4; q++) {
                    expected += u[q] * all[q * 3 + j];
                }
                assertThat(summed[j])
                        .as("coordinate %d at %s", j, java.util.Arrays.toString(z))
                        .isCloseTo(expected, within(1e-12 * Math.max(1, Math.abs(expected))));
            }
        }
    }

    @Test
    void gradientsMatchFiniteDifferencesWithManyPendingPoints() {
        GaussianProcess gp = toyGp(400, 12);
        SplittableRandom r = new SplittableRandom(3);
        double[][] pending = new double[12][];
        for (int q = 0; q < pending.length; q++) {
            pending[q] = new double[] {r.nextDouble(), r.nextDouble(), r.nextInt(3)};
        }
        for (BatchStrategy b : BatchStrategy.values()) {
            AcquisitionFunction f = AcquisitionFunction.of(gp, List.of(pending), options(Acquisition.logEi(), b), 5);
            assertThat(f.pending.sumsGradients()).isTrue();
            for (double[] z : new double[][] {{0.5, 0.5, 0}, {0.12, 0.93, 1}, {0.8, 0.2, 2}}) {
                assertGradientMatches(f, z);
            }
        }
    }
}
