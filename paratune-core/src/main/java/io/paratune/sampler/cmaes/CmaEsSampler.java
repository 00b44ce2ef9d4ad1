package io.paratune.sampler.cmaes;

import static io.paratune.internal.Checks.requireUnset;

import io.paratune.FrozenTrial;
import io.paratune.StudyView;
import io.paratune.sampler.RandomSampler;
import io.paratune.sampler.Sampler;
import io.paratune.space.Distribution;
import io.paratune.space.SearchSpace;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CMA-ES (covariance matrix adaptation evolution strategy) for the numeric parameters that every
 * COMPLETE trial has; other parameters (categorical ones, parameters of some branches only) are
 * proposed by an independent fallback sampler, random by default. It needs at least two numeric
 * parameters; before the first COMPLETE trial, or with fewer, the fallback proposes everything.
 *
 * <ul>
 *   <li><b>Parallel workers</b> get different members of the current generation: the member index
 *       comes from the study's storage counter. A generation is told as soon as {@code lambda} of
 *       its members are COMPLETE or PRUNED, whatever order results arrive in: FAIL members are
 *       outnumbered by the spare members drawn meanwhile, and a slow member does not hold the
 *       generation back (its result still counts for the study). PRUNED members rank after the
 *       COMPLETE ones, those stopped at a later step first, then by their last intermediate
 *       value, as in TPE: under ASHA or Hyperband most trials are pruned, and a generation that
 *       waited for COMPLETE members only would hardly ever be told.
 *   <li><b>State</b> lives in the storage: each proposed trial records its restart, generation,
 *       member, raw point and which trials were told to produce its generation, as the system
 *       attribute {@code "sampler.cmaes:generation"}. Any worker, or a restarted process, rebuilds the same state by
 *       replaying the recorded generations; if two processes told one generation differently at
 *       the same time, the record on the lower-numbered trial wins and the other process replays.
 *   <li><b>Options</b>: IPOP or BIPOP restarts, separable CMA-ES, CMA-ES with margin for int and
 *       stepped parameters (without it they are rounded), an initial point and step size, warm
 *       start from earlier trials (WS-CMA-ES), the population size.
 *   <li>The search works in the unit cube of {@link Distribution#toUnit} (log space for {@code
 *       log} parameters); the default initial step size is 1/6 of it.
 *   <li><b>Multi-objective</b> studies are sampled by the fallback only, with a warning.
 * </ul>
 *
 * <p><b>What a seed reproduces:</b> each restart's initial mean and each member's sample depend only
 * on the seed, the restart, the generation and the member index, so the points of a generation are
 * fixed by the seed and the generations told before it, in whichever process a member is asked;
 * which finished trials close a generation depends on timing with parallel workers.
 *
 * <p>Thread-safe; share one sampler among all workers of a study.
 */
public final class CmaEsSampler implements Sampler {
    private static final System.Logger LOG = System.getLogger(CmaEsSampler.class.getName());

    /** What happens when a run converges or stalls. */
    public enum Restart {
        /** Keep going with the converged distribution. */
        NONE,
        /** Restart from a random mean with the population size multiplied by {@code incPopSize}. */
        IPOP,
        /** Alternate IPOP runs with runs of small populations and step sizes (Hansen 2009). */
        BIPOP
    }

    /**
     * The settings of a {@link CmaEsSampler}; validated at construction.
     *
     * @param seed the seed of every random draw
     * @param sigma0 the initial step size in the unit cube, {@code > 0} (1/6)
     * @param x0 initial mean as external values by parameter name; missing ones start at the centre
     * @param populationSize lambda, or 0 for {@code 4 + floor(3 ln n)}
     * @param restart the restart strategy (NONE)
     * @param incPopSize the population factor between IPOP runs, at least 2 (2)
     * @param separable whether the covariance is diagonal (sep-CMA-ES) (false)
     * @param withMargin whether int and stepped parameters use CMA-ES with margin (false)
     * @param warmStart earlier trials (of a similar task) to start from; at least 10 COMPLETE with
     *     every parameter are needed, or the start is cold (empty)
     * @param startupTrials COMPLETE trials proposed by the fallback before CMA-ES starts, at least 1
     * @param fallback the sampler for parameters outside the CMA-ES space and for the startup trials
     */
    public record Options(
            long seed,
            double sigma0,
            Map<String, Object> x0,
            int populationSize,
            Restart restart,
            int incPopSize,
            boolean separable,
            boolean withMargin,
            List<FrozenTrial> warmStart,
            int startupTrials,
            Sampler fallback) {

        public Options {
            if (!(sigma0 > 0) || !Double.isFinite(sigma0)) {
                throw new IllegalArgumentException("CMA-ES sigma0=" + sigma0 + " must be a finite number > 0"
                        + " (a fraction of the unit cube; 1/6 is the default)");
            }
            x0 = Map.copyOf(Objects.requireNonNull(x0, "x0; give an empty map for the centre"));
            if (populationSize != 0 && populationSize < 2) {
                throw new IllegalArgumentException(
                        "CMA-ES populationSize=" + populationSize + " must be >= 2, or 0 for the default");
            }
            Objects.requireNonNull(restart, "restart; give Restart.NONE for no restarts");
            if (incPopSize < 2) {
                throw new IllegalArgumentException("CMA-ES incPopSize=" + incPopSize + " must be >= 2");
            }
            if (separable && withMargin) {
                throw new IllegalArgumentException(
                        "CMA-ES separable=true cannot be combined with withMargin=true;" + " choose one");
            }
            warmStart = List.copyOf(Objects.requireNonNull(warmStart, "warmStart; give an empty list"));
            if (!warmStart.isEmpty() && !x0.isEmpty()) {
                throw new IllegalArgumentException("CMA-ES warmStart and x0 both set the initial mean; give one");
            }
            if (startupTrials < 1) {
                throw new IllegalArgumentException("CMA-ES startupTrials=" + startupTrials + " must be >= 1 (the"
                        + " search space is learnt from COMPLETE trials)");
            }
            Objects.requireNonNull(fallback, "fallback sampler");
        }
    }

    /**
     * Builds a {@link CmaEsSampler}; every setting starts at its default (see {@link Options}), and
     * each may be set once (a second setting throws {@link IllegalStateException}).
     */
    public static final class Builder {
        private Long seed;
        private Double sigma0;
        private Map<String, Object> x0;
        private Integer populationSize;
        private Restart restart;
        private Integer incPopSize;
        private Boolean separable;
        private Boolean withMargin;
        private List<FrozenTrial> warmStart;
        private Integer startupTrials;
        private Sampler fallback;

        private Builder() {}

        /**
         * The seed of every random draw: the same seed and the same finished trials give the same
         * generations. Default: from the system's entropy; share one seed between the processes of
         * a study for reproducible runs.
         */
        public Builder seed(long seed) {
            requireUnset(this.seed, "seed");
            this.seed = seed;
            return this;
        }

        /** The initial step size in the unit cube, {@code > 0} (default 1/6). */
        public Builder sigma0(double sigma0) {
            requireUnset(this.sigma0, "sigma0");
            this.sigma0 = sigma0;
            return this;
        }

        /** The initial mean as external values by parameter name; missing ones start at the centre. */
        public Builder x0(Map<String, ?> x0) {
            requireUnset(this.x0, "x0");
            this.x0 = Map.copyOf(x0);
            return this;
        }

        /** The population size lambda, or 0 for {@code 4 + floor(3 ln n)} (default 0). */
        public Builder populationSize(int populationSize) {
            requireUnset(this.populationSize, "populationSize");
            this.populationSize = populationSize;
            return this;
        }

        /** The restart strategy (default {@link Restart#NONE}). */
        public Builder restart(Restart restart) {
            requireUnset(this.restart, "restart");
            this.restart = Objects.requireNonNull(restart, "restart");
            return this;
        }

        /** The population factor between IPOP runs, at least 2 (default 2). */
        public Builder incPopSize(int incPopSize) {
            requireUnset(this.incPopSize, "incPopSize");
            this.incPopSize = incPopSize;
            return this;
        }

        /** Whether the covariance is diagonal, sep-CMA-ES (default false). */
        public Builder separable(boolean separable) {
            requireUnset(this.separable, "separable");
            this.separable = separable;
            return this;
        }

        /** Whether int and stepped parameters use CMA-ES with margin (default false). */
        public Builder withMargin(boolean withMargin) {
            requireUnset(this.withMargin, "withMargin");
            this.withMargin = withMargin;
            return this;
        }

        /**
         * Earlier trials of a similar task to start from (WS-CMA-ES); at least 10 COMPLETE with every
         * parameter are needed, or the start is cold (default none).
         */
        public Builder warmStart(List<FrozenTrial> sourceTrials) {
            requireUnset(this.warmStart, "warmStart");
            this.warmStart = Objects.requireNonNull(sourceTrials, "warmStart");
            return this;
        }

        /** COMPLETE trials proposed by the fallback before CMA-ES starts, at least 1 (default 1). */
        public Builder startupTrials(int startupTrials) {
            requireUnset(this.startupTrials, "startupTrials");
            this.startupTrials = startupTrials;
            return this;
        }

        /**
         * The sampler of parameters outside the CMA-ES space and of the startup trials (default a
         * {@link RandomSampler} with this builder's seed).
         */
        public Builder fallback(Sampler fallback) {
            requireUnset(this.fallback, "fallback");
            this.fallback = Objects.requireNonNull(fallback, "fallback");
            return this;
        }

        /** @throws IllegalArgumentException naming an invalid setting */
        public CmaEsSampler build() {
            long s = seed != null ? seed : new SplittableRandom().nextLong();
            return new CmaEsSampler(new Options(
                    s,
                    sigma0 != null ? sigma0 : 1.0 / 6,
                    x0 != null ? x0 : Map.of(),
                    populationSize != null ? populationSize : 0,
                    restart != null ? restart : Restart.NONE,
                    incPopSize != null ? incPopSize : 2,
                    separable != null && separable,
                    withMargin != null && withMargin,
                    warmStart != null ? warmStart : List.of(),
                    startupTrials != null ? startupTrials : 1,
                    fallback != null ? fallback : RandomSampler.seeded(s)));
        }
    }

    private final Options options;
    private final Map<String, CmaEsStudyState> engines = new ConcurrentHashMap<>();
    private volatile boolean warnedMultiObjective;

    private CmaEsSampler(Options options) {
        this.options = options;
    }

    /** A CMA-ES sampler with the default settings, seeded from the system's entropy. */
    public static CmaEsSampler create() {
        return builder().build();
    }

    /** A reproducible CMA-ES sampler with the default settings. */
    public static CmaEsSampler seeded(long seed) {
        return builder().seed(seed).build();
    }

    /** A CMA-ES sampler with the given settings. */
    public static CmaEsSampler of(Options options) {
        return new CmaEsSampler(Objects.requireNonNull(options, "options"));
    }

    /** A builder starting from the default settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** The settings of this sampler. */
    public Options options() {
        return options;
    }

    @Override
    public SearchSpace relativeSearchSpace(StudyView study, FrozenTrial trial) {
        CmaEsStudyState engine = engine(study);
        return engine == null ? SearchSpace.empty() : engine.space();
    }

    @Override
    public Map<String, Double> sampleRelative(StudyView study, FrozenTrial trial, SearchSpace space) {
        CmaEsStudyState engine = engine(study);
        if (engine == null || !engine.space().equals(space) || space.isEmpty()) {
            return Map.of();
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            String key = engine.counterKey();
            int member = Math.toIntExact(study.nextSequenceValue(key));
            CmaEsStudyState.Proposal p = engine.propose(key, member);
            if (p != null) {
                study.setTrialSystemAttribute(trial, CmaEsStudyState.ATTR, p.attribute());
                return p.params();
            }
        }
        return Map.of();
    }

    @Override
    public double sampleIndependent(StudyView study, FrozenTrial trial, String name, Distribution distribution) {
        return options.fallback().sampleIndependent(study, trial, name, distribution);
    }

    @Override
    public void afterTrial(StudyView study, FrozenTrial trial) {
        options.fallback().afterTrial(study, trial);
    }

    /** The study's engine, brought up to date; null for a multi-objective study. */
    private CmaEsStudyState engine(StudyView study) {
        if (study.directions().size() != 1) {
            if (!warnedMultiObjective) {
                warnedMultiObjective = true;
                LOG.log(
                        Level.WARNING,
                        "CmaEsSampler does not handle multi-objective studies; study ''{0}'' is"
                                + " sampled by its fallback",
                        study.studyName());
            }
            return null;
        }
        // a pruner may show one group of trials at a time (Hyperband's brackets): one engine per group,
        // keyed by the group's first trial, so that switching groups neither mixes nor replays them
        List<FrozenTrial> trials = study.trials();
        int first = trials.isEmpty() ? 0 : trials.get(0).number();
        String key = first == 0 ? study.studyName() : study.studyName() + "#" + first;
        CmaEsStudyState e = engines.computeIfAbsent(
                key, k -> new CmaEsStudyState(options, study.directions().get(0)));
        e.sync(study);
        return e;
    }

    /** For tests: restart, generation and population size of the study's engine, or null. */
    int[] position(String studyName) {
        CmaEsStudyState e = engines.get(studyName);
        return e == null ? null : e.position();
    }

    /** For tests: what member {@code member} of the study's current generation would be. */
    Map<String, Double> member(String studyName, int member) {
        CmaEsStudyState e = engines.get(studyName);
        return e.propose(e.counterKey(), member).params();
    }

    @Override
    public String toString() {
        return "CmaEsSampler" + options;
    }
}
