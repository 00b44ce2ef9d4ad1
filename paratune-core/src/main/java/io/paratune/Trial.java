package io.paratune;

import io.paratune.internal.JsonValues;
import io.paratune.space.CategoricalDistribution;
import io.paratune.space.Distribution;
import io.paratune.space.FloatDistribution;
import io.paratune.space.IntDistribution;
import io.paratune.space.SearchSpace;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * A live handle on one RUNNING trial, handed to the objective (define-by-run): suggest parameters,
 * report intermediate values, ask whether to stop early. Every call writes through to the study's
 * storage. A trial is used by the one thread evaluating it and is not thread-safe.
 *
 * <p>Suggesting a name again returns the value suggested first; suggesting it with a different
 * range is an error. Values come, in order of precedence, from enqueued (fixed) parameters, the
 * sampler's joint proposal made when the trial started, or the sampler's per-parameter fallback.
 */
public final class Trial {
    private final Study study;
    private final FrozenTrial start;
    private final StudyView view;
    private final Map<String, Object> fixedParams;
    private final SearchSpace relativeSpace;
    private final Map<String, Double> relativeParams;
    private final List<String> devices;
    private final Map<String, Double> params = new LinkedHashMap<>();
    private final Map<String, Distribution> distributions = new LinkedHashMap<>();

    Trial(
            Study study,
            FrozenTrial start,
            StudyView view,
            Map<String, Object> fixedParams,
            SearchSpace relativeSpace,
            Map<String, Double> relativeParams,
            List<String> devices) {
        this.study = study;
        this.start = start;
        this.view = view;
        this.fixedParams = fixedParams;
        this.relativeSpace = relativeSpace;
        this.relativeParams = relativeParams;
        this.devices = List.copyOf(devices);
    }

    /** The trial's number in its study (0, 1, 2, ...). */
    public int number() {
        return start.number();
    }

    /** The storage id of the trial. */
    long id() {
        return start.id();
    }

    /** The study this trial belongs to. */
    public Study study() {
        return study;
    }

    /**
     * The device ids (for example GPU indices) this trial may use alone while it runs; empty when
     * the study runs without a device pool.
     */
    public List<String> devices() {
        return devices;
    }

    /** A continuous float in {@code [low, high]}. */
    public double suggestFloat(String name, double low, double high) {
        return (Double) suggest(FloatDistribution.of(name, low, high));
    }

    /** A float in {@code [low, high]}, uniform in log space when {@code log} is true. */
    public double suggestFloat(String name, double low, double high, boolean log) {
        return (Double)
                suggest(log ? FloatDistribution.logScale(name, low, high) : FloatDistribution.of(name, low, high));
    }

    /**
     * A continuous float in {@code [low, high]}, uniform in the given scale's coordinate: {@code
     * LOGIT} for fractions inside {@code (0, 1)} such as a dropout rate or a subsample fraction.
     */
    public double suggestFloat(String name, double low, double high, FloatDistribution.Scale scale) {
        return (Double) suggest(new FloatDistribution(name, low, high, scale, OptionalDouble.empty()));
    }

    /** A float on the grid {@code low, low + step, ..., high}. */
    public double suggestFloat(String name, double low, double high, double step) {
        return (Double) suggest(FloatDistribution.stepped(name, low, high, step));
    }

    /** An integer in {@code [low, high]}. */
    public int suggestInt(String name, int low, int high) {
        return Math.toIntExact((Long) suggest(IntDistribution.of(name, low, high)));
    }

    /** An integer in {@code [low, high]}, uniform in log space when {@code log} is true. */
    public int suggestInt(String name, int low, int high, boolean log) {
        return Math.toIntExact(
                (Long) suggest(log ? IntDistribution.logScale(name, low, high) : IntDistribution.of(name, low, high)));
    }

    /** An integer on the grid {@code low, low + step, ..., high}. */
    public int suggestInt(String name, int low, int high, int step) {
        return Math.toIntExact((Long) suggest(IntDistribution.stepped(name, low, high, step)));
    }

    /** A long integer in {@code [low, high]}. */
    public long suggestLong(String name, long low, long high) {
        return (Long) suggest(IntDistribution.of(name, low, high));
    }

    /**
     * One of {@code choices} (strings, numbers, booleans or null), returned as the caller's own
     * element.
     */
    public <T> T suggestCategorical(String name, List<T> choices) {
        CategoricalDistribution d = CategoricalDistribution.of(name, choices);
        int index = d.indexOf(suggest(d));
        return choices.get(index);
    }

    /**
     * Suggests a value from any distribution, keyed by the distribution's name.
     *
     * @return the external value: {@code Double}, {@code Long} or the categorical choice
     * @throws IllegalArgumentException if the name was suggested before with another range, or an
     *     enqueued value for it is not a member of the distribution
     */
    public Object suggest(Distribution distribution) {
        String name = distribution.name();
        Double existing = params.get(name);
        if (existing != null) {
            Distribution old = distributions.get(name);
            if (!old.sameRange(distribution)) {
                throw new IllegalArgumentException("parameter '" + name + "' was suggested as " + old + " and now as "
                        + distribution + "; use one range per name, or another name");
            }
            return old.toExternal(existing);
        }
        double internal;
        if (fixedParams.containsKey(name)) {
            Object fixed = fixedParams.get(name);
            if (fixed instanceof Number || distribution instanceof CategoricalDistribution) {
                internal = distribution.toInternal(fixed);
            } else {
                throw new IllegalArgumentException("parameter '" + name + "': enqueued value " + fixed
                        + " is not a number; enqueue a value of " + distribution);
            }
        } else if (relativeParams.containsKey(name) && relativeSpace.get(name).sameRange(distribution)) {
            internal = relativeParams.get(name);
        } else {
            internal = study.sampleIndependent(view, start, name, distribution);
        }
        study.storage().setParam(start.id(), name, internal, distribution);
        params.put(name, internal);
        distributions.put(name, distribution);
        return distribution.toExternal(internal);
    }

    /** The parameters suggested so far, name to external value, in suggestion order. */
    public Map<String, Object> params() {
        LinkedHashMap<String, Object> out = new LinkedHashMap<>();
        params.forEach((name, internal) -> out.put(name, distributions.get(name).toExternal(internal)));
        return Collections.unmodifiableMap(out);
    }

    /** The distributions suggested so far, in suggestion order. */
    public Map<String, Distribution> distributions() {
        return Collections.unmodifiableMap(distributions);
    }

    /**
     * Reports an intermediate value (for example a validation loss after an epoch) for the pruner.
     * A step reported before keeps its first value.
     *
     * @param step a non-negative step number (epoch, boosting round, ...)
     * @param value the value at that step; NaN is recorded and makes pruners stop the trial
     */
    public void report(int step, double value) {
        if (study.directions().size() != 1) {
            throw new IllegalStateException("report is for single-objective studies; study '" + study.name() + "' has "
                    + study.directions().size() + " directions");
        }
        if (step < 0) {
            throw new IllegalArgumentException("report step=" + step + " must be >= 0");
        }
        study.storage().setIntermediateValue(start.id(), step, value);
    }

    /**
     * Whether the study's pruner says this trial should stop now; if so the objective should throw
     * {@link TrialPrunedException}.
     */
    public boolean shouldPrune() {
        FrozenTrial now = study.storage().trial(start.id());
        return study.pruner().shouldPrune(study.view(now.number()), now);
    }

    /**
     * Records the trial's constraint values (for example memory over budget, in GiB): each is
     * satisfied when {@code <= 0}. Call it from the objective, or before {@link Study#tell}; a
     * later call replaces the values. The study's best trials and constraint-aware samplers then
     * count only feasible trials; read the values back with {@link FrozenTrial#constraints()}.
     * Positive or negative infinity is stored as {@code +-Double.MAX_VALUE}.
     *
     * @param constraints one value per constraint, in the same order for every trial of a study
     * @throws IllegalArgumentException if a value is NaN
     * @throws TrialAlreadyFinishedException if the trial is already finished
     */
    public void setConstraints(double... constraints) {
        List<Double> stored = new java.util.ArrayList<>(constraints.length);
        for (int i = 0; i < constraints.length; i++) {
            double c = constraints[i];
            if (Double.isNaN(c)) {
                throw new IllegalArgumentException("trial " + number() + ": constraint " + i + " is NaN; give a"
                        + " number (<= 0 when satisfied, > 0 by how much it is violated)");
            }
            stored.add(Math.max(-Double.MAX_VALUE, Math.min(Double.MAX_VALUE, c)));
        }
        study.storage().setSystemAttribute(start.id(), FrozenTrial.CONSTRAINTS, stored);
    }

    /** Sets a user attribute (a JSON-like value: string, number, boolean, list, map or null). */
    public void setUserAttribute(String key, Object value) {
        study.storage().setUserAttribute(start.id(), key, JsonValues.copy("user attribute '" + key + "'", value));
    }

    /** A fresh snapshot of the trial from the storage. */
    public FrozenTrial snapshot() {
        return study.storage().trial(start.id());
    }

    @Override
    public String toString() {
        return "Trial[number=" + number() + ", params=" + params() + "]";
    }
}
