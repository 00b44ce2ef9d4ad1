package io.paratune.sampler.nsga;

import static io.paratune.internal.Checks.requireUnset;

import io.paratune.FrozenTrial;
import io.paratune.StudyView;
import io.paratune.internal.Seeds;
import io.paratune.sampler.RandomSampler;
import io.paratune.sampler.Sampler;
import io.paratune.space.Distribution;
import io.paratune.space.SearchSpace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The elitist genetic algorithm NSGA-II (Deb et al. 2002), or NSGA-III (Deb and Jain 2014) with
 * Das-Dennis reference points, for single- and multi-objective studies with or without constraints.
 *
 * <ul>
 *   <li><b>Generations</b>: the first {@code populationSize} COMPLETE trials (generation 0) are
 *       random; each later trial is a child of two parents drawn by binary tournament (rank, then
 *       crowding distance) from the survivors of the previous generation and its parents. Survival
 *       sorts by non-dominated rank under <b>constrained domination</b> (Deb 2000: feasible before
 *       infeasible, smaller total violation {@code sum(max(0, c))} first; see {@link
 *       io.paratune.Trial#setConstraints}), then by crowding distance (NSGA-II) or reference-point
 *       niching (NSGA-III). A single-objective study ranks by value.
 *   <li><b>Variation</b>: simulated binary crossover and polynomial mutation for float and int
 *       parameters in the unit space of {@link Distribution#toUnit} (log space for {@code log}
 *       ones; int and stepped values snap to their grid), uniform crossover and random reset for
 *       categorical ones.
 *   <li><b>Parallel workers</b>: every trial records its generation and parents as the system
 *       attribute {@code "sampler.nsga:generation"} ({@code {"generation": g, "parents": [numbers]}}); the state is
 *       rebuilt from the storage on every proposal, so workers on one study share it. Members of a
 *       generation go to whichever workers ask, each with its own random child; a generation closes
 *       once {@code populationSize} of its members are COMPLETE, in whatever order they are told;
 *       FAIL and PRUNED members are replaced by further members; a member told after its
 *       generation closed still joins the next selection.
 *   <li>The relative search space is the set of parameters every COMPLETE trial has with one range;
 *       other parameters, and the members of generation 0, are sampled at random.
 * </ul>
 *
 * <p><b>What a seed reproduces:</b> a trial's parents, crossover and mutation depend only on the
 * seed, the trial's number and the trials finished before it (survival ties on the seed and the
 * generation), so a sequential run, or a parallel one told in the same order, is repeated exactly.
 * With parallel workers, which trials have finished when a trial is asked depends on timing.
 * Thread-safe; share one sampler among all workers of a study.
 */
public final class NsgaIISampler implements Sampler {

    /**
     * The settings of an {@link NsgaIISampler}; validated at construction.
     *
     * @param seed the seed of every random draw
     * @param populationSize the members per generation, at least 2 (50)
     * @param crossoverProbability the probability that a child is a crossover of its two parents
     *     rather than a copy of the first, in [0, 1] (0.9)
     * @param swappingProbability the probability that SBX, or the uniform crossover, changes each
     *     parameter of a crossover child, in [0, 1] (0.5)
     * @param crossoverEta the SBX distribution index, {@code > 0}; larger keeps children nearer
     *     their parents (20)
     * @param mutationProbability the probability that each parameter mutates, in [0, 1], or NaN for
     *     {@code 1 / number of parameters} (NaN)
     * @param mutationEta the polynomial mutation distribution index, {@code > 0} (20)
     * @param referenceDivisions 0 for NSGA-II; otherwise NSGA-III with the Das-Dennis points of that
     *     many divisions of the unit simplex; -1 for NSGA-III with the most divisions that give at
     *     most {@code populationSize} points (0). NSGA-III needs three or more objectives; with
     *     fewer the crowding distance is used.
     */
    public record Options(
            long seed,
            int populationSize,
            double crossoverProbability,
            double swappingProbability,
            double crossoverEta,
            double mutationProbability,
            double mutationEta,
            int referenceDivisions) {

        public Options {
            if (populationSize < 2) {
                throw new IllegalArgumentException("NSGA-II populationSize=" + populationSize + " must be >= 2");
            }
            probability("crossoverProbability", crossoverProbability, false);
            probability("swappingProbability", swappingProbability, false);
            probability("mutationProbability", mutationProbability, true);
            positive("crossoverEta", crossoverEta);
            positive("mutationEta", mutationEta);
            if (referenceDivisions < -1) {
                throw new IllegalArgumentException("NSGA-III referenceDivisions=" + referenceDivisions
                        + " must be >= 1, 0 for NSGA-II, or -1 for the default divisions");
            }
        }

        private static void probability(String name, double p, boolean nanAllowed) {
            if (nanAllowed && Double.isNaN(p)) {
                return;
            }
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("NSGA-II " + name + "=" + p + " must be in [0, 1]"
                        + (nanAllowed ? ", or NaN for 1 / number of parameters" : ""));
            }
        }

        private static void positive(String name, double eta) {
            if (!(eta > 0) || !Double.isFinite(eta)) {
                throw new IllegalArgumentException("NSGA-II " + name + "=" + eta + " must be a finite number > 0");
            }
        }
    }

    /**
     * Builds an {@link NsgaIISampler}; every setting starts at its default (see {@link Options}),
     * and each may be set once (a second setting throws {@link IllegalStateException}).
     */
    public static final class Builder {
        private Long seed;
        private Integer populationSize;
        private Double crossoverProbability;
        private Double swappingProbability;
        private Double crossoverEta;
        private Double mutationProbability;
        private Double mutationEta;
        private Integer referenceDivisions;

        private Builder() {}

        /**
         * The seed of every random draw: the same seed and the same finished trials give the same
         * children. Default: from the system's entropy; share one seed between the processes of a
         * study for reproducible runs.
         */
        public Builder seed(long seed) {
            requireUnset(this.seed, "seed");
            this.seed = seed;
            return this;
        }

        /** The members per generation, at least 2 (default 50). */
        public Builder populationSize(int populationSize) {
            requireUnset(this.populationSize, "populationSize");
            this.populationSize = populationSize;
            return this;
        }

        /** The probability that a child is a crossover of its parents, in [0, 1] (default 0.9). */
        public Builder crossoverProbability(double p) {
            requireUnset(this.crossoverProbability, "crossoverProbability");
            this.crossoverProbability = p;
            return this;
        }

        /** The probability that a crossover changes each parameter of a child, in [0, 1] (default 0.5). */
        public Builder swappingProbability(double p) {
            requireUnset(this.swappingProbability, "swappingProbability");
            this.swappingProbability = p;
            return this;
        }

        /** The SBX distribution index, {@code > 0}; larger keeps children nearer their parents (default 20). */
        public Builder crossoverEta(double eta) {
            requireUnset(this.crossoverEta, "crossoverEta");
            this.crossoverEta = eta;
            return this;
        }

        /** The probability that each parameter mutates, in [0, 1] (default 1 / number of parameters). */
        public Builder mutationProbability(double p) {
            requireUnset(this.mutationProbability, "mutationProbability");
            this.mutationProbability = p;
            return this;
        }

        /** The polynomial mutation distribution index, {@code > 0} (default 20). */
        public Builder mutationEta(double eta) {
            requireUnset(this.mutationEta, "mutationEta");
            this.mutationEta = eta;
            return this;
        }

        /**
         * NSGA-III with reference points on the simplex divided {@code divisions} times; 0 or -1
         * for the most divisions that give at most {@code populationSize} points (default NSGA-II).
         */
        public Builder nsgaIII(int divisions) {
            requireUnset(this.referenceDivisions, "nsgaIII");
            this.referenceDivisions = divisions == 0 ? -1 : divisions;
            return this;
        }

        /** @throws IllegalArgumentException naming an invalid setting */
        public NsgaIISampler build() {
            return new NsgaIISampler(new Options(
                    seed != null ? seed : new SplittableRandom().nextLong(),
                    populationSize != null ? populationSize : 50,
                    crossoverProbability != null ? crossoverProbability : 0.9,
                    swappingProbability != null ? swappingProbability : 0.5,
                    crossoverEta != null ? crossoverEta : 20,
                    mutationProbability != null ? mutationProbability : Double.NaN,
                    mutationEta != null ? mutationEta : 20,
                    referenceDivisions != null ? referenceDivisions : 0));
        }
    }

    private final Options options;
    private final Variation variation;
    private final RandomSampler random;
    private final Map<Integer, List<double[]>> referencePoints = new ConcurrentHashMap<>();
    private final Map<Long, Parents> pending = new ConcurrentHashMap<>();
    private final Map<String, NsgaStudyState> caches = new ConcurrentHashMap<>();

    private NsgaIISampler(Options options) {
        this.options = options;
        this.variation = new Variation(
                options.crossoverProbability(),
                options.swappingProbability(),
                options.crossoverEta(),
                options.mutationProbability(),
                options.mutationEta());
        this.random = RandomSampler.seeded(options.seed());
    }

    /** An NSGA-II sampler with the default settings, seeded from the system's entropy. */
    public static NsgaIISampler create() {
        return builder().build();
    }

    /** A reproducible NSGA-II sampler with the default settings. */
    public static NsgaIISampler seeded(long seed) {
        return builder().seed(seed).build();
    }

    /** A sampler with the given settings. */
    public static NsgaIISampler of(Options options) {
        return new NsgaIISampler(java.util.Objects.requireNonNull(options, "options"));
    }

    /** A builder starting from the default settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** The settings of this sampler. */
    public Options options() {
        return options;
    }

    /** The parents chosen for a trial when its generation was recorded, until it is sampled. */
    private record Parents(Map<String, Double> first, Map<String, Double> second, SplittableRandom rng) {}

    /**
     * Records the trial's generation and parents (the bookkeeping happens here because it is called
     * once for every new trial) and returns the parameters to vary: those every COMPLETE trial has
     * with one range. Empty for generation 0, whose members are random.
     */
    @Override
    public SearchSpace relativeSearchSpace(StudyView study, FrozenTrial trial) {
        List<FrozenTrial> trials = study.trials();
        // a pruner may show one group of trials at a time (Hyperband's brackets): one cache per group
        int first = study.firstTrialNumber();
        String key = first <= 0 ? study.studyName() : study.studyName() + "#" + first;
        Generations.State state = Generations.state(
                trials,
                study.directions(),
                options.populationSize(),
                survival(study.directions().size()),
                options.seed(),
                caches.computeIfAbsent(key, k -> new NsgaStudyState()));
        SearchSpace space = intersection(study.completed());
        if (state.generation() == 0 || state.parents().isEmpty() || space.isEmpty()) {
            study.setTrialSystemAttribute(trial, Generations.ATTR, attribute(state.generation(), List.of()));
            return SearchSpace.empty();
        }
        SplittableRandom rng = random(trial.number());
        Survival.Ranked a = tournament(state.parents(), rng);
        Survival.Ranked b = tournament(state.parents(), rng);
        for (int retry = 0; retry < 3 && b.member().number() == a.member().number(); retry++) {
            b = tournament(state.parents(), rng);
        }
        study.setTrialSystemAttribute(
                trial,
                Generations.ATTR,
                attribute(
                        state.generation(),
                        List.of(a.member().number(), b.member().number())));
        // by number: a view narrowed by the pruner lists trials with gaps in their numbers
        pending.put(
                trial.id(),
                new Parents(
                        byNumber(trials, a.member().number()).internalParams(),
                        byNumber(trials, b.member().number()).internalParams(),
                        rng));
        return space;
    }

    /** The trial of that number in {@code trials} (sorted by number, perhaps with gaps). */
    private static FrozenTrial byNumber(List<FrozenTrial> trials, int number) {
        int lo = 0;
        int hi = trials.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int n = trials.get(mid).number();
            if (n == number) {
                return trials.get(mid);
            }
            if (n < number) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        throw new IllegalStateException("trial " + number + " is not in the view");
    }

    /** A child of the parents chosen in {@link #relativeSearchSpace}. */
    @Override
    public Map<String, Double> sampleRelative(StudyView study, FrozenTrial trial, SearchSpace space) {
        Parents parents = pending.remove(trial.id());
        if (parents == null) {
            return Map.of();
        }
        return variation.child(space, parents.first(), parents.second(), parents.rng());
    }

    @Override
    public void afterTrial(StudyView study, FrozenTrial trial) {
        pending.remove(trial.id());
    }

    private static SearchSpace intersection(List<FrozenTrial> completed) {
        SearchSpace space = null;
        for (FrozenTrial t : completed) {
            space = space == null ? new SearchSpace(t.distributions()) : space.intersect(t.distributions());
        }
        if (space == null) {
            return SearchSpace.empty();
        }
        return SearchSpace.of(space.distributions().values().stream()
                .filter(d -> !d.isSingle())
                .toList());
    }

    @Override
    public double sampleIndependent(StudyView study, FrozenTrial trial, String name, Distribution distribution) {
        return random.sampleIndependent(study, trial, name, distribution);
    }

    /** Binary tournament: lower rank wins, then larger crowding distance, then a coin. */
    private static Survival.Ranked tournament(List<Survival.Ranked> parents, SplittableRandom rng) {
        Survival.Ranked x = parents.get(rng.nextInt(parents.size()));
        Survival.Ranked y = parents.get(rng.nextInt(parents.size()));
        if (x.rank() != y.rank()) {
            return x.rank() < y.rank() ? x : y;
        }
        if (x.crowding() != y.crowding()) {
            return x.crowding() > y.crowding() ? x : y;
        }
        return rng.nextBoolean() ? x : y;
    }

    private Survival survival(int objectives) {
        if (options.referenceDivisions() == 0 || objectives < 3) {
            return new Survival(null);
        }
        return new Survival(referencePoints.computeIfAbsent(
                objectives,
                m -> ReferencePoints.dasDennis(
                        m,
                        options.referenceDivisions() > 0
                                ? options.referenceDivisions()
                                : ReferencePoints.defaultDivisions(m, options.populationSize()))));
    }

    private SplittableRandom random(int trialNumber) {
        return Seeds.stream(options.seed(), trialNumber, Seeds.Purpose.NSGA_OFFSPRING);
    }

    private static Map<String, Object> attribute(int generation, List<Integer> parents) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("generation", generation);
        out.put("parents", new ArrayList<>(parents));
        return out;
    }

    @Override
    public String toString() {
        return "NsgaIISampler" + options;
    }
}
