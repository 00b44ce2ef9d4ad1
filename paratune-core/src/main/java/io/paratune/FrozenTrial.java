package io.paratune;

import io.paratune.internal.Checks;
import io.paratune.space.Distribution;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An immutable snapshot of one trial, as a storage returns it. Later changes to the trial are not
 * visible in a snapshot; a finished trial never changes, so its snapshot may be cached.
 *
 * @param id the storage's id of the trial, unique across studies
 * @param number the trial's number in its study: 0, 1, 2, ... in creation order, no gaps
 * @param state the state when the snapshot was taken
 * @param internalParams parameter name to internal value (see {@link Distribution}), in the order
 *     they were suggested
 * @param distributions parameter name to the distribution it was suggested from
 * @param values one value per study direction when COMPLETE; the last intermediate value when
 *     PRUNED after reporting one; otherwise empty. Read with {@link #value()} or {@link #value(int)}
 * @param intermediateValues reported step to value, ascending by step
 * @param started when the trial started RUNNING, or null while WAITING
 * @param finished when it finished, or null while not finished
 * @param userAttributes attributes set by the user (JSON-like values)
 * @param systemAttributes attributes set by Paratune (fixed parameters, sampler state, constraint
 *     values under {@link #CONSTRAINTS})
 * @param failureMessage why the trial failed, or null
 */
public record FrozenTrial(
        long id,
        int number,
        TrialState state,
        Map<String, Double> internalParams,
        Map<String, Distribution> distributions,
        double[] values,
        SortedMap<Integer, Double> intermediateValues,
        Instant started,
        Instant finished,
        Map<String, Object> userAttributes,
        Map<String, Object> systemAttributes,
        String failureMessage) {

    /**
     * The system attribute holding the constraint values set by {@link Trial#setConstraints}: a
     * JSON array of numbers, each feasible when {@code <= 0}.
     */
    public static final String CONSTRAINTS = SystemAttributes.CONSTRAINTS;

    public FrozenTrial {
        Objects.requireNonNull(state, "state");
        internalParams = Checks.frozenMap(internalParams);
        distributions = Checks.frozenMap(distributions);
        if (!sameKeys(internalParams, distributions)) {
            throw new IllegalArgumentException("trial " + number + ": parameters " + internalParams.keySet()
                    + " and distributions " + distributions.keySet() + " differ; give a distribution for each");
        }
        values = values == null ? new double[0] : values.clone();
        intermediateValues = intermediateValues.isEmpty()
                ? Collections.emptySortedMap()
                : Collections.unmodifiableSortedMap(new TreeMap<>(intermediateValues));
        userAttributes = Checks.frozenMap(userAttributes);
        systemAttributes = Checks.frozenMap(systemAttributes);
    }

    private static boolean sameKeys(Map<String, ?> a, Map<String, ?> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (String key : a.keySet()) {
            if (!b.containsKey(key)) {
                return false;
            }
        }
        return true;
    }

    /**
     * This trial with other values (a copy; null or empty for none), everything else kept: for
     * samplers that model a trial with an imputed value, such as a pruned trial's.
     */
    public FrozenTrial withValues(double[] newValues) {
        return new FrozenTrial(
                id,
                number,
                state,
                internalParams,
                distributions,
                newValues,
                intermediateValues,
                started,
                finished,
                userAttributes,
                systemAttributes,
                failureMessage);
    }

    /** This trial with another id and number, everything else kept: a template stored as a new trial. */
    public FrozenTrial withIdentity(long newId, int newNumber) {
        return new FrozenTrial(
                newId,
                newNumber,
                state,
                internalParams,
                distributions,
                values,
                intermediateValues,
                started,
                finished,
                userAttributes,
                systemAttributes,
                failureMessage);
    }

    /** The values, one per direction (a copy); empty when the trial has none. */
    @Override
    public double[] values() {
        return values.clone();
    }

    /** Whether the trial has values (COMPLETE, or PRUNED after a report). */
    public boolean hasValues() {
        return values.length > 0;
    }

    /** The number of values. */
    public int valueCount() {
        return values.length;
    }

    /** The value for direction {@code i}. */
    public double value(int i) {
        if (i < 0 || i >= values.length) {
            throw new IllegalStateException("trial " + number + " (" + state + ") has " + values.length
                    + " values; value " + i + " does not exist");
        }
        return values[i];
    }

    /** The single value of a single-objective trial. */
    public double value() {
        if (values.length != 1) {
            throw new IllegalStateException("trial " + number + " (" + state + ") has " + values.length
                    + " values; use values() for a multi-objective study or check state() first");
        }
        return values[0];
    }

    /**
     * The constraint values the objective reported with {@link Trial#setConstraints} (a copy): each
     * is satisfied when {@code <= 0}. Empty when the trial reported none.
     */
    public double[] constraints() {
        Object stored = systemAttributes.get(CONSTRAINTS);
        if (!(stored instanceof java.util.List<?> list)) {
            return new double[0];
        }
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) list.get(i)).doubleValue();
        }
        return out;
    }

    /** Whether every constraint value is {@code <= 0}; true for a trial that reported none. */
    public boolean isFeasible() {
        for (double c : constraints()) {
            if (!(c <= 0)) {
                return false;
            }
        }
        return true;
    }

    /** Parameter name to external value (as the objective saw it), in suggestion order. */
    public Map<String, Object> params() {
        if (internalParams.isEmpty()) {
            return Map.of();
        }
        LinkedHashMap<String, Object> external = new LinkedHashMap<>();
        internalParams.forEach(
                (name, internal) -> external.put(name, distributions.get(name).toExternal(internal)));
        return Collections.unmodifiableMap(external);
    }

    /** The external value of one parameter, or null if it was not suggested. */
    public Object param(String name) {
        Double internal = internalParams.get(name);
        return internal == null ? null : distributions.get(name).toExternal(internal);
    }

    /** The last reported intermediate value, or NaN if none was reported. */
    public double lastIntermediateValue() {
        return intermediateValues.isEmpty() ? Double.NaN : intermediateValues.get(intermediateValues.lastKey());
    }

    /** The largest reported step, or -1. */
    public int lastStep() {
        return intermediateValues.isEmpty() ? -1 : intermediateValues.lastKey();
    }

    /** The duration from start to finish, or null if not finished. */
    public java.time.Duration duration() {
        return started == null || finished == null ? null : java.time.Duration.between(started, finished);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FrozenTrial t
                && id == t.id
                && number == t.number
                && state == t.state
                && internalParams.equals(t.internalParams)
                && distributions.equals(t.distributions)
                && Arrays.equals(values, t.values)
                && intermediateValues.equals(t.intermediateValues)
                && Objects.equals(started, t.started)
                && Objects.equals(finished, t.finished)
                && userAttributes.equals(t.userAttributes)
                && systemAttributes.equals(t.systemAttributes)
                && Objects.equals(failureMessage, t.failureMessage);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, number, state, internalParams, Arrays.hashCode(values), intermediateValues);
    }

    @Override
    public String toString() {
        return "FrozenTrial[number=" + number + ", state=" + state + ", values=" + Arrays.toString(values)
                + (systemAttributes.containsKey(CONSTRAINTS)
                        ? ", constraints=" + Arrays.toString(constraints())
                                + (isFeasible() ? " (feasible)" : " (infeasible)")
                        : "")
                + ", params=" + params() + (failureMessage == null ? "" : ", failure=" + failureMessage) + "]";
    }
}
