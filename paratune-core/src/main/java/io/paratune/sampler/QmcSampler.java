package io.paratune.sampler;

import static io.paratune.internal.Checks.requireUnset;

import io.paratune.FrozenTrial;
import io.paratune.StudyView;
import io.paratune.space.Distribution;
import io.paratune.space.SearchSpace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Proposes points of a quasi-Monte Carlo sequence: scrambled Sobol by default, or Halton, with or
 * without scrambling. QMC points cover the search space more evenly than random ones, which helps
 * when a budget of trials should explore rather than exploit.
 *
 * <p>The joint search space is the one given to the {@linkplain Builder#searchSpace builder}, or
 * else that of the study's first COMPLETE trial (as in Optuna's {@code QMCSampler}); parameters
 * with a single value are left out. Each trial claims the next index of the study's {@code "qmc"}
 * counter in the storage, so N parallel workers get N consecutive, distinct points of one sequence.
 * Each coordinate is mapped with {@link Distribution#fromUnit}. Parameters outside the joint space,
 * and every parameter before the first trial completes, are sampled like {@link RandomSampler}.
 *
 * <p><b>What a seed reproduces:</b> the scramble, so the sequence's points; trial n of a study
 * gets the point of the counter index it claims. Workers of one study in several processes should
 * share the seed, or their scrambles differ and the points lose their low discrepancy (without a
 * seed, each sampler draws one from the system's entropy, as every sampler's {@code create()}
 * does). The sampler is thread-safe.
 */
public final class QmcSampler implements Sampler {
    static final String SEQUENCE_KEY = "qmc";

    /** The low-discrepancy sequence to draw points from. */
    public enum Sequence {
        /** The Sobol sequence (Joe-Kuo direction numbers), up to 21201 dimensions. */
        SOBOL,
        /** The Halton sequence (prime bases). */
        HALTON
    }

    private final Sequence sequence;
    private final boolean scramble;
    private final long seed;
    private final SearchSpace space;
    private final LowDiscrepancySequence points;
    private final ConcurrentHashMap<String, SearchSpace> inferred = new ConcurrentHashMap<>();

    private QmcSampler(Builder b) {
        this.sequence = b.sequence == null ? Sequence.SOBOL : b.sequence;
        this.scramble = b.scramble == null || b.scramble;
        this.seed = b.seed == null ? new java.util.SplittableRandom().nextLong() : b.seed;
        this.space = b.space == null ? null : withoutSingles(b.space);
        if (sequence == Sequence.SOBOL && space != null && space.size() > SobolSequence.MAX_DIMENSION) {
            throw new IllegalArgumentException(
                    "searchSpace has " + space.size() + " parameters; Sobol supports at most "
                            + SobolSequence.MAX_DIMENSION + ": use Sequence.HALTON or fewer parameters");
        }
        this.points =
                sequence == Sequence.SOBOL ? new SobolSequence(scramble, seed) : new HaltonSequence(scramble, seed);
    }

    /** A scrambled Sobol sampler seeded from the system's entropy, with an inferred search space. */
    public static QmcSampler create() {
        return builder().build();
    }

    /** A scrambled Sobol sampler with the given seed and an inferred search space. */
    public static QmcSampler seeded(long seed) {
        return builder().seed(seed).build();
    }

    /** A builder; every option may be set once. */
    public static Builder builder() {
        return new Builder();
    }

    private static SearchSpace withoutSingles(SearchSpace space) {
        List<Distribution> kept = new ArrayList<>();
        for (Distribution d : space.distributions().values()) {
            if (!d.isSingle()) {
                kept.add(d);
            }
        }
        return kept.size() == space.size() ? space : SearchSpace.of(kept);
    }

    /** The sequence's point with the given index, in {@code [0, 1)^dimension}. */
    double[] unitPoint(long index, int dimension) {
        return points.point(index, dimension);
    }

    @Override
    public SearchSpace relativeSearchSpace(StudyView study, FrozenTrial trial) {
        if (space != null) {
            return space;
        }
        SearchSpace known = inferred.get(study.studyName());
        if (known != null) {
            return known;
        }
        List<FrozenTrial> completed = study.completed();
        if (completed.isEmpty()) {
            return SearchSpace.empty();
        }
        SearchSpace first = withoutSingles(new SearchSpace(completed.get(0).distributions()));
        SearchSpace prior = inferred.putIfAbsent(study.studyName(), first);
        return prior == null ? first : prior;
    }

    @Override
    public Map<String, Double> sampleRelative(StudyView study, FrozenTrial trial, SearchSpace space) {
        if (space.isEmpty()) {
            return Map.of();
        }
        double[] unit = points.point(study.nextSequenceValue(SEQUENCE_KEY), space.size());
        Map<String, Double> out = new LinkedHashMap<>();
        int i = 0;
        for (Distribution d : space.distributions().values()) {
            out.put(d.name(), d.fromUnit(unit[i++]));
        }
        return out;
    }

    @Override
    public double sampleIndependent(StudyView study, FrozenTrial trial, String name, Distribution distribution) {
        return distribution.fromUnit(RandomSampler.uniform(seed, trial.number(), name));
    }

    @Override
    public String toString() {
        return "QmcSampler[" + sequence + (scramble ? ", scrambled" : "") + ", seed=" + seed
                + (space == null ? "" : ", space=" + space.names()) + "]";
    }

    /**
     * Builds a {@link QmcSampler}. Defaults: scrambled Sobol, a seed from the system's entropy, the
     * inferred search space. Each setting may be set once.
     */
    public static final class Builder {
        private Sequence sequence;
        private Boolean scramble;
        private Long seed;
        private SearchSpace space;

        private Builder() {}

        /** The sequence: {@link Sequence#SOBOL} (default) or {@link Sequence#HALTON}. */
        public Builder sequence(Sequence sequence) {
            requireUnset(this.sequence, "sequence");
            this.sequence = java.util.Objects.requireNonNull(sequence, "sequence");
            return this;
        }

        /** Whether to scramble the sequence (default true); unscrambled Sobol starts at the origin. */
        public Builder scramble(boolean scramble) {
            requireUnset(this.scramble, "scramble");
            this.scramble = scramble;
            return this;
        }

        /** The seed of the scramble and of the independent fallback; share it between workers. */
        public Builder seed(long seed) {
            requireUnset(this.seed, "seed");
            this.seed = seed;
            return this;
        }

        /** The joint search space, instead of inferring it from the first COMPLETE trial. */
        public Builder searchSpace(SearchSpace space) {
            requireUnset(this.space, "searchSpace");
            this.space = java.util.Objects.requireNonNull(space, "searchSpace");
            return this;
        }

        public QmcSampler build() {
            return new QmcSampler(this);
        }
    }
}
