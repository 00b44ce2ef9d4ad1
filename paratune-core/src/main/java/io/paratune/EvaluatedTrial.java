package io.paratune;

import io.paratune.internal.JsonValues;
import io.paratune.space.Distribution;
import io.paratune.space.SearchSpace;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A trial evaluated outside the study (an earlier experiment, a configuration from a paper, a run
 * of another tool), to add with {@link Study#addTrial(EvaluatedTrial)} without asking the sampler
 * for a proposal, as Optuna's {@code add_trial}. Immutable; start one with {@link #complete}, {@link
 * #pruned} or {@link #failed}, give its parameters with their distributions, and {@code build()} it.
 *
 * <pre>{@code
 * study.addTrial(EvaluatedTrial.complete(0.12)
 *         .param(FloatDistribution.logScale("lr", 1e-5, 1), 1e-3)
 *         .param(IntDistribution.of("layers", 1, 4), 2)
 *         .userAttribute("source", "baseline run")
 *         .build());
 * }</pre>
 *
 * The builder checks what it can alone (values finite, steps non-negative, one range per name); the
 * study checks the rest when the trial is added (a value per direction, each parameter a member of
 * its distribution).
 */
public final class EvaluatedTrial {
    private final TrialState state;
    private final Map<String, Distribution> distributions;
    private final Map<String, Object> params;
    private final double[] values;
    private final SortedMap<Integer, Double> intermediateValues;
    private final Map<String, Object> userAttributes;
    private final double[] constraints;
    private final String failureMessage;

    private EvaluatedTrial(Builder b) {
        this.state = b.state;
        this.distributions = Collections.unmodifiableMap(new LinkedHashMap<>(b.distributions));
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(b.params));
        this.values = b.values.clone();
        this.intermediateValues = Collections.unmodifiableSortedMap(new TreeMap<>(b.intermediateValues));
        this.userAttributes = Collections.unmodifiableMap(new LinkedHashMap<>(b.userAttributes));
        this.constraints = b.constraints == null ? null : b.constraints.clone();
        this.failureMessage = b.failureMessage;
    }

    /**
     * A COMPLETE trial with these values, one per direction of the study it is added to.
     *
     * @throws IllegalArgumentException if no value is given or one is NaN or infinite
     */
    public static Builder complete(double... values) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException(
                    "EvaluatedTrial.complete(values): no value given; give one value per" + " direction of the study");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("EvaluatedTrial.complete(values): value " + i + " is " + values[i]
                        + "; values must be finite (add a trial that did not finish as failed(message))");
            }
        }
        return new Builder(TrialState.COMPLETE, values.clone(), null);
    }

    /** A PRUNED trial; in a single-objective study it keeps its last intermediate value as its value. */
    public static Builder pruned() {
        return new Builder(TrialState.PRUNED, new double[0], null);
    }

    /**
     * A FAIL trial.
     *
     * @param message why it failed, kept as its failure message; null for "added as FAIL"
     */
    public static Builder failed(String message) {
        return new Builder(
                TrialState.FAIL, new double[0], message == null || message.isBlank() ? "added as FAIL" : message);
    }

    /** COMPLETE, PRUNED or FAIL. */
    public TrialState state() {
        return state;
    }

    /** The parameters' distributions, by name, in the order given. */
    public Map<String, Distribution> distributions() {
        return distributions;
    }

    /** The parameters as external values (as a trial suggests them), by name, in the order given. */
    public Map<String, Object> params() {
        return params;
    }

    /** The values of a COMPLETE trial (a copy); empty otherwise. */
    public double[] values() {
        return values.clone();
    }

    /** The intermediate values by step. */
    public SortedMap<Integer, Double> intermediateValues() {
        return intermediateValues;
    }

    /** The user attributes. */
    public Map<String, Object> userAttributes() {
        return userAttributes;
    }

    /** The constraint values (a copy; each satisfied when {@code <= 0}), or null when none were given. */
    public double[] constraints() {
        return constraints == null ? null : constraints.clone();
    }

    /** Why a FAIL trial failed; null for the other states. */
    public String failureMessage() {
        return failureMessage;
    }

    @Override
    public String toString() {
        return "EvaluatedTrial[" + state + ", params=" + params
                + (values.length > 0 ? ", values=" + java.util.Arrays.toString(values) : "") + "]";
    }

    /** Builds an {@link EvaluatedTrial}; not thread-safe. */
    public static final class Builder {
        private final TrialState state;
        private final double[] values;
        private final String failureMessage;
        private final Map<String, Distribution> distributions = new LinkedHashMap<>();
        private final Map<String, Object> params = new LinkedHashMap<>();
        private final SortedMap<Integer, Double> intermediateValues = new TreeMap<>();
        private final Map<String, Object> userAttributes = new LinkedHashMap<>();
        private double[] constraints;

        private Builder(TrialState state, double[] values, String failureMessage) {
            this.state = state;
            this.values = values;
            this.failureMessage = failureMessage;
        }

        /**
         * A parameter: its distribution (which names it) and its external value, as {@link
         * Trial#suggest} returns it (a number, or one of the categorical choices).
         *
         * @throws IllegalArgumentException if the name was given before
         */
        public Builder param(Distribution distribution, Object value) {
            java.util.Objects.requireNonNull(distribution, "distribution");
            String name = distribution.name();
            if (distributions.containsKey(name)) {
                throw new IllegalArgumentException("EvaluatedTrial: parameter '" + name + "' is given twice ("
                        + distributions.get(name) + " and " + distribution + "); give each parameter once");
            }
            distributions.put(name, distribution);
            params.put(name, value);
            return this;
        }

        /**
         * The parameters {@code params}, each with its distribution from {@code space}; the space may
         * have more parameters (a conditional one this trial did not use).
         *
         * @throws IllegalArgumentException naming a parameter that {@code space} does not have
         */
        public Builder params(SearchSpace space, Map<String, ?> params) {
            params.forEach((name, value) -> {
                Distribution d = space.get(name);
                if (d == null) {
                    throw new IllegalArgumentException("EvaluatedTrial: parameter '" + name + "' is not in the search"
                            + " space " + space.names() + "; add its distribution to the space or leave it out");
                }
                param(d, value);
            });
            return this;
        }

        /**
         * An intermediate value, as {@link Trial#report} records it (NaN included); for
         * single-objective studies.
         *
         * @throws IllegalArgumentException for a negative step or one given twice
         */
        public Builder intermediateValue(int step, double value) {
            if (step < 0) {
                throw new IllegalArgumentException("EvaluatedTrial: intermediate step=" + step + " must be >= 0");
            }
            if (intermediateValues.containsKey(step)) {
                throw new IllegalArgumentException("EvaluatedTrial: intermediate step " + step + " is given twice");
            }
            intermediateValues.put(step, value);
            return this;
        }

        /** A user attribute (a JSON-like value, as {@link Trial#setUserAttribute} takes). */
        public Builder userAttribute(String key, Object value) {
            userAttributes.put(key, JsonValues.copy("user attribute '" + key + "'", value));
            return this;
        }

        /**
         * The constraint values, as {@link Trial#setConstraints} takes them: each satisfied when
         * {@code <= 0}; infinities are kept as {@code +-Double.MAX_VALUE}.
         *
         * @throws IllegalArgumentException if a value is NaN
         */
        public Builder constraints(double... constraints) {
            double[] c = constraints.clone();
            for (int i = 0; i < c.length; i++) {
                if (Double.isNaN(c[i])) {
                    throw new IllegalArgumentException("EvaluatedTrial: constraint " + i + " is NaN; give a number"
                            + " (<= 0 when satisfied, > 0 by how much it is violated)");
                }
                c[i] = Math.max(-Double.MAX_VALUE, Math.min(Double.MAX_VALUE, c[i]));
            }
            this.constraints = c;
            return this;
        }

        public EvaluatedTrial build() {
            return new EvaluatedTrial(this);
        }
    }
}
