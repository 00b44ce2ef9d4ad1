package io.paratune.bo;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An acquisition over several independent GPs, one per objective and one per constraint, for
 * multi-objective and constrained optimisation ({@link AcquisitionFunction#of(JointAcquisition, List)}).
 * Every output is a loss
 * (minimised); a constraint is satisfied where its value is {@code <= 0}.
 *
 * <p>The objective part is one of:
 *
 * <ul>
 *   <li>{@link #hypervolume}: the log of the expected hypervolume improvement (EHVI) over the
 *       observed front w.r.t. a reference point, in closed form on a box decomposition, for 2 or 3
 *       objectives;
 *   <li>{@link #chebyshev}: the negated augmented Chebyshev scalarisation of the lower confidence
 *       bounds (mean - 2 sd) of normalised objectives under one weight vector, for any number;
 *   <li>{@link #expectedImprovement}: log EI of one objective over the best feasible loss (no
 *       objective part when nothing is feasible yet).
 * </ul>
 *
 * To it is added the log of the probability of feasibility, {@code sum_c log P(g_c(z) <= 0)}.
 * Pending points are handled by the kriging believer: every output's variance is conditioned on
 * them, and for the hypervolume their believed objective means (when all constraint means are
 * feasible) join the front, so that a batch spreads along it.
 */
public final class JointAcquisition {
    enum Kind {
        HYPERVOLUME,
        CHEBYSHEV,
        EXPECTED_IMPROVEMENT
    }

    final Kind kind;
    final List<GaussianProcess> objectives;
    final List<GaussianProcess> constraints;
    final List<double[]> front;
    final double[] reference;
    final double[] weights;
    final double[] ideal;
    final double[] scale;
    final double incumbent;
    final List<double[]> centres;
    /** The factor on every objective's standard deviation in the hypervolume acquisition (1: EHVI). */
    final double sdScale;
    /** Whether the improvement counts only above the front's per-objective minima. */
    final boolean boundedBelow;

    private JointAcquisition(
            Kind kind,
            List<GaussianProcess> objectives,
            List<GaussianProcess> constraints,
            List<double[]> front,
            double[] reference,
            double[] weights,
            double[] ideal,
            double[] scale,
            double incumbent,
            List<double[]> centres) {
        this(kind, objectives, constraints, front, reference, weights, ideal, scale, incumbent, centres, 1, false);
    }

    private JointAcquisition(
            Kind kind,
            List<GaussianProcess> objectives,
            List<GaussianProcess> constraints,
            List<double[]> front,
            double[] reference,
            double[] weights,
            double[] ideal,
            double[] scale,
            double incumbent,
            List<double[]> centres,
            double sdScale,
            boolean boundedBelow) {
        this.sdScale = sdScale;
        this.boundedBelow = boundedBelow;
        this.kind = kind;
        this.objectives = List.copyOf(objectives);
        this.constraints = List.copyOf(Objects.requireNonNull(constraints, "constraints"));
        this.front = front == null ? List.of() : copy(front);
        this.reference = reference == null ? null : reference.clone();
        this.weights = weights == null ? null : weights.clone();
        this.ideal = ideal == null ? null : ideal.clone();
        this.scale = scale == null ? null : scale.clone();
        this.incumbent = incumbent;
        this.centres = copy(Objects.requireNonNull(centres, "centres"));
        int d = objectives.get(0).d;
        for (GaussianProcess gp : this.objectives) {
            checkDimension(gp, d);
        }
        for (GaussianProcess gp : this.constraints) {
            checkDimension(gp, d);
        }
        for (double[] c : this.centres) {
            if (c.length != d) {
                throw new IllegalArgumentException("a centre has " + c.length + " coordinates; the GPs have " + d);
            }
        }
    }

    private static void checkDimension(GaussianProcess gp, int d) {
        if (gp.d != d) {
            throw new IllegalArgumentException("GPs of dimensions " + d + " and " + gp.d + " cannot be combined");
        }
    }

    private static List<double[]> copy(List<double[]> points) {
        List<double[]> out = new ArrayList<>(points.size());
        for (double[] p : points) {
            out.add(p.clone());
        }
        return List.copyOf(out);
    }

    /**
     * Log expected hypervolume improvement for 2 or 3 objectives, times the probability of
     * feasibility.
     *
     * @param objectives one GP per objective (losses)
     * @param front the observed feasible loss vectors (dominated ones are ignored)
     * @param reference the reference point, one finite value per objective
     * @param constraints one GP per constraint; may be empty
     * @param centres inputs around which extra candidates are drawn (the best observations)
     */
    public static JointAcquisition hypervolume(
            List<GaussianProcess> objectives,
            List<double[]> front,
            double[] reference,
            List<GaussianProcess> constraints,
            List<double[]> centres) {
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
        return new JointAcquisition(
                Kind.HYPERVOLUME, objectives, constraints, front, reference, null, null, null, Double.NaN, centres);
    }

    /**
     * The augmented Chebyshev scalarisation {@code max_k w_k l_k + 0.05 sum_k w_k l_k} of the
     * normalised lower confidence bounds {@code l_k = (mean_k - 2 sd_k - ideal_k) / scale_k},
     * negated, plus the log probability of feasibility.
     *
     * @param weights one non-negative weight per objective
     * @param ideal the per-objective offset (the best observed loss)
     * @param scale the per-objective positive scale (the observed range)
     */
    public static JointAcquisition chebyshev(
            List<GaussianProcess> objectives,
            double[] weights,
            double[] ideal,
            double[] scale,
            List<GaussianProcess> constraints,
            List<double[]> centres) {
        int m = objectives.size();
        if (weights.length != m || ideal.length != m || scale.length != m) {
            throw new IllegalArgumentException("weights, ideal and scale need " + m + " values each");
        }
        for (int k = 0; k < m; k++) {
            if (!(weights[k] >= 0) || !(scale[k] > 0) || !Double.isFinite(ideal[k])) {
                throw new IllegalArgumentException("objective " + k + ": weight " + weights[k] + " must be >= 0,"
                        + " scale " + scale[k] + " > 0 and ideal " + ideal[k] + " finite");
            }
        }
        return new JointAcquisition(
                Kind.CHEBYSHEV, objectives, constraints, null, null, weights, ideal, scale, Double.NaN, centres);
    }

    /**
     * Log EI over {@code incumbent} (NaN: none, the score is the log probability of feasibility
     * alone) plus the log probability of feasibility.
     *
     * @param incumbent the best feasible loss observed, or NaN when none is feasible
     */
    public static JointAcquisition expectedImprovement(
            GaussianProcess objective, double incumbent, List<GaussianProcess> constraints, List<double[]> centres) {
        if (Double.isInfinite(incumbent)) {
            throw new IllegalArgumentException("incumbent " + incumbent + " must be finite or NaN (none)");
        }
        return new JointAcquisition(
                Kind.EXPECTED_IMPROVEMENT,
                List.of(objective),
                constraints,
                null,
                null,
                null,
                null,
                null,
                incumbent,
                centres);
    }

    /**
     * This hypervolume acquisition for exploitation: the objectives' standard deviations are scaled
     * by {@code sdScale} (in (0, 1]), so that for a small factor the score is the log hypervolume
     * improvement of the posterior means, smoothed enough to keep a gradient where the means are
     * dominated; and the improvement counts only above the front's smallest value in each objective.
     * A posterior mean past the observed extremes is an extrapolation (a GP's mean overshoots where
     * an objective flattens at its minimum, as at the boundary of the space), and exploiting it
     * spends evaluations on the corners of the front; reaching past them is left to proposals whose
     * uncertainty justifies it (EHVI). Constraints keep their own uncertainty.
     */
    public JointAcquisition exploiting(double sdScale) {
        if (kind != Kind.HYPERVOLUME) {
            throw new IllegalStateException("exploiting applies to the hypervolume acquisition, not " + kind);
        }
        if (!(sdScale > 0 && sdScale <= 1)) {
            throw new IllegalArgumentException("sdScale=" + sdScale + " must be in (0, 1]");
        }
        return new JointAcquisition(
                kind,
                objectives,
                constraints,
                front,
                reference,
                weights,
                ideal,
                scale,
                incumbent,
                centres,
                sdScale,
                true);
    }

    /**
     * Per objective the smallest value among the front's points inside the reference box; null when
     * the improvement is not bounded below or no point is inside.
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

    int dimension() {
        return objectives.get(0).d;
    }
}
