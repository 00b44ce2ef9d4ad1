package io.paratune.sampler.gp;

import io.paratune.Direction;
import io.paratune.FrozenTrial;
import io.paratune.TrialState;
import io.paratune.moo.Pareto;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Which finished trials the GP sampler's models learn from, and with which values. */
final class Observations {
    private Observations() {}

    /**
     * Of {@code finished} (COMPLETE and PRUNED trials), the COMPLETE trials and, once one is complete,
     * the PRUNED trials, in the given order, each PRUNED trial
     * given a single value no better than the worst COMPLETE one (see the class comment).
     */
    static List<FrozenTrial> withPruned(List<FrozenTrial> finished, Direction direction) {
        double best = Double.POSITIVE_INFINITY;
        double worst = Double.NEGATIVE_INFINITY;
        for (FrozenTrial t : finished) {
            if (t.state() == TrialState.COMPLETE && t.valueCount() == 1) {
                double loss = direction.asLoss(t.value());
                best = Math.min(best, loss);
                worst = Math.max(worst, loss);
            }
        }
        List<FrozenTrial> out = new ArrayList<>(finished.size());
        for (FrozenTrial t : finished) {
            if (t.state() == TrialState.COMPLETE) {
                out.add(t);
            } else if (worst > Double.NEGATIVE_INFINITY) {
                double last = direction.asLoss(t.lastIntermediateValue());
                double loss = Double.isFinite(last) ? Math.min(Math.max(last, worst), worst + (worst - best)) : worst;
                out.add(t.withValues(new double[] {direction == Direction.MINIMIZE ? loss : -loss}));
            }
        }
        return out;
    }

    /**
     * The FAIL trials of {@code failed} that hold a point of the encoded space no trial that did not
     * fail holds ({@code notFailed}: a failure retried there, or a transient one, is left out), each
     * point once: the points the failure model learns as failed.
     *
     * @param notFailed the {@link SpaceEncoding#key keys} of the points of the study's trials in any
     *     state but FAIL ({@link #notFailed})
     */
    static List<FrozenTrial> failedPoints(List<FrozenTrial> failed, SpaceEncoding enc, Set<List<Double>> notFailed) {
        List<FrozenTrial> out = new ArrayList<>();
        Set<List<Double>> seen = new HashSet<>();
        for (FrozenTrial t : failed) {
            double[] v =
                    t.state() == TrialState.FAIL ? enc.internalValues(t.internalParams(), t.distributions()) : null;
            if (v != null && !notFailed.contains(SpaceEncoding.key(v)) && seen.add(SpaceEncoding.key(v))) {
                out.add(t);
            }
        }
        return out;
    }

    /** The {@link SpaceEncoding#key keys} of the points of {@code trials} that did not FAIL. */
    static Set<List<Double>> notFailed(List<FrozenTrial> trials, SpaceEncoding enc) {
        Set<List<Double>> keys = new HashSet<>();
        for (FrozenTrial t : trials) {
            if (t.state() != TrialState.FAIL) {
                double[] v = enc.internalValues(t.internalParams(), t.distributions());
                if (v != null) {
                    keys.add(SpaceEncoding.key(v));
                }
            }
        }
        return keys;
    }

    /**
     * The completed trials of the space with one value per objective, at most {@code
     * maxObservations}: the best half (by loss, or by Pareto rank with several objectives) and the
     * most recent.
     */
    static List<FrozenTrial> select(
            List<FrozenTrial> completed, SpaceEncoding enc, List<Direction> directions, int maxObservations) {
        int m = directions.size();
        List<FrozenTrial> usable = new ArrayList<>();
        for (FrozenTrial t : completed) {
            if (t.valueCount() == m && enc.internalValues(t.internalParams(), t.distributions()) != null) {
                usable.add(t);
            }
        }
        if (usable.size() <= maxObservations) {
            return usable;
        }
        List<double[]> losses = new ArrayList<>();
        for (FrozenTrial t : usable) {
            double[] l = new double[m];
            for (int k = 0; k < m; k++) {
                l[k] = directions.get(k).asLoss(t.value(k));
            }
            losses.add(l);
        }
        double[] key = new double[usable.size()];
        if (m == 1) {
            for (int i = 0; i < key.length; i++) {
                key[i] = losses.get(i)[0];
            }
        } else {
            int[] ranks = Pareto.ranks(losses);
            for (int i = 0; i < key.length; i++) {
                key[i] = ranks[i];
            }
        }
        Integer[] order = new Integer[usable.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(
                order,
                Comparator.comparingDouble((Integer i) -> key[i])
                        .thenComparingInt(i -> usable.get(i).number()));
        Set<Integer> kept = new HashSet<>();
        for (int i = 0; i < maxObservations / 2; i++) {
            kept.add(order[i]);
        }
        for (int i = usable.size() - 1; i >= 0 && kept.size() < maxObservations; i--) {
            kept.add(i);
        }
        List<FrozenTrial> out = new ArrayList<>();
        for (int i = 0; i < usable.size(); i++) {
            if (kept.contains(i)) {
                out.add(usable.get(i));
            }
        }
        return out;
    }

    /** The sum of the positive constraint values. */
    static double violation(FrozenTrial t) {
        double sum = 0;
        for (double v : t.constraints()) {
            sum += Math.max(v, 0);
        }
        return sum;
    }

    /** How many constraints the observations report: the count of the latest one that reports any. */
    static int constraintCount(List<FrozenTrial> data) {
        for (int i = data.size() - 1; i >= 0; i--) {
            double[] c = data.get(i).constraints();
            if (c.length > 0) {
                return c.length;
            }
        }
        return 0;
    }
}
