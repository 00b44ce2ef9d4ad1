package io.paratune.bo;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An acquisition over several independent GPs, one per objective and one per constraint, for
 * multi-objective and constrained optimisation; {@link AcquisitionFunction#of(JointAcquisition,
 * List)} turns it into a function to maximise. Every output is a loss (minimised); a constraint is
 * satisfied where its value is {@code <= 0}.
 *
 * <p>The objective part is one of:
 *
 * <ul>
 *   <li>{@link Hypervolume}: the log of the expected hypervolume improvement (EHVI) over the
 *       observed front w.r.t. a reference point, in closed form on a box decomposition, for 2 or 3
 *       objectives;
 *   <li>{@link Chebyshev}: the negated augmented Chebyshev scalarisation of the lower confidence
 *       bounds (mean - 2 sd) of normalised objectives under one weight vector, for any number;
 *   <li>{@link ExpectedImprovement}: log EI of one objective over the best feasible loss (no
 *       objective part when nothing is feasible yet).
 * </ul>
 *
 * To it is added the log of the probability of feasibility, {@code sum_c log P(g_c(z) <= 0)}.
 * Pending points are handled by the kriging believer: every output's variance is conditioned on
 * them, and for the hypervolume their believed objective means (when all constraint means are
 * feasible) join the front, so that a batch spreads along it.
 */
public sealed interface JointAcquisition
        permits JointAcquisition.Hypervolume, JointAcquisition.Chebyshev, JointAcquisition.ExpectedImprovement {

    /** One GP per objective (losses), all of one input dimension. */
    List<GaussianProcess> objectives();

    /** One GP per constraint, of the objectives' input dimension; may be empty. */
    List<GaussianProcess> constraints();

    /** Inputs around which extra candidates are drawn (the best observations). */
    List<double[]> centres();

    /**
     * Log expected hypervolume improvement for 2 or 3 objectives, plus the log probability of
     * feasibility. {@link #exploiting} scales the objectives' standard deviations down.
     *
     * @param objectives one GP per objective (losses)
     * @param front the observed feasible loss vectors (dominated ones are ignored)
     * @param reference the reference point, one finite value per objective
     * @param constraints one GP per constraint; may be empty
     * @param centres inputs around which extra candidates are drawn (the best observations)
     * @param sdScale the factor on every objective's standard deviation, in (0, 1] (1: EHVI)
     * @param boundedBelow whether the improvement counts only above the front's per-objective
     *     minima
     */
    record Hypervolume(
            List<GaussianProcess> objectives,
            List<double[]> front,
            double[] reference,
            List<GaussianProcess> constraints,
            List<double[]> centres,
            double sdScale,
            boolean boundedBelow)
            implements JointAcquisition {
        public Hypervolume {
            if (objectives.size() != 2 && objectives.size() != 3) {
                throw new IllegalArgumentException("the hypervolume acquisition takes 2 or 3 objectives, not "
                        + objectives.size() + "; use chebyshev for more");
            }
            if (reference.length != objectives.size()) {
                throw new IllegalArgumentException(
                        "reference has " + reference.length + " values for " + objectives.size() + " objectives");
            }
            for (double r : reference) {
                if (!Double.isFinite(r)) {
                    throw new IllegalArgumentException("reference value " + r + " must be finite");
                }
            }
            if (!(sdScale > 0 && sdScale <= 1)) {
                throw new IllegalArgumentException("sdScale=" + sdScale + " must be in (0, 1]");
            }
            objectives = List.copyOf(objectives);
            constraints = List.copyOf(Objects.requireNonNull(constraints, "constraints"));
            front = front == null ? List.of() : copy(front);
            reference = reference.clone();
            centres = copy(Objects.requireNonNull(centres, "centres"));
            checkDimensions(objectives, constraints, centres);
        }

        @Override
        public List<double[]> front() {
            return copy(front);
        }

        @Override
        public double[] reference() {
            return reference.clone();
        }

        @Override
        public List<double[]> centres() {
            return copy(centres);
        }

        /**
         * This hypervolume acquisition for exploitation: the objectives' standard deviations are
         * scaled by {@code sdScale} (in (0, 1]), so that for a small factor the score is the log
         * hypervolume improvement of the posterior means, smoothed enough to keep a gradient where
         * the means are dominated; and the improvement counts only above the front's smallest value
         * in each objective. A posterior mean past the observed extremes is an extrapolation (a GP's
         * mean overshoots where an objective flattens at its minimum, as at the boundary of the
         * space), and exploiting it spends evaluations on the corners of the front; reaching past
         * them is left to proposals whose uncertainty justifies it (EHVI). Constraints keep their
         * own uncertainty.
         */
        public Hypervolume exploiting(double sdScale) {
            return new Hypervolume(objectives, front, reference, constraints, centres, sdScale, true);
        }

        /**
         * Per objective the smallest value among the front's points inside the reference box; null
         * when the improvement is not bounded below or no point is inside.
         */
        double[] lowerBound() {
            if (!boundedBelow) {
                return null;
            }
            double[] low = null;
            for (double[] p : front) {
                boolean inside = true;
                for (int k = 0; k < p.length && inside; k++) {
                    inside = p[k] < reference[k];
                }
                if (!inside) {
                    continue;
                }
                if (low == null) {
                    low = p.clone();
                }
                for (int k = 0; k < low.length; k++) {
                    low[k] = Math.min(low[k], p[k]);
                }
            }
            return low;
        }
    }

    /**
     * The augmented Chebyshev scalarisation {@code max_k w_k l_k + 0.05 sum_k w_k l_k} of the
     * normalised lower confidence bounds {@code l_k = (mean_k - 2 sd_k - ideal_k) / scale_k},
     * negated, plus the log probability of feasibility.
     *
     * @param objectives one GP per objective (losses)
     * @param weights one non-negative weight per objective
     * @param ideal the per-objective offset (the best observed loss)
     * @param scale the per-objective positive scale (the observed range)
     * @param constraints one GP per constraint; may be empty
     * @param centres inputs around which extra candidates are drawn (the best observations)
     */
    record Chebyshev(
            List<GaussianProcess> objectives,
            double[] weights,
            double[] ideal,
            double[] scale,
            List<GaussianProcess> constraints,
            List<double[]> centres)
            implements JointAcquisition {
        public Chebyshev {
            int m = objectives.size();
            if (m == 0 || weights.length != m || ideal.length != m || scale.length != m) {
                throw new IllegalArgumentException(
                        "give at least one objective, and weights, ideal and scale of " + m + " values each");
            }
            for (int k = 0; k < m; k++) {
                if (!(weights[k] >= 0) || !(scale[k] > 0) || !Double.isFinite(ideal[k])) {
                    throw new IllegalArgumentException("objective " + k + ": weight " + weights[k] + " must be >= 0,"
                            + " scale " + scale[k] + " > 0 and ideal " + ideal[k] + " finite");
                }
            }
            objectives = List.copyOf(objectives);
            weights = weights.clone();
            ideal = ideal.clone();
            scale = scale.clone();
            constraints = List.copyOf(Objects.requireNonNull(constraints, "constraints"));
            centres = copy(Objects.requireNonNull(centres, "centres"));
            checkDimensions(objectives, constraints, centres);
        }

        @Override
        public double[] weights() {
            return weights.clone();
        }

        @Override
        public double[] ideal() {
            return ideal.clone();
        }

        @Override
        public double[] scale() {
            return scale.clone();
        }

        @Override
        public List<double[]> centres() {
            return copy(centres);
        }
    }

    /**
     * Log EI over {@code incumbent} (NaN: none, the score is the log probability of feasibility
     * alone) plus the log probability of feasibility.
     *
     * @param objective the GP of the one objective (losses)
     * @param incumbent the best feasible loss observed, or NaN when none is feasible
     * @param constraints one GP per constraint; may be empty
     * @param centres inputs around which extra candidates are drawn (the best observations)
     */
    record ExpectedImprovement(
            GaussianProcess objective, double incumbent, List<GaussianProcess> constraints, List<double[]> centres)
            implements JointAcquisition {
        public ExpectedImprovement {
            Objects.requireNonNull(objective, "objective");
            if (Double.isInfinite(incumbent)) {
                throw new IllegalArgumentException("incumbent " + incumbent + " must be finite or NaN (none)");
            }
            constraints = List.copyOf(Objects.requireNonNull(constraints, "constraints"));
            centres = copy(Objects.requireNonNull(centres, "centres"));
            checkDimensions(List.of(objective), constraints, centres);
        }

        @Override
        public List<GaussianProcess> objectives() {
            return List.of(objective);
        }

        @Override
        public List<double[]> centres() {
            return copy(centres);
        }
    }

    /** {@link Hypervolume}: log EHVI for 2 or 3 objectives, not bounded below. */
    static Hypervolume hypervolume(
            List<GaussianProcess> objectives,
            List<double[]> front,
            double[] reference,
            List<GaussianProcess> constraints,
            List<double[]> centres) {
        return new Hypervolume(objectives, front, reference, constraints, centres, 1, false);
    }

    /** {@link Chebyshev}: a Chebyshev scalarisation under one weight vector. */
    static Chebyshev chebyshev(
            List<GaussianProcess> objectives,
            double[] weights,
            double[] ideal,
            double[] scale,
            List<GaussianProcess> constraints,
            List<double[]> centres) {
        return new Chebyshev(objectives, weights, ideal, scale, constraints, centres);
    }

    /** {@link ExpectedImprovement}: constrained log EI of one objective. */
    static ExpectedImprovement expectedImprovement(
            GaussianProcess objective, double incumbent, List<GaussianProcess> constraints, List<double[]> centres) {
        return new ExpectedImprovement(objective, incumbent, constraints, centres);
    }

    private static void checkDimensions(
            List<GaussianProcess> objectives, List<GaussianProcess> constraints, List<double[]> centres) {
        int d = objectives.get(0).d;
        List<GaussianProcess> all = new ArrayList<>(objectives);
        all.addAll(constraints);
        for (GaussianProcess gp : all) {
            if (gp.d != d) {
                throw new IllegalArgumentException("GPs of dimensions " + d + " and " + gp.d + " cannot be combined");
            }
        }
        for (double[] c : centres) {
            if (c.length != d) {
                throw new IllegalArgumentException("a centre has " + c.length + " coordinates; the GPs have " + d);
            }
        }
    }

    private static List<double[]> copy(List<double[]> points) {
        List<double[]> out = new ArrayList<>(points.size());
        for (double[] p : points) {
            out.add(p.clone());
        }
        return List.copyOf(out);
    }
}
