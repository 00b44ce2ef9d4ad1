package io.paratune;

import io.paratune.sampler.RandomSampler;
import io.paratune.sampler.Sampler;
import io.paratune.space.Distribution;
import io.paratune.space.SearchSpace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A study's sampler with its failures contained: where a call throws (any exception but Paratune's
 * domain failures, see {@link SamplerFallback#containable}) or proposes a value outside its
 * distribution, the study falls back as its Javadoc says, with one warning through {@link
 * SamplerFallback}.
 */
final class ContainedSampler {
    /** A trial's joint proposal: the relative search space and the values proposed in it. */
    record Proposal(SearchSpace space, Map<String, Double> relative) {
        static final Proposal NONE = new Proposal(SearchSpace.empty(), Map.of());
    }

    private final Sampler sampler;
    private final String studyName;
    /** Samples a parameter uniformly where the sampler failed to (see {@link #sampleIndependent}). */
    private final RandomSampler fallback;

    ContainedSampler(Sampler sampler, String studyName, RandomSampler fallback) {
        this.sampler = sampler;
        this.studyName = studyName;
        this.fallback = fallback;
    }

    /** The parameters the sampler reserves for a new trial; none when reserving fails. */
    Map<String, Object> reserveParams(StudyView view) {
        try {
            return sampler.reserveParams(view);
        } catch (RuntimeException e) {
            if (!SamplerFallback.containable(e)) {
                throw e;
            }
            SamplerFallback.warn(
                    sampler,
                    "reserveParams",
                    studyName,
                    "a new trial",
                    "the trial starts without reserved parameters",
                    e);
            return Map.of();
        }
    }

    /**
     * The sampler's joint proposal for a started trial; none when it fails, so that the trial's
     * parameters are sampled independently. Proposed values outside their distributions are dropped.
     *
     * @throws RuntimeException a failure that is not contained (the caller fails the trial)
     */
    Proposal propose(StudyView view, FrozenTrial start) {
        try {
            SearchSpace space = sampler.relativeSearchSpace(view, start);
            return space.isEmpty()
                    ? new Proposal(space, Map.of())
                    : new Proposal(space, members(space, sampler.sampleRelative(view, start, space), start));
        } catch (RuntimeException e) {
            if (!SamplerFallback.containable(e)) {
                throw e;
            }
            SamplerFallback.warn(
                    sampler,
                    "relativeSearchSpace/sampleRelative",
                    studyName,
                    "trial " + start.number(),
                    "its parameters are sampled independently",
                    e);
            return Proposal.NONE;
        }
    }

    /**
     * The proposals of {@code relative} that are members of their distributions in {@code space};
     * the others are dropped with one warning, and sampled independently.
     */
    private Map<String, Double> members(SearchSpace space, Map<String, Double> relative, FrozenTrial start) {
        Map<String, Double> kept = new LinkedHashMap<>();
        List<String> outside = new ArrayList<>();
        relative.forEach((name, internal) -> {
            Distribution d = space.get(name);
            if (d != null && internal != null && d.contains(internal)) {
                kept.put(name, internal);
            } else {
                outside.add(
                        name + "=" + internal + (d == null ? " (not in the relative space)" : " (outside " + d + ")"));
            }
        });
        if (!outside.isEmpty()) {
            SamplerFallback.warn(
                    sampler,
                    "sampleRelative",
                    studyName,
                    "trial " + start.number(),
                    "those parameters are sampled independently",
                    new IllegalStateException("it proposed " + String.join(", ", outside)));
        }
        return kept;
    }

    /**
     * The sampler's independent proposal for one parameter of a trial; where it fails or proposes a
     * value outside the distribution, the parameter is sampled uniformly at random (in its unit
     * interval, as {@link RandomSampler} does).
     */
    double sampleIndependent(StudyView view, FrozenTrial trial, String name, Distribution distribution) {
        RuntimeException cause;
        try {
            double internal = sampler.sampleIndependent(view, trial, name, distribution);
            if (distribution.contains(internal)) {
                return internal;
            }
            cause = new IllegalStateException("it proposed " + internal + ", outside " + distribution);
        } catch (RuntimeException e) {
            if (!SamplerFallback.containable(e)) {
                throw e;
            }
            cause = e;
        }
        SamplerFallback.warn(
                sampler,
                "sampleIndependent",
                studyName,
                "parameter '" + name + "' of trial " + trial.number(),
                "it is sampled uniformly at random",
                cause);
        return fallback.sampleIndependent(view, trial, name, distribution);
    }

    /** Tells the sampler that a trial finished; a failure only warns: the trial stays finished. */
    void afterTrial(StudyView view, FrozenTrial done) {
        try {
            sampler.afterTrial(view, done);
        } catch (RuntimeException e) {
            SamplerFallback.warn(
                    sampler, "afterTrial", studyName, "trial " + done.number(), "the trial is kept as finished", e);
        }
    }
}
