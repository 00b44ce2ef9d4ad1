package io.paratune.sampler.tpe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.paratune.internal.Normal;
import io.paratune.space.CategoricalDistribution;
import io.paratune.space.Distribution;
import io.paratune.space.FloatDistribution;
import io.paratune.space.IntDistribution;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ParzenEstimatorTest {

    private static EstimatorSettings settings(boolean multivariate) {
        return settings(multivariate, false);
    }

    private static EstimatorSettings settings(boolean multivariate, boolean equalHeights) {
        return new EstimatorSettings(
                1.0,
                true,
                false,
                multivariate,
                TpeSampler::defaultWeights,
                equalHeights,
                TpeSampler.Bandwidth.SCOTT,
                new MixtureWeights.Cache());
    }

    /** An estimator over {@code dists} with {@code n} seeded observations (members, as coordinates). */
    private static ParzenEstimator estimator(boolean multivariate, int n, long seed, Distribution... dists) {
        return estimator(multivariate, false, n, seed, dists);
    }

    private static ParzenEstimator estimator(
            boolean multivariate, boolean equalHeights, int n, long seed, Distribution... dists) {
        Dim[] dims = new Dim[dists.length];
        double[][] obs = new double[dists.length][n];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int j = 0; j < dists.length; j++) {
            dims[j] = Dim.of(dists[j]);
            for (int i = 0; i < n; i++) {
                // cluster half the observations near the low bound to exercise the truncation
                double u = i % 2 == 0 ? 0.05 * rng.nextDouble() : rng.nextDouble();
                obs[j][i] = dims[j].coordinate(dists[j].fromUnit(u));
            }
        }
        return new ParzenEstimator(dims, ParzenEstimator.Observations.of(obs, n), settings(multivariate, equalHeights));
    }

    private static double[] logPdf(ParzenEstimator e, double... point) {
        return e.logPdf(new double[][] {point});
    }

    /** Integral over the unit interval by the midpoint rule with {@code cells} points. */
    private static double integrate1d(ParzenEstimator e, Distribution d, int cells) {
        double sum = 0;
        for (int k = 0; k < cells; k++) {
            sum += Math.exp(logPdf(e, d.fromUnit((k + 0.5) / cells))[0]);
        }
        return sum / cells;
    }

    @ParameterizedTest
    @CsvSource({"false, false", "true, false", "false, true", "true, true"})
    void continuousDensityIntegratesToOneOnItsBounds(boolean multivariate, boolean equalHeights) {
        for (int n : new int[] {0, 1, 7, 40}) {
            FloatDistribution x = FloatDistribution.of("x", -3, 2);
            assertThat(integrate1d(estimator(multivariate, equalHeights, n, 1, x), x, 20_000))
                    .as("n=%d", n)
                    .isCloseTo(1.0, within(1e-4));
            FloatDistribution lr = FloatDistribution.logScale("lr", 1e-5, 1);
            assertThat(integrate1d(estimator(multivariate, equalHeights, n, 2, lr), lr, 20_000))
                    .as("log, n=%d", n)
                    .isCloseTo(1.0, within(1e-4));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void discreteMassesSumToOne(boolean multivariate) {
        List<Distribution> grids = List.of(
                IntDistribution.of("layers", 1, 8),
                IntDistribution.of("wide", 0, 5000),
                IntDistribution.stepped("even", 0, 40, 4),
                IntDistribution.logScale("units", 16, 1024),
                FloatDistribution.stepped("dropout", 0, 0.5, 0.1),
                CategoricalDistribution.of("act", List.of("relu", "tanh", "gelu", "silu")));
        for (Distribution d : grids) {
            for (int n : new int[] {0, 3, 30}) {
                ParzenEstimator e = estimator(multivariate, n, 3, d);
                double sum = 0;
                for (double member : members(d)) {
                    sum += Math.exp(logPdf(e, member)[0]);
                }
                assertThat(sum).as("%s n=%d", d, n).isCloseTo(1.0, within(1e-4));
            }
        }
    }

    /** Every member of a grid-like distribution, by internal value. */
    private static double[] members(Distribution d) {
        if (d instanceof IntDistribution i) {
            return java.util.stream.LongStream.rangeClosed(0, (i.high() - i.low()) / i.step())
                    .mapToDouble(k -> i.low() + k * i.step())
                    .toArray();
        }
        long n = d.cardinality();
        return java.util.stream.LongStream.range(0, n)
                .mapToDouble(k -> d.fromUnit((k + 0.5) / n))
                .toArray();
    }

    @Test
    void jointDensityIntegratesToOne() {
        FloatDistribution x = FloatDistribution.of("x", 0, 1);
        IntDistribution k = IntDistribution.of("k", 0, 4);
        CategoricalDistribution c = CategoricalDistribution.of("c", List.of("a", "b", "c"));
        ParzenEstimator e = estimator(true, true, 12, 4, x, k, c);
        int cells = 4000;
        double sum = 0;
        for (int i = 0; i < cells; i++) {
            for (int kk = 0; kk <= 4; kk++) {
                for (int cc = 0; cc < 3; cc++) {
                    sum += Math.exp(logPdf(e, (i + 0.5) / cells, kk, cc)[0]) / cells;
                }
            }
        }
        assertThat(sum).isCloseTo(1.0, within(1e-4));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void neighbourBandwidthDensityIntegratesToOneInTwoDimensions(boolean equalHeights) {
        Dim[] dims = {Dim.of(FloatDistribution.of("x", -3, 2)), Dim.of(FloatDistribution.logScale("lr", 1e-5, 1))};
        EstimatorSettings st = new EstimatorSettings(
                1.0,
                true,
                false,
                true,
                TpeSampler::defaultWeights,
                equalHeights,
                TpeSampler.Bandwidth.NEIGHBOUR,
                new MixtureWeights.Cache());
        int cells = 300;
        double[][] grid = new double[cells * cells][];
        for (int a = 0; a < cells; a++) {
            for (int b = 0; b < cells; b++) {
                grid[a * cells + b] = new double[] {
                    dims[0].distribution.fromUnit((a + 0.5) / cells), dims[1].distribution.fromUnit((b + 0.5) / cells)
                };
            }
        }
        for (int n : new int[] {0, 1, 7, 40}) {
            SplittableRandom rng = new SplittableRandom(n);
            double[][] obs = new double[2][n];
            for (int i = 0; i < n; i++) {
                // a tight cluster near a corner and spread points: narrow and wide kernels, truncated ones
                obs[0][i] = i % 2 == 0 ? 0.03 * rng.nextDouble() : rng.nextDouble();
                obs[1][i] = i % 2 == 0 ? 1 - 0.03 * rng.nextDouble() : rng.nextDouble();
            }
            ParzenEstimator e = new ParzenEstimator(dims, ParzenEstimator.Observations.of(obs, n), st);
            double sum = 0;
            for (double v : e.logPdf(grid)) {
                sum += Math.exp(v);
            }
            assertThat(sum / (cells * cells)).as("n=%d", n).isCloseTo(1.0, within(1e-3));
        }
    }

    /**
     * With {@link TpeSampler.Bandwidth#NEIGHBOUR}, a multivariate kernel's width in each parameter
     * is the larger gap to its sorted neighbours there (the prior's centre 0.5 among them, the
     * bounds not), clipped below at {@code 1 / (n + 2)}; with {@link TpeSampler.Bandwidth#SCOTT}
     * every kernel has Scott's width.
     */
    @Test
    void neighbourBandwidthIsTheLargerGapToTheNeighboursInEachParameter() {
        Dim[] dims = {Dim.of(FloatDistribution.of("x", 0, 1)), Dim.of(FloatDistribution.of("y", 0, 1))};
        double[][] obs = {{0.1, 0.15, 0.7, 0.9}, {0.6, 0.2, 0.25, 0.95}};
        ParzenEstimator raw = new ParzenEstimator(
                dims,
                ParzenEstimator.Observations.of(obs, 4),
                new EstimatorSettings(
                        1.0,
                        false,
                        false,
                        true,
                        TpeSampler::defaultWeights,
                        true,
                        TpeSampler.Bandwidth.NEIGHBOUR,
                        new MixtureWeights.Cache()));
        // x sorted: 0.1, 0.15, 0.5 (prior), 0.7, 0.9; y sorted: 0.2, 0.25, 0.5 (prior), 0.6, 0.95
        double[][] expected = {{0.05, 0.35, 0.2, 0.2}, {0.35, 0.05, 0.25, 0.35}};
        for (int j = 0; j < 2; j++) {
            for (int i = 0; i < 4; i++) {
                assertThat(raw.width(j, i))
                        .as("parameter %d, kernel %d", j, i)
                        .isCloseTo(expected[j][i], within(1e-12));
            }
            assertThat(raw.width(j, 4)).as("prior").isEqualTo(1.0);
        }
        ParzenEstimator clipped = new ParzenEstimator(
                dims,
                ParzenEstimator.Observations.of(obs, 4),
                new EstimatorSettings(
                        1.0,
                        true,
                        false,
                        true,
                        TpeSampler::defaultWeights,
                        true,
                        TpeSampler.Bandwidth.NEIGHBOUR,
                        new MixtureWeights.Cache()));
        assertThat(clipped.width(0, 0)).isEqualTo(1.0 / 6);
        assertThat(clipped.width(0, 1)).isCloseTo(0.35, within(1e-12));
        ParzenEstimator scott = new ParzenEstimator(
                dims,
                ParzenEstimator.Observations.of(obs, 4),
                new EstimatorSettings(
                        1.0,
                        false,
                        false,
                        true,
                        TpeSampler::defaultWeights,
                        true,
                        TpeSampler.Bandwidth.SCOTT,
                        new MixtureWeights.Cache()));
        for (int j = 0; j < 2; j++) {
            for (int i = 0; i < 4; i++) {
                assertThat(scott.width(j, i)).isEqualTo(0.2 * Math.pow(4, -1.0 / 6));
            }
        }
    }

    @Test
    void samplesAreMembersOfTheirDistributions() {
        Distribution[] dists = {
            FloatDistribution.of("x", -5, 5),
            FloatDistribution.logScale("lr", 1e-5, 1),
            FloatDistribution.stepped("dropout", 0, 0.5, 0.1),
            IntDistribution.of("layers", 1, 8),
            IntDistribution.logScale("units", 16, 1024),
            IntDistribution.stepped("even", 0, 40, 4),
            CategoricalDistribution.of("act", List.of("relu", "tanh", "gelu"))
        };
        for (boolean multivariate : new boolean[] {false, true}) {
            ParzenEstimator e = estimator(multivariate, 20, 5, dists);
            double[][] samples = e.sample(new SplittableRandom(6), 3000);
            for (double[] s : samples) {
                for (int j = 0; j < dists.length; j++) {
                    assertThat(dists[j].contains(s[j]))
                            .as("%s in %s", s[j], dists[j])
                            .isTrue();
                }
            }
            assertThat(java.util.Arrays.stream(e.logPdf(samples)).allMatch(Double::isFinite))
                    .isTrue();
        }
    }

    /**
     * Reference values from Optuna 3.1's {@code _ParzenEstimator.log_pdf} for the same inputs, with
     * its truncated normal log density corrected by {@code - log(scale)} (3.1 leaves that term
     * out for continuous kernels; discrete and categorical kernels are unaffected).
     */
    @Test
    void logDensityMatchesOptuna() {
        double[] obs = {0.1, 0.15, 0.7, 0.72, 0.98, 0.4, 0.0};
        double[] pts = {0.0, 0.05, 0.12, 0.5, 0.71, 0.9, 1.0};
        Dim[] x = {Dim.of(FloatDistribution.of("x", 0, 1))};
        double[][] points = new double[pts.length][];
        for (int i = 0; i < pts.length; i++) {
            points[i] = new double[] {pts[i]};
        }
        assertThat(new ParzenEstimator(
                                x, ParzenEstimator.Observations.of(new double[][] {obs}, obs.length), settings(false))
                        .logPdf(points))
                .containsExactly(
                        new double[] {
                            0.5152226052078808,
                            0.5708380948223827,
                            0.4518237378566696,
                            -0.20426083948434703,
                            -0.051311428511343404,
                            -0.18009840947844746,
                            -0.35621748414007504
                        },
                        within(1e-9));
        assertThat(new ParzenEstimator(
                                x, ParzenEstimator.Observations.of(new double[][] {obs}, obs.length), settings(true))
                        .logPdf(points))
                .containsExactly(
                        new double[] {
                            0.3716012362900415,
                            0.4628844214595974,
                            0.4380488718438349,
                            -0.4150809045428494,
                            -0.008900021095286315,
                            -0.04622670809085849,
                            -0.17072496267797332
                        },
                        within(1e-9));

        double[] obs30 = {
            0.5488135039273248,
            0.7151893663724195,
            0.6027633760716439,
            0.5448831829968969,
            0.4236547993389047,
            0.6458941130666561,
            0.4375872112626925,
            0.8917730007820798,
            0.9636627605010293,
            0.3834415188257777,
            0.7917250380826646,
            0.5288949197529045,
            0.5680445610939323,
            0.925596638292661,
            0.07103605819788694,
            0.08712929970154071,
            0.02021839744032572,
            0.832619845547938,
            0.7781567509498505,
            0.8700121482468192,
            0.978618342232764,
            0.7991585642167236,
            0.46147936225293185,
            0.7805291762864555,
            0.11827442586893322,
            0.6399210213275238,
            0.1433532874090464,
            0.9446689170495839,
            0.5218483217500717,
            0.4146619399905236
        };
        assertThat(new ParzenEstimator(x, ParzenEstimator.Observations.of(new double[][] {obs30}, 30), settings(false))
                        .logPdf(points))
                .containsExactly(
                        new double[] {
                            -0.4680194935418204,
                            0.02053851751021174,
                            0.09539582752310616,
                            0.24996580243993383,
                            -0.6832454796894518,
                            0.33481595103255857,
                            -0.10460020667783887
                        },
                        within(1e-9));

        Dim[] mixed = {
            Dim.of(FloatDistribution.of("x", 0, 1)), Dim.of(CategoricalDistribution.of("c", List.of("a", "b", "c")))
        };
        double[][] obsMixed = {{0.2, 0.25, 0.8, 0.5, 0.33}, {0, 0, 2, 1, 0}};
        assertThat(new ParzenEstimator(mixed, ParzenEstimator.Observations.of(obsMixed, 5), settings(true))
                        .logPdf(new double[][] {{0.2, 0}, {0.6, 1}, {0.9, 2}}))
                .containsExactly(
                        new double[] {0.013257159040255262, -0.9957673695602094, -1.0301612568203504}, within(1e-9));

        IntDistribution k = IntDistribution.of("k", 0, 10);
        Dim[] ints = {Dim.of(k)};
        double[][] obsInts = {{2, 3, 3, 9}};
        for (int i = 0; i < 4; i++) {
            obsInts[0][i] = ints[0].coordinate(obsInts[0][i]);
        }
        assertThat(new ParzenEstimator(ints, ParzenEstimator.Observations.of(obsInts, 4), settings(false))
                        .logPdf(new double[][] {{0}, {2}, {3}, {5}, {10}}))
                .containsExactly(
                        new double[] {
                            -2.637045574383401,
                            -1.9190162291054997,
                            -1.865107817279676,
                            -2.296385894408565,
                            -3.047477385857544
                        },
                        within(1e-9));
    }

    /**
     * With equal heights, the log density differs from Optuna 3.1's own (uncorrected) {@code
     * log_pdf} by a constant, so the log-ratio of two estimators ranks candidates as Optuna does.
     */
    @Test
    void equalHeightsMatchOptunaUpToAConstant() {
        double[] obs = {0.1, 0.15, 0.7, 0.72, 0.98, 0.4, 0.0};
        double[][] points = {{0.0}, {0.05}, {0.12}, {0.5}, {0.71}, {0.9}, {1.0}};
        Dim[] x = {Dim.of(FloatDistribution.of("x", 0, 1))};
        double[][] optuna = {
            {
                -1.1114066405158929,
                -1.0526308669077475,
                -1.082091084727408,
                -1.219154000932328,
                -1.1268972927517418,
                -1.2171787138684798,
                -1.3401940114261341
            },
            {
                -1.2178491216587068,
                -1.1487386891712923,
                -1.1559636003519367,
                -1.5991744065393794,
                -1.4087611661227983,
                -1.455326187452595,
                -1.5436327389164148
            }
        };
        for (int mv = 0; mv < 2; mv++) {
            double[] mine = new ParzenEstimator(
                            x,
                            ParzenEstimator.Observations.of(new double[][] {obs}, obs.length),
                            settings(mv == 1, true))
                    .logPdf(points);
            double shift = mine[0] - optuna[mv][0];
            for (int i = 0; i < mine.length; i++) {
                assertThat(mine[i] - optuna[mv][i])
                        .as("point %d, multivariate=%s", i, mv == 1)
                        .isCloseTo(shift, within(1e-9));
            }
        }
    }

    @Test
    void kernelMassOnTheUnitIntervalIsDefinedForEveryCentreAndWidth() {
        // a kernel on a bound whose other bound lies just inside the cdf table (1 / sigma just below 9)
        double[] inverses = {
            Math.nextDown(Normal.TABLE_END), Normal.TABLE_END, Math.nextUp(Normal.TABLE_END), 1, 100, 1e12
        };
        for (double inv : inverses) {
            for (double mu : new double[] {0, Double.MIN_VALUE, 0.5, Math.nextDown(1.0), 1}) {
                double exact = Normal.cdf((1 - mu) * inv) - Normal.cdf(-mu * inv);
                assertThat(ParzenEstimator.mass(mu, 1 / inv))
                        .as("mu=%s, 1/sigma=%s", mu, inv)
                        .isCloseTo(exact, within(1e-12));
            }
        }
    }

    @Test
    void discreteDensitiesAreFiniteOnRangesOfMoreIntegersThanTheUnitIntervalResolves() {
        // 2^54 + 1 integers (cells narrower than the doubles near 1 are apart), a log range up to 2^53,
        // and 2^32 - 1 integers (more cells than an int counts)
        Distribution[] huge = {
            IntDistribution.of("a", -(1L << 53), 1L << 53),
            IntDistribution.logScale("b", 1, 1L << 53),
            IntDistribution.of("c", -(1L << 31) + 1, (1L << 31) - 1)
        };
        for (Distribution d : huge) {
            for (boolean multivariate : new boolean[] {false, true}) {
                ParzenEstimator pe = estimator(multivariate, 30, 4, d);
                double[][] points = pe.sample(new SplittableRandom(7), 40);
                points[0][0] = d.fromUnit(1);
                points[1][0] = d.fromUnit(Math.nextDown(1.0));
                points[2][0] = d.fromUnit(0.75);
                points[3][0] = d.fromUnit(0.3);
                for (double x : pe.logPdf(points)) {
                    assertThat(x).as("%s, multivariate=%s", d, multivariate).isFinite();
                }
            }
        }
    }

    @Test
    void keptKernelMassesGiveTheSameDensities() {
        int n = 300;
        Dim[] dims = {
            Dim.of(FloatDistribution.of("a", -3, 2)),
            Dim.of(FloatDistribution.logScale("b", 1e-4, 1)),
            Dim.of(IntDistribution.of("c", 0, 9))
        };
        SplittableRandom rng = new SplittableRandom(5);
        double[][] obs = new double[dims.length][n];
        for (int j = 0; j < dims.length; j++) {
            for (int i = 0; i < n; i++) {
                obs[j][i] = dims[j].coordinate(dims[j].distribution.fromUnit(rng.nextDouble()));
            }
        }
        EstimatorSettings st = settings(true, true);
        double sigma = KernelWidths.sharedSigma(n, dims.length, st);
        double[][] masses = new double[dims.length][n];
        for (int j = 0; j < dims.length; j++) {
            for (int i = 0; i < n; i++) {
                // some not known: the estimator computes those
                masses[j][i] = i % 7 == 0 ? Double.NaN : ParzenEstimator.mass(obs[j][i], sigma);
            }
        }
        ParzenEstimator plain = new ParzenEstimator(dims, ParzenEstimator.Observations.of(obs, n), st);
        ParzenEstimator kept =
                new ParzenEstimator(dims, new ParzenEstimator.Observations(obs, n, null, masses, null), st);
        double[][] points = plain.sample(new SplittableRandom(6), 50);
        assertThat(kept.logPdf(points)).containsExactly(plain.logPdf(points), within(1e-12));
    }

    @Test
    void sharedWidthFollowsScottsRuleOnCountsRoundedToSixLeadingBits() {
        EstimatorSettings st = settings(true);
        for (int n : new int[] {1, 10, 63}) {
            assertThat(KernelWidths.sharedSigma(n, 3, st))
                    .as("n=%d", n)
                    .isEqualTo(Math.max(1.0 / (n + 2), 0.2 * Math.pow(n, -1.0 / 7)));
        }
        // 3000 = 0b101110111000: 6 leading bits keep 2944 .. 3007 together
        assertThat(KernelWidths.sharedSigma(3000, 10, st))
                .isEqualTo(KernelWidths.sharedSigma(2944, 10, st))
                .isEqualTo(KernelWidths.sharedSigma(3007, 10, st))
                .isEqualTo(0.2 * Math.pow(2944, -1.0 / 14))
                .isNotEqualTo(KernelWidths.sharedSigma(3008, 10, st));
        assertThat(KernelWidths.sharedSigma(3000, 10, st) / (0.2 * Math.pow(3000, -1.0 / 14)))
                .isBetween(1.0, 1.006);
    }
}
