package io.paratune.bench;

import io.paratune.bo.AcquisitionOptions;
import io.paratune.bo.BatchStrategy;
import io.paratune.bo.GpFitOptions;
import io.paratune.sampler.AutoSampler;
import io.paratune.sampler.RandomSampler;
import io.paratune.sampler.Sampler;
import io.paratune.sampler.cmaes.CmaEsSampler;
import io.paratune.sampler.gp.GpSampler;
import io.paratune.sampler.gp.MultiObjectiveAcquisition;
import io.paratune.sampler.nsga.NsgaIISampler;
import io.paratune.sampler.tpe.TpeSampler;
import java.util.List;
import java.util.function.LongFunction;

/**
 * The sampler configurations the quality and ask-time benchmarks can run: {@code --sampler} and
 * {@code --config} pick one, and its {@link #description()} goes into every result line.
 *
 * @param sampler the {@code --sampler} word
 * @param config the {@code --config} word
 * @param className the sampler's class, the results' {@code sampler} field
 * @param description how the sampler is built, the results' {@code config} field
 * @param factory seed to sampler
 */
record SamplerChoice(
        String sampler, String config, String className, String description, LongFunction<Sampler> factory) {

    /** The fit of the {@code *quadratic-exploit} configurations: noise fixed at its floor, quadratic prior mean. */
    private static final GpFitOptions QUADRATIC_DETERMINISTIC =
            GpFitOptions.defaults().withFixedNoise().withPriorMean(GpFitOptions.PriorMean.QUADRATIC);

    static final List<SamplerChoice> ALL = List.of(
            new SamplerChoice(
                    "tpe",
                    "default",
                    "TpeSampler",
                    "default: TpeSampler.seeded(seed) (multivariate, constant liar, kernel widths Bandwidth.AUTO:"
                            + " neighbour gaps for one objective, Scott's rule for several)",
                    TpeSampler::seeded),
            new SamplerChoice(
                    "tpe",
                    "scott",
                    "TpeSampler",
                    "scott: TpeSampler.builder().seed(seed).bandwidth(Bandwidth.SCOTT) (multivariate, constant liar,"
                            + " Optuna's kernel widths)",
                    seed -> TpeSampler.builder()
                            .seed(seed)
                            .bandwidth(TpeSampler.Bandwidth.SCOTT)
                            .build()),
            new SamplerChoice(
                    "tpe",
                    "neighbour",
                    "TpeSampler",
                    "neighbour: TpeSampler.builder().seed(seed).bandwidth(Bandwidth.NEIGHBOUR) (multivariate, constant"
                            + " liar, kernel widths from the neighbour gaps)",
                    seed -> TpeSampler.builder()
                            .seed(seed)
                            .bandwidth(TpeSampler.Bandwidth.NEIGHBOUR)
                            .build()),
            new SamplerChoice(
                    "tpe",
                    "univariate",
                    "TpeSampler",
                    "univariate: TpeSampler.builder().seed(seed).multivariate(false) (constant liar)",
                    seed -> TpeSampler.builder().seed(seed).multivariate(false).build()),
            new SamplerChoice(
                    "cmaes", "default", "CmaEsSampler", "default: CmaEsSampler.seeded(seed)", CmaEsSampler::seeded),
            new SamplerChoice(
                    "cmaes",
                    "ipop",
                    "CmaEsSampler",
                    "ipop: CmaEsSampler.builder().seed(seed).restart(IPOP)",
                    seed -> CmaEsSampler.builder()
                            .seed(seed)
                            .restart(CmaEsSampler.Restart.IPOP)
                            .build()),
            new SamplerChoice(
                    "random", "default", "RandomSampler", "default: RandomSampler.seeded(seed)", RandomSampler::seeded),
            new SamplerChoice(
                    "auto",
                    "default",
                    "AutoSampler",
                    "default: AutoSampler.seeded(seed) (GP for 1 to 3 objectives, TPE for more or when the GP's"
                            + " proposals take over 5 s and over twice the evaluations)",
                    AutoSampler::seeded),
            new SamplerChoice(
                    "gp",
                    "default",
                    "GpSampler",
                    "default: GpSampler.seeded(seed) (log EI; batch: Monte-Carlo q-EI over pending points; from 200"
                            + " observations a trust-region local model; several objectives: log EHVI, pending points"
                            + " by the kriging believer)",
                    GpSampler::seeded),
            new SamplerChoice(
                    "gp",
                    "global",
                    "GpSampler",
                    "global: GpSampler.builder().seed(seed).trustRegionAbove(Integer.MAX_VALUE) (one GP on all"
                            + " observations however many, no trust region)",
                    seed -> GpSampler.builder()
                            .seed(seed)
                            .trustRegionAbove(Integer.MAX_VALUE)
                            .build()),
            new SamplerChoice(
                    "gp",
                    "warp",
                    "GpSampler",
                    "warp: GpSampler.builder().seed(seed).inputWarping(true) (a learned Kumaraswamy warping of each"
                            + " numeric input in the global single-objective model)",
                    seed -> GpSampler.builder().seed(seed).inputWarping(true).build()),
            new SamplerChoice(
                    "gp",
                    "kb",
                    "GpSampler",
                    "kb: GpSampler with BatchStrategy.KRIGING_BELIEVER (log EI; pending points as posterior-mean"
                            + " fantasies)",
                    seed -> GpSampler.builder()
                            .seed(seed)
                            .acquisitionOptions(
                                    AcquisitionOptions.defaults().withBatchStrategy(BatchStrategy.KRIGING_BELIEVER))
                            .build()),
            new SamplerChoice(
                    "gp",
                    "quadratic",
                    "GpSampler",
                    "quadratic: GpSampler.builder().seed(seed).fitOptions(GpFitOptions.defaults()"
                            + ".withPriorMean(QUADRATIC)) (a quadratic prior mean instead of a constant)",
                    seed -> GpSampler.builder()
                            .seed(seed)
                            .fitOptions(GpFitOptions.defaults().withPriorMean(GpFitOptions.PriorMean.QUADRATIC))
                            .build()),
            new SamplerChoice(
                    "gp",
                    "quadratic-exploit",
                    "GpSampler",
                    "quadratic-exploit: GpSampler.builder().seed(seed).fitOptions(GpFitOptions.defaults()"
                            + ".withFixedNoise().withPriorMean(QUADRATIC)).exploitation(0.875) (several objectives:"
                            + " the reference point inferred)",
                    seed -> GpSampler.builder()
                            .seed(seed)
                            .fitOptions(QUADRATIC_DETERMINISTIC)
                            .exploitation(0.875)
                            .build()),
            new SamplerChoice(
                    "gp",
                    "chebyshev",
                    "GpSampler",
                    "chebyshev: GpSampler.builder().seed(seed).multiObjective(MultiObjectiveAcquisition.CHEBYSHEV)"
                            + " (several objectives: random augmented Chebyshev scalarisations of the lower"
                            + " confidence bounds, qParEGO-style; no reference point enters)",
                    seed -> GpSampler.builder()
                            .seed(seed)
                            .multiObjective(MultiObjectiveAcquisition.CHEBYSHEV)
                            .build()),
            new SamplerChoice(
                    "nsga2",
                    "default",
                    "NsgaIISampler",
                    "default: NsgaIISampler.builder().seed(seed).build()",
                    seed -> NsgaIISampler.builder().seed(seed).build()),
            new SamplerChoice(
                    "gp",
                    "ref",
                    "GpSampler",
                    "ref: GpSampler.builder().seed(seed).referencePoint(the protocol's reference point)"
                            + " (multi-objective only: log EHVI w.r.t. the benchmark's own reference point)",
                    seed -> {
                        throw new UsageException(
                                "--config ref needs a multi-objective function; use it with" + " mo-quality");
                    }),
            new SamplerChoice(
                    "gp",
                    "deterministic",
                    "GpSampler",
                    "deterministic: GpSampler.builder().seed(seed).fitOptions(GpFitOptions.defaults()"
                            + ".withFixedNoise()) (noise variance fixed at its floor, as for deterministic objectives)",
                    seed -> GpSampler.builder()
                            .seed(seed)
                            .fitOptions(GpFitOptions.defaults().withFixedNoise())
                            .build()),
            new SamplerChoice(
                    "gp",
                    "ref-deterministic",
                    "GpSampler",
                    "ref-deterministic: GpSampler.builder().seed(seed).referencePoint(the protocol's reference point)"
                            + ".fitOptions(GpFitOptions.defaults().withFixedNoise()) (multi-objective only)",
                    seed -> {
                        throw new UsageException("--config ref-deterministic needs a multi-objective function; use it"
                                + " with mo-quality");
                    }),
            new SamplerChoice(
                    "gp",
                    "ref-deterministic-exploit",
                    "GpSampler",
                    "ref-deterministic-exploit: as ref-deterministic, with .exploitation(0.75) (three of"
                            + " every 4 proposals maximise the hypervolume improvement of the posterior means)",
                    seed -> {
                        throw new UsageException("--config ref-deterministic-exploit needs a multi-objective"
                                + " function; use it with mo-quality");
                    }),
            new SamplerChoice(
                    "gp",
                    "ref-quadratic-exploit",
                    "GpSampler",
                    "ref-quadratic-exploit: GpSampler.builder().seed(seed).referencePoint(the protocol's reference"
                            + " point).fitOptions(GpFitOptions.defaults().withFixedNoise().withPriorMean(QUADRATIC))"
                            + ".exploitation(0.875) (seven of every 8 proposals exploit the posterior means)",
                    seed -> {
                        throw new UsageException("--config ref-quadratic-exploit needs a multi-objective"
                                + " function; use it with mo-quality");
                    }));

    /**
     * The GP of {@code --config ref} or {@code ref-deterministic}, which take the function's own
     * reference point.
     */
    static Sampler gpWithReference(String config, long seed, double[] reference) {
        GpSampler.Builder b = GpSampler.builder().seed(seed).referencePoint(reference);
        if (config.startsWith("ref-deterministic")) {
            b.fitOptions(GpFitOptions.defaults().withFixedNoise());
        }
        if (config.equals("ref-deterministic-exploit")) {
            b.exploitation(0.75);
        }
        if (config.equals("ref-quadratic-exploit")) {
            b.fitOptions(QUADRATIC_DETERMINISTIC);
            b.exploitation(0.875);
        }
        return b.build();
    }

    /** The configuration of {@code --sampler sampler --config config}. */
    static SamplerChoice of(String sampler, String config) {
        if (sampler == null) {
            throw new UsageException("--sampler is missing; give one of tpe, cmaes, random, gp, nsga2");
        }
        for (SamplerChoice c : ALL) {
            if (c.sampler.equals(sampler) && c.config.equals(config)) {
                return c;
            }
        }
        List<String> configs = ALL.stream()
                .filter(c -> c.sampler.equals(sampler))
                .map(SamplerChoice::config)
                .toList();
        if (configs.isEmpty()) {
            throw new UsageException(
                    "--sampler " + sampler + " is not known; give one of tpe, cmaes, random, gp, nsga2");
        }
        throw new UsageException(
                "--config " + config + " is not known for --sampler " + sampler + "; give one of " + configs);
    }

    Sampler create(long seed) {
        return factory.apply(seed);
    }
}
