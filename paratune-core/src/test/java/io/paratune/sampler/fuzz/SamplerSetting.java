package io.paratune.sampler.fuzz;

import io.paratune.Direction;
import io.paratune.bo.GpFitOptions;
import io.paratune.sampler.GridSampler;
import io.paratune.sampler.QmcSampler;
import io.paratune.sampler.RandomSampler;
import io.paratune.sampler.Sampler;
import io.paratune.sampler.cmaes.CmaEsSampler;
import io.paratune.sampler.gp.GpSampler;
import io.paratune.sampler.gp.MultiObjectiveAcquisition;
import io.paratune.sampler.nsga.NsgaIISampler;
import io.paratune.sampler.tpe.TpeSampler;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One sampler with one group of settings, as the fuzz runs it.
 *
 * @param name how the fuzz reports it
 * @param kind what the fuzz must know of the sampler: a grid needs its points, a GP is slow
 * @param diverse whether the sampler promises distinct points to pending asks where the space has
 *     room (a continuous float of at least 2^40 doubles): every sampler drawing at random from
 *     continuous distributions, or avoiding taken points, does; NSGA-II/III do not (a child may copy
 *     its parent when neither crossover nor mutation changes it, as in Optuna), nor TPE without
 *     {@code magicClip} (kernels a 1e-12 of the range wide put candidates on an observation), nor
 *     CMA-ES with a {@code sigma0} near the whole range (draws clipped onto the bounds)
 * @param factory builds the sampler for a case
 */
record SamplerSetting(String name, Kind kind, boolean diverse, Factory factory) {

    enum Kind {
        PLAIN,
        GRID,
        GP
    }

    interface Factory {
        Sampler create(long seed, FuzzSpace space, List<Direction> directions, SplittableRandom rnd);
    }

    /** Every sampler with its default settings and its main options. */
    static List<SamplerSetting> all() {
        return List.of(
                plain("random", true, (seed, s, d, r) -> RandomSampler.seeded(seed)),
                new SamplerSetting("grid", Kind.GRID, true, (seed, s, d, r) -> GridSampler.of(s.grid(r), seed)),
                plain("qmc", true, (seed, s, d, r) -> QmcSampler.seeded(seed)),
                plain(
                        "qmc-halton-unscrambled",
                        true,
                        (seed, s, d, r) -> QmcSampler.builder()
                                .sequence(QmcSampler.Sequence.HALTON)
                                .scramble(false)
                                .seed(seed)
                                .build()),
                plain(
                        "qmc-given-space",
                        true,
                        (seed, s, d, r) -> QmcSampler.builder()
                                .seed(seed)
                                .searchSpace(s.topSpace())
                                .build()),
                plain("tpe", true, (seed, s, d, r) -> TpeSampler.seeded(seed)),
                plain(
                        "tpe-univariate",
                        true,
                        (seed, s, d, r) -> TpeSampler.builder()
                                .seed(seed)
                                .multivariate(false)
                                .build()),
                plain(
                        "tpe-group",
                        true,
                        (seed, s, d, r) ->
                                TpeSampler.builder().seed(seed).group(true).build()),
                plain(
                        "tpe-scott-no-liar",
                        true,
                        (seed, s, d, r) -> TpeSampler.builder()
                                .seed(seed)
                                .bandwidth(TpeSampler.Bandwidth.SCOTT)
                                .constantLiar(false)
                                .startupTrials(3)
                                .build()),
                plain(
                        "tpe-options",
                        false,
                        (seed, s, d, r) -> TpeSampler.builder()
                                .seed(seed)
                                .startupTrials(r.nextInt(3))
                                .eiCandidates(1 + r.nextInt(50))
                                .priorWeight(Math.pow(10, r.nextInt(-3, 3)))
                                .magicClip(false)
                                .endpoints(true)
                                .equalHeights(false)
                                .hypervolumeWeights(false)
                                .bandwidth(TpeSampler.Bandwidth.values()[r.nextInt(3)])
                                .group(r.nextBoolean())
                                .build()),
                plain("cmaes", true, (seed, s, d, r) -> CmaEsSampler.seeded(seed)),
                plain(
                        "cmaes-ipop",
                        true,
                        (seed, s, d, r) -> CmaEsSampler.builder()
                                .seed(seed)
                                .restart(CmaEsSampler.Restart.IPOP)
                                .populationSize(2 + r.nextInt(4))
                                .build()),
                plain(
                        "cmaes-bipop-margin",
                        true,
                        (seed, s, d, r) -> CmaEsSampler.builder()
                                .seed(seed)
                                .restart(CmaEsSampler.Restart.BIPOP)
                                .withMargin(true)
                                .populationSize(2 + r.nextInt(4))
                                .build()),
                // sigma0 up to 1/3 of the unit cube: a step as wide as the whole range sends most draws
                // out of bounds, and CMA-ES clips them onto the bounds (as the cmaes library does), where
                // pending asks share corners
                plain(
                        "cmaes-separable",
                        true,
                        (seed, s, d, r) -> CmaEsSampler.builder()
                                .seed(seed)
                                .separable(true)
                                .sigma0(Math.pow(10, r.nextInt(-6, 0)) / 3)
                                .build()),
                plain("nsga2", false, (seed, s, d, r) -> NsgaIISampler.seeded(seed)),
                plain(
                        "nsga2-small-population",
                        false,
                        (seed, s, d, r) -> NsgaIISampler.builder()
                                .seed(seed)
                                .populationSize(2 + r.nextInt(10))
                                .crossoverProbability(r.nextDouble())
                                .mutationProbability(r.nextBoolean() ? Double.NaN : r.nextDouble())
                                .build()),
                plain(
                        "nsga3",
                        false,
                        (seed, s, d, r) -> NsgaIISampler.builder()
                                .seed(seed)
                                .populationSize(2 + r.nextInt(10))
                                .nsgaIII(r.nextBoolean() ? -1 : 1 + r.nextInt(6))
                                .build()),
                new SamplerSetting(
                        "gp",
                        Kind.GP,
                        true,
                        (seed, s, d, r) -> GpSampler.builder()
                                .seed(seed)
                                .initialTrials(1 + r.nextInt(6))
                                .build()),
                new SamplerSetting("gp-options", Kind.GP, true, SamplerSetting::gpWithOptions),
                new SamplerSetting(
                        "gp-trust-region",
                        Kind.GP,
                        true,
                        (seed, s, d, r) -> GpSampler.builder()
                                .seed(seed)
                                .initialTrials(1 + r.nextInt(4))
                                .trustRegionAbove(1 + r.nextInt(12))
                                .build()));
    }

    private static SamplerSetting plain(String name, boolean diverse, Factory factory) {
        return new SamplerSetting(name, Kind.PLAIN, diverse, factory);
    }

    /** A GP with the options the README recommends, and for several objectives a reference point or Chebyshev. */
    private static Sampler gpWithOptions(long seed, FuzzSpace space, List<Direction> directions, SplittableRandom r) {
        GpSampler.Builder b = GpSampler.builder()
                .seed(seed)
                .initialTrials(1 + r.nextInt(4))
                .fitOptions(GpFitOptions.defaults().withFixedNoise().withPriorMean(GpFitOptions.PriorMean.QUADRATIC))
                .exploitation(r.nextDouble());
        if (directions.size() > 1) {
            if (r.nextBoolean()) {
                double[] reference = new double[directions.size()];
                for (int k = 0; k < reference.length; k++) {
                    reference[k] = r.nextBoolean() ? 0 : Math.pow(10, r.nextInt(-3, 300)) * (r.nextBoolean() ? 1 : -1);
                }
                b.referencePoint(reference);
            } else {
                b.multiObjective(MultiObjectiveAcquisition.CHEBYSHEV);
            }
        }
        return b.build();
    }

    @Override
    public String toString() {
        return name;
    }
}
