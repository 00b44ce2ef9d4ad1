package io.paratune.bo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GaussianProcessTest {

    private static double matern(double r) {
        return (1 + Math.sqrt(5) * r + 5.0 / 3 * r * r) * Math.exp(-Math.sqrt(5) * r);
    }

    @Test
    void posteriorOfTwoObservationsMatchesTheClosedForm() {
        double ls = 0.7;
        double s = 1.3;
        double noise = 0.01;
        double[][] x = {{0.2}, {0.9}};
        double[] y = {3, 5};
        GaussianProcess gp =
                GaussianProcess.withHyperparameters(x, y, null, new Hyperparameters(new double[] {ls}, s, noise));
        // standardised outputs: mean 4, sample sd sqrt(2)
        double sd = Math.sqrt(2);
        double[] ys = {-1 / sd, 1 / sd};
        double k01 = s * matern(0.7 / ls);
        double a = s + noise;
        double det = a * a - k01 * k01;
        double[][] inv = {{a / det, -k01 / det}, {-k01 / det, a / det}};
        for (double z : new double[] {0, 0.2, 0.5, 0.9, 1}) {
            double[] k = {s * matern(Math.abs(z - 0.2) / ls), s * matern(Math.abs(z - 0.9) / ls)};
            double mean = 0;
            double explained = 0;
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    mean += k[i] * inv[i][j] * ys[j];
                    explained += k[i] * inv[i][j] * k[j];
                }
            }
            Posterior p = gp.posterior(new double[] {z});
            assertThat(p.mean()).as("mean at %s", z).isCloseTo(4 + sd * mean, within(1e-12));
            assertThat(p.variance()).as("variance at %s", z).isCloseTo(2 * (s - explained), within(1e-12));
        }
    }

    @Test
    void constantMeanIsTheGeneralisedLeastSquaresEstimateSoClusteredPointsCountLess() {
        double ls = 0.2;
        double s = 1;
        double noise = 1e-4;
        double[] xs = {0.1, 0.12, 0.9};
        double[][] x = {{xs[0]}, {xs[1]}, {xs[2]}};
        double[] y = {0, 0, 3};
        GaussianProcess gp =
                GaussianProcess.withHyperparameters(x, y, null, new Hyperparameters(new double[] {ls}, s, noise));
        double yMean = 1;
        double sd = Math.sqrt(3);
        double[] ys = {-1 / sd, -1 / sd, 2 / sd};
        double[][] k = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                k[i][j] = s * matern(Math.abs(xs[i] - xs[j]) / ls) + (i == j ? noise : 0);
            }
        }
        double[] kinvY = solve3(k, ys);
        double[] kinv1 = solve3(k, new double[] {1, 1, 1});
        double m = (kinvY[0] + kinvY[1] + kinvY[2]) / (kinv1[0] + kinv1[1] + kinv1[2]);
        // the two nearly equal points weigh about as much as the single one: the mean is near the
        // middle of 0 and 3 (standardised about 0.2), not at the sample mean (standardised 0)
        assertThat(yMean + sd * m).isBetween(1.2, 1.8);
        double[] residual = {ys[0] - m, ys[1] - m, ys[2] - m};
        double[] alpha = solve3(k, residual);
        for (double z : new double[] {0, 0.5, 0.9, 1}) {
            double mean = m;
            for (int i = 0; i < 3; i++) {
                mean += s * matern(Math.abs(z - xs[i]) / ls) * alpha[i];
            }
            assertThat(gp.posterior(new double[] {z}).mean())
                    .as("mean at %s", z)
                    .isCloseTo(yMean + sd * mean, within(1e-9));
        }
    }

    @Test
    void quadraticPriorMeanFollowsTheDatasBowlBeyondTheObservations() {
        // observed only in the middle of the square; the corners are extrapolation
        SplittableRandom r = new SplittableRandom(5);
        int n = 30;
        double[][] x = new double[n][2];
        double[] y = new double[n];
        java.util.function.ToDoubleFunction<double[]> f = z -> 2 + 3 * Math.pow(z[0] - 0.5, 2) - (z[1] - 0.5);
        for (int i = 0; i < n; i++) {
            x[i][0] = 0.3 + 0.4 * r.nextDouble();
            x[i][1] = 0.3 + 0.4 * r.nextDouble();
            y[i] = f.applyAsDouble(x[i]);
        }
        GpFitOptions constantMean = GpFitOptions.defaults().withFixedNoise();
        GaussianProcess quadratic =
                GaussianProcess.fit(x, y, null, constantMean.withPriorMean(GpFitOptions.PriorMean.QUADRATIC), null, 1);
        GaussianProcess constant = GaussianProcess.fit(x, y, null, constantMean, null, 1);
        double quadraticError = 0;
        double constantError = 0;
        for (double[] corner : new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}}) {
            double truth = f.applyAsDouble(corner);
            quadraticError = Math.max(
                    quadraticError, Math.abs(quadratic.posterior(corner).mean() - truth));
            constantError =
                    Math.max(constantError, Math.abs(constant.posterior(corner).mean() - truth));
        }
        assertThat(quadraticError).isLessThan(0.02);
        assertThat(constantError).isGreaterThan(10 * quadraticError);
    }

    @Test
    void theQuadraticPriorMeanHasTermsForContinuousDimensionsOnly() {
        MeanTrend trend = MeanTrend.of(GpFitOptions.PriorMean.QUADRATIC, 3, new boolean[] {false, true, false});
        assertThat(trend.size()).isEqualTo(5);
        double[] basis = new double[5];
        trend.basis(new double[] {0.2, 2, 0.9}, 0, basis);
        assertThat(basis).containsExactly(new double[] {1, -0.3, 0.4, 0.09, 0.16}, within(1e-12));
        assertThat(MeanTrend.of(GpFitOptions.PriorMean.CONSTANT, 3, null).size())
                .isEqualTo(1);
        assertThatThrownBy(() -> new GpFitOptions(1, 10, 1e-6, 100, false, null))
                .hasMessageContaining("priorMean=null");
    }

    /** Solves a 3 x 3 system by Cramer's rule. */
    private static double[] solve3(double[][] a, double[] b) {
        double det = det3(a);
        double[] out = new double[3];
        for (int c = 0; c < 3; c++) {
            double[][] m = new double[3][];
            for (int r = 0; r < 3; r++) {
                m[r] = a[r].clone();
                m[r][c] = b[r];
            }
            out[c] = det3(m) / det;
        }
        return out;
    }

    private static double det3(double[][] a) {
        return a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1])
                - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0])
                + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
    }

    @Test
    void noiselessPosteriorInterpolatesTheObservations() {
        SplittableRandom r = new SplittableRandom(1);
        double[][] x = new double[12][3];
        double[] y = new double[12];
        for (int i = 0; i < 12; i++) {
            for (int j = 0; j < 3; j++) {
                x[i][j] = r.nextDouble();
            }
            y[i] = Math.sin(5 * x[i][0]) + x[i][1] * x[i][2];
        }
        GaussianProcess gp = GaussianProcess.withHyperparameters(
                x, y, null, new Hyperparameters(new double[] {0.5, 0.5, 0.5}, 1, 1e-8));
        for (int i = 0; i < 12; i++) {
            Posterior p = gp.posterior(x[i]);
            assertThat(p.mean()).isCloseTo(y[i], within(1e-5));
            assertThat(p.variance()).isLessThan(1e-6);
        }
        Posterior far = gp.posterior(new double[] {30, 30, 30});
        assertThat(far.variance()).isCloseTo(1 * gp.hyperparameters().outputScale() * stdSquared(y), within(1e-9));
    }

    private static double stdSquared(double[] y) {
        double m = java.util.Arrays.stream(y).average().orElseThrow();
        double ss = 0;
        for (double v : y) {
            ss += (v - m) * (v - m);
        }
        return ss / (y.length - 1);
    }

    @ParameterizedTest
    @EnumSource(GpFitOptions.PriorMean.class)
    void marginalLikelihoodGradientMatchesFiniteDifferences(GpFitOptions.PriorMean priorMean) {
        SplittableRandom r = new SplittableRandom(2);
        int n = 15;
        int d = 3;
        double[] x = new double[n * d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i * d + j] = j == 2 ? r.nextInt(3) : r.nextDouble();
            }
            y[i] = r.nextGaussian();
        }
        boolean[] categorical = {false, false, true};
        MarginalLikelihood ml = new MarginalLikelihood(x, y, d, categorical, MeanTrend.of(priorMean, d, categorical));
        for (double[] theta : new double[][] {{-1, 0.3, 0, 0.2, -3}, {0.5, -0.7, 1, -0.4, -8}}) {
            double[] g = new double[d + 2];
            ml.valueAndGradient(theta, g);
            for (int k = 0; k < d + 2; k++) {
                double h = 1e-6;
                double[] plus = theta.clone();
                double[] minus = theta.clone();
                plus[k] += h;
                minus[k] -= h;
                double[] unused = new double[d + 2];
                double fd = (ml.valueAndGradient(plus, unused) - ml.valueAndGradient(minus, unused)) / (2 * h);
                assertThat(g[k])
                        .as("d/dtheta_%d at %s", k, java.util.Arrays.toString(theta))
                        .isCloseTo(fd, within(1e-5 * Math.max(1, Math.abs(fd))));
            }
        }
    }

    @Test
    void fitFindsShortLengthscalesForAWigglyDimensionAndLongOnesForAnIgnoredOne() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 40;
        double[][] x = new double[n][2];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = r.nextDouble();
            x[i][1] = r.nextDouble();
            y[i] = Math.sin(8 * x[i][0]);
        }
        GaussianProcess gp = GaussianProcess.fit(x, y, null, GpFitOptions.defaults(), null, 7);
        double[] ls = gp.hyperparameters().lengthscales();
        assertThat(ls[0]).isLessThan(0.6);
        assertThat(ls[1]).isGreaterThan(3 * ls[0]);
        assertThat(gp.hyperparameters().noise()).isLessThan(1e-2);
        Posterior p = gp.posterior(new double[] {0.3, 0.5});
        assertThat(p.mean()).isCloseTo(Math.sin(2.4), within(0.05));
        // warm start from the fit converges to the same or a better posterior
        GaussianProcess again =
                GaussianProcess.fit(x, y, null, new GpFitOptions(0, 200, 1e-6, 256), gp.hyperparameters(), 8);
        assertThat(again.logMarginalLikelihood()).isGreaterThan(gp.logMarginalLikelihood() - 1e-3);
    }

    @Test
    void fixedNoiseKeepsTheNoiseAtItsFloorAndInterpolates() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        int n = 12;
        double[][] x = new double[n][2];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = r.nextDouble();
            x[i][1] = r.nextDouble();
            y[i] = Math.sin(8 * x[i][0]) + 0.3 * r.nextGaussian(); // rough: a learned noise explains part of it
        }
        GaussianProcess learned = GaussianProcess.fit(x, y, null, GpFitOptions.defaults(), null, 7);
        GaussianProcess fixed =
                GaussianProcess.fit(x, y, null, GpFitOptions.defaults().withFixedNoise(), null, 7);
        assertThat(learned.hyperparameters().noise()).isGreaterThan(1e-3);
        assertThat(fixed.hyperparameters().noise()).isCloseTo(1e-6, within(1e-12));
        assertThat(fixed.posterior(x[4]).mean()).isCloseTo(y[4], within(1e-3));
        assertThat(GpFitOptions.defaults().fixedNoise()).isFalse();
        assertThat(GpFitOptions.defaults().withFixedNoise().fixedNoise()).isTrue();
    }

    @Test
    void badHistoriesDoNotBreakTheFit() {
        double[][] one = {{0.5, 0.5}};
        GaussianProcess single = GaussianProcess.fit(one, new double[] {3}, null, GpFitOptions.defaults(), null, 1);
        assertThat(single.posterior(new double[] {0.5, 0.5}).mean()).isCloseTo(3, within(1e-3));
        double[][] same = {{0.1, 0.2}, {0.1, 0.2}, {0.1, 0.2}, {0.7, 0.7}};
        GaussianProcess dup =
                GaussianProcess.fit(same, new double[] {1, 1.1, 0.9, 4}, null, GpFitOptions.defaults(), null, 1);
        // repeated points with different values: learned as noise, the mean shrinks a little to the average 1.75
        assertThat(dup.posterior(new double[] {0.1, 0.2}).mean()).isBetween(0.9, 1.5);
        assertThat(dup.hyperparameters().noise()).isGreaterThan(1e-3);
        double[][] xs = {{0.1, 0.2}, {0.5, 0.9}, {0.3, 0.3}};
        GaussianProcess flat = GaussianProcess.fit(xs, new double[] {2, 2, 2}, null, GpFitOptions.defaults(), null, 1);
        Posterior p = flat.posterior(new double[] {0.8, 0.1});
        assertThat(p.mean()).isCloseTo(2, within(1e-6));
        assertThat(p.variance()).isFinite().isPositive();
    }

    @Test
    void invalidInputsAreRejectedWithTheirPosition() {
        assertThatThrownBy(() -> GaussianProcess.fit(
                        new double[][] {{0.1}, {Double.NaN}},
                        new double[] {1, 2},
                        null,
                        GpFitOptions.defaults(),
                        null,
                        0))
                .hasMessageContaining("x[1]")
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> GaussianProcess.fit(
                        new double[][] {{0.1}}, new double[] {1, 2}, null, GpFitOptions.defaults(), null, 0))
                .hasMessageContaining("1 rows and y 2 values");
        assertThatThrownBy(() -> new GpFitOptions(1, 10, 0, 100)).hasMessageContaining("noiseFloor=0.0");
    }
}
