package io.paratune.cli;

import io.paratune.bo.GpFitOptions;
import io.paratune.internal.Seeds;
import io.paratune.pruner.Pruner;
import io.paratune.pruner.Pruners;
import io.paratune.sampler.AutoSampler;
import io.paratune.sampler.GridSampler;
import io.paratune.sampler.QmcSampler;
import io.paratune.sampler.RandomSampler;
import io.paratune.sampler.Sampler;
import io.paratune.sampler.cmaes.CmaEsSampler;
import io.paratune.sampler.gp.GpSampler;
import io.paratune.sampler.gp.MultiObjectiveAcquisition;
import io.paratune.sampler.nsga.NsgaIISampler;
import io.paratune.sampler.tpe.TpeSampler;
import io.paratune.space.CategoricalDistribution;
import io.paratune.space.Distribution;
import io.paratune.space.FloatDistribution;
import io.paratune.space.IntDistribution;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The samplers and pruners a study file can name, each as {@code name} plus an {@code options}
 * map. A new pruner is one more entry in {@link #PRUNERS}: its factory reads its options from a
 * {@link Fields} (unknown options are rejected for it) and returns the pruner.
 */
final class Components {
    private Components() {}

    /** Builds a pruner from its options. */
    @FunctionalInterface
    interface PrunerFactory {
        Pruner create(Fields options);
    }

    /** Builds a sampler from its options, its seed, the search space and the number of objectives. */
    @FunctionalInterface
    interface SamplerFactory {
        Sampler create(Fields options, long seed, List<ParamSpec> space, int objectives);
    }

    static final Map<String, PrunerFactory> PRUNERS = new LinkedHashMap<>();
    static final Map<String, SamplerFactory> SAMPLERS = new LinkedHashMap<>();
    /** Samplers whose workers must share one seed, because they split one sequence between them. */
    static final Set<String> SHARED_SEED = Set.of("grid", "qmc");

    static {
        PRUNERS.put("none", o -> Pruners.none());
        PRUNERS.put("median", o -> Pruners.median(startup(o, 5), warmup(o), interval(o), minTrials(o)));
        PRUNERS.put("percentile", o -> {
            double percentile = o.number("percentile", 25.0);
            return Pruners.percentile(percentile, startup(o, 5), warmup(o), interval(o), minTrials(o));
        });
        PRUNERS.put(
                "threshold",
                o -> Pruners.threshold(
                        o.number("lower", Double.NEGATIVE_INFINITY),
                        o.number("upper", Double.POSITIVE_INFINITY),
                        warmup(o),
                        interval(o)));
        PRUNERS.put(
                "patient",
                o -> Pruners.patient(Math.toIntExact(o.integer("patience", 3, 0)), o.number("min_delta", 0.0)));
        PRUNERS.put(
                "asha",
                o -> Pruners.successiveHalving(
                        Math.toIntExact(o.integer("min_resource", 1, 1)),
                        reductionFactor(o),
                        Math.toIntExact(o.integer("min_early_stopping_rate", 0, 0)),
                        Math.toIntExact(o.integer("bootstrap_count", 0, 0))));
        PRUNERS.put(
                "hyperband",
                o -> Pruners.hyperband(
                        Math.toIntExact(o.integer("min_resource", 1, 1)),
                        Math.toIntExact(o.integer("max_resource", 81, 1)),
                        reductionFactor(o)));

        SAMPLERS.put(
                "auto",
                (o, seed, space, objectives) -> AutoSampler.builder()
                        .seed(seed)
                        .switchAfter(o.duration("switch_after", AutoSampler.DEFAULT_SWITCH_AFTER))
                        .build());
        SAMPLERS.put("random", (o, seed, space, objectives) -> RandomSampler.seeded(seed));
        SAMPLERS.put(
                "tpe",
                (o, seed, space, objectives) -> TpeSampler.builder()
                        .seed(seed)
                        .startupTrials(Math.toIntExact(o.integer("startup_trials", 10, 0)))
                        .eiCandidates(Math.toIntExact(o.integer("ei_candidates", 24, 1)))
                        .multivariate(o.bool("multivariate", true))
                        .group(o.bool("group", false))
                        .constantLiar(o.bool("constant_liar", true))
                        .priorWeight(o.number("prior_weight", 1.0))
                        .bandwidth(TpeSampler.Bandwidth.valueOf(
                                o.choice("bandwidth", "auto", List.of("auto", "scott", "neighbour"))
                                        .toUpperCase(Locale.ROOT)))
                        .build());
        SAMPLERS.put(
                "cmaes",
                (o, seed, space, objectives) -> CmaEsSampler.builder()
                        .seed(seed)
                        .sigma0(o.number("sigma0", 1.0 / 6))
                        .populationSize(Math.toIntExact(o.integer("population_size", 0, 0)))
                        .restart(CmaEsSampler.Restart.valueOf(
                                o.choice("restart", "none", List.of("none", "ipop", "bipop"))
                                        .toUpperCase(Locale.ROOT)))
                        .separable(o.bool("separable", false))
                        .withMargin(o.bool("with_margin", false))
                        .startupTrials(Math.toIntExact(o.integer("startup_trials", 1, 1)))
                        .build());
        SAMPLERS.put("gp", (o, seed, space, objectives) -> {
            GpSampler.Builder b = GpSampler.builder().seed(seed);
            if (o.has("initial_trials")) {
                b.initialTrials(Math.toIntExact(o.integer("initial_trials", 10, 1)));
            }
            if (o.has("max_observations")) {
                b.maxObservations(Math.toIntExact(o.integer("max_observations", 1000, 16)));
            }
            if (o.has("threads")) {
                b.threads(Math.toIntExact(o.integer("threads", 1, 1)));
            }
            GpFitOptions fit = GpFitOptions.defaults();
            if (o.bool("deterministic", false)) {
                fit = fit.withFixedNoise();
            }
            fit = fit.withPriorMean(
                    GpFitOptions.PriorMean.valueOf(o.choice("prior_mean", "constant", List.of("constant", "quadratic"))
                            .toUpperCase(Locale.ROOT)));
            b.fitOptions(fit);
            if (o.has("multi_objective")) {
                String mo = o.choice("multi_objective", "ehvi", List.of("ehvi", "chebyshev"));
                if (mo.equals("ehvi") && objectives > 3) {
                    throw o.get("multi_objective")
                            .error("ehvi takes 2 or 3 directions and this study has " + objectives
                                    + "; use multi_objective: chebyshev or leave the option out");
                }
                b.multiObjective(MultiObjectiveAcquisition.valueOf(mo.toUpperCase(Locale.ROOT)));
            }
            if (o.has("exploitation")) {
                b.exploitation(o.number("exploitation", 0));
            }
            if (o.has("input_warping")) {
                b.inputWarping(o.bool("input_warping", false));
            }
            if (o.has("trust_region_above")) {
                b.trustRegionAbove(Math.toIntExact(o.integer("trust_region_above", 200, 1)));
            }
            Yaml.Value reference = o.get("reference_point");
            if (reference != null) {
                b.referencePoint(referencePoint(reference, objectives));
            }
            return b.build();
        });
        SAMPLERS.put(
                "qmc",
                (o, seed, space, objectives) -> QmcSampler.builder()
                        .seed(seed)
                        .sequence(QmcSampler.Sequence.valueOf(o.choice("sequence", "sobol", List.of("sobol", "halton"))
                                .toUpperCase(Locale.ROOT)))
                        .scramble(o.bool("scramble", true))
                        .build());
        SAMPLERS.put("nsga2", (o, seed, space, objectives) -> {
            NsgaIISampler.Builder b = NsgaIISampler.builder()
                    .seed(seed)
                    .populationSize(Math.toIntExact(o.integer("population_size", 50, 2)))
                    .crossoverProbability(o.number("crossover_probability", 0.9))
                    .mutationEta(o.number("mutation_eta", 20.0));
            if (o.has("reference_divisions")) {
                b.nsgaIII(Math.toIntExact(o.integer("reference_divisions", -1, -1)));
            }
            return b.build();
        });
        SAMPLERS.put("grid", (o, seed, space, objectives) -> GridSampler.of(grid(o, space), seed));
    }

    /** A hypervolume reference point: one number per objective of a multi-objective study. */
    private static double[] referencePoint(Yaml.Value v, int objectives) {
        if (objectives < 2) {
            throw v.error("a reference point needs several objectives, and this study has one; remove"
                    + " reference_point or add directions");
        }
        if (!v.isList() || v.list().size() != objectives) {
            String got = v.isList() ? v.list().size() + " value(s)" : v.shown();
            throw v.error("expected a list of " + objectives + " numbers, one per direction, got " + got
                    + "; write for example [" + String.join(", ", java.util.Collections.nCopies(objectives, "1.0"))
                    + "]");
        }
        double[] out = new double[objectives];
        for (int k = 0; k < objectives; k++) {
            out[k] = Fields.number(v.list().get(k));
        }
        return out;
    }

    private static int startup(Fields o, int fallback) {
        return Math.toIntExact(o.integer("startup_trials", fallback, 0));
    }

    private static int warmup(Fields o) {
        return Math.toIntExact(o.integer("warmup_steps", 0, 0));
    }

    private static int interval(Fields o) {
        return Math.toIntExact(o.integer("interval_steps", 1, 1));
    }

    private static int reductionFactor(Fields o) {
        return Math.toIntExact(o.integer("reduction_factor", 3, 2));
    }

    private static int minTrials(Fields o) {
        return Math.toIntExact(o.integer("min_trials_at_step", 1, 1));
    }

    /** The grid: {@code options.values} where given, else each parameter's own finite values. */
    private static Map<String, List<Object>> grid(Fields o, List<ParamSpec> space) {
        Yaml.Value given = o.get("values");
        Map<String, List<Object>> grid = new LinkedHashMap<>();
        for (ParamSpec p : space) {
            Yaml.Value list = given != null && given.isMap() ? given.map().get(p.name()) : null;
            if (list != null) {
                if (!list.isList() || list.list().isEmpty()) {
                    throw list.error("expected a non-empty list of values for '" + p.name() + "'");
                }
                List<Object> values = new ArrayList<>();
                list.list().forEach(v -> values.add(v.value()));
                grid.put(p.name(), values);
            } else {
                grid.put(p.name(), finiteValues(p.distribution(), o.node()));
            }
        }
        if (given != null && given.isMap()) {
            for (String name : given.map().keySet()) {
                if (!grid.containsKey(name)) {
                    throw given.map()
                            .get(name)
                            .error("'" + name + "' is not a parameter of search_space"
                                    + Suggest.didYouMean(name, grid.keySet()));
                }
            }
        }
        return grid;
    }

    private static List<Object> finiteValues(Distribution d, Yaml.Value where) {
        List<Object> values = new ArrayList<>();
        if (d instanceof CategoricalDistribution c) {
            values.addAll(c.choices());
        } else if (d instanceof IntDistribution i && !i.log() && i.cardinality() <= 10_000) {
            for (long v = i.low(); v <= i.high(); v += Math.max(1, i.step())) {
                values.add(v);
            }
        } else if (d instanceof FloatDistribution f && f.step().isPresent() && f.cardinality() <= 10_000) {
            for (long k = 0; k < f.cardinality(); k++) {
                values.add(f.low() + k * f.step().getAsDouble());
            }
        } else {
            throw where.error("the grid sampler needs finitely many values of '" + d.name() + "'; give it a step, or"
                    + " list them under sampler.options.values." + d.name() + ": [...]");
        }
        return values;
    }

    /**
     * Reads a {@code sampler:} or {@code pruner:} setting: a name, or {@code {name: ..., options:
     * {...}}}.
     */
    static Spec readSpec(Yaml.Value v, String fallbackName, Set<String> names, String what) {
        if (v == null) {
            return new Spec(fallbackName, null, null);
        }
        Yaml.Value nameNode = v;
        Yaml.Value options = null;
        if (v.isMap()) {
            Fields f = new Fields(v);
            nameNode = f.get("name");
            if (nameNode == null) {
                throw f.missing("name", String.join(" | ", names));
            }
            options = f.get("options");
            f.finish();
        }
        String name = String.valueOf(nameNode.value()).toLowerCase(Locale.ROOT);
        if (!names.contains(name)) {
            throw nameNode.error("unknown " + what + " \"" + nameNode.value() + "\"" + Suggest.didYouMean(name, names)
                    + " (choose one of " + String.join(", ", names) + ")");
        }
        if (options != null && !options.isMap()) {
            throw options.error("expected a map of options, e.g. options: {startup_trials: 5}");
        }
        return new Spec(name, options, v);
    }

    /**
     * A named sampler or pruner with its options as written.
     *
     * @param options the options map, or null for none
     * @param where the YAML node, or null when the file did not set it
     */
    record Spec(String name, Yaml.Value options, Yaml.Value where) {
        Fields fields(String section) {
            if (options != null) {
                return new Fields(options);
            }
            Yaml.Value empty = new Yaml.Value(
                    Map.of(),
                    where == null ? "study file" : where.file(),
                    where == null ? 0 : where.line(),
                    section + ".options");
            return new Fields(empty);
        }
    }

    static Pruner pruner(Spec spec) {
        Fields o = spec.fields("pruner");
        Pruner p;
        try {
            p = PRUNERS.get(spec.name()).create(o);
        } catch (IllegalArgumentException bad) {
            throw o.node().error("pruner " + spec.name() + ": " + bad.getMessage());
        }
        o.finish();
        return p;
    }

    /**
     * Builds the sampler. {@code salt} separates the random streams of workers and reruns (0 for the
     * first run); samplers that split one sequence between workers ignore it.
     */
    static Sampler sampler(Spec spec, List<ParamSpec> space, int objectives, long defaultSeed, long salt) {
        Fields o = spec.fields("sampler");
        long seed = o.integer("seed", defaultSeed, Long.MIN_VALUE);
        if (!SHARED_SEED.contains(spec.name()) && salt != 0) {
            seed = Seeds.derive(seed, salt, Seeds.Purpose.CLI_WORKER);
        }
        Sampler s;
        try {
            s = SAMPLERS.get(spec.name()).create(o, seed, space, objectives);
        } catch (IllegalArgumentException bad) {
            throw o.node().error("sampler " + spec.name() + ": " + bad.getMessage());
        }
        o.finish();
        return s;
    }
}
