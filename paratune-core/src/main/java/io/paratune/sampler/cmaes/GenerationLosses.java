package io.paratune.sampler.cmaes;

import io.paratune.TrialState;
import java.util.ArrayList;
import java.util.List;

/**
 * The values CMA-ES is told for one generation: COMPLETE members keep their losses, and PRUNED
 * members, which rank after every COMPLETE one (those stopped at a later step first, then by their
 * last intermediate value, NaN or none last, as TPE ranks them), get finite values above the worst
 * COMPLETE loss in that order (or ranks, where those overflow).
 */
final class GenerationLosses {
    private GenerationLosses() {}

    /**
     * The losses to tell for a generation: COMPLETE members keep theirs; PRUNED members get evenly
     * spaced values above the worst COMPLETE loss in their rank order (later step first, then lower
     * last loss), so the ranking, all CMA-ES uses, is the documented one and every value is finite.
     */
    static double[] of(List<GenerationLog.Member> told) {
        double best = Double.POSITIVE_INFINITY;
        double worst = Double.NEGATIVE_INFINITY;
        List<Integer> pruned = new ArrayList<>();
        for (int i = 0; i < told.size(); i++) {
            GenerationLog.Member m = told.get(i);
            if (m.state() == TrialState.COMPLETE) {
                best = Math.min(best, m.loss());
                worst = Math.max(worst, m.loss());
            } else {
                pruned.add(i);
            }
        }
        double[] ys = new double[told.size()];
        for (int i = 0; i < ys.length; i++) {
            ys[i] = told.get(i).loss();
        }
        if (pruned.isEmpty()) {
            return ys;
        }
        if (worst == Double.NEGATIVE_INFINITY) {
            best = 0;
            worst = 0;
        }
        // halves: the difference of two finite losses may overflow
        double gap = worst > best ? (worst / 2 - best / 2) / told.size() * 2 : 1;
        pruned.sort(
                java.util.Comparator.comparingInt((Integer i) -> -told.get(i).step())
                        .thenComparingDouble(i -> told.get(i).loss())
                        .thenComparingInt(i -> told.get(i).number()));
        double previous = worst;
        boolean ordered = true;
        for (int r = 0; r < pruned.size(); r++) {
            double y = worst + gap * (r + 1);
            ordered &= Double.isFinite(y) && y > previous;
            ys[pruned.get(r)] = y;
            previous = y;
        }
        return ordered ? ys : ranks(told, pruned);
    }

    /**
     * The losses as ranks, for a generation whose PRUNED members cannot be placed above the worst
     * COMPLETE loss in doubles (it is near the largest double, or the steps vanish in rounding):
     * COMPLETE members by loss (equal losses share a rank), then the PRUNED ones in {@code pruned}'s
     * order. CMA-ES uses only the order of the values, which ranks keep.
     */
    private static double[] ranks(List<GenerationLog.Member> told, List<Integer> pruned) {
        List<Integer> complete = new ArrayList<>();
        for (int i = 0; i < told.size(); i++) {
            if (told.get(i).state() == TrialState.COMPLETE) {
                complete.add(i);
            }
        }
        complete.sort(java.util.Comparator.comparingDouble(i -> told.get(i).loss()));
        double[] ys = new double[told.size()];
        int rank = -1;
        double last = Double.NaN;
        for (int i : complete) {
            double loss = told.get(i).loss();
            if (rank < 0 || loss != last) {
                rank++;
                last = loss;
            }
            ys[i] = rank;
        }
        for (int i : pruned) {
            ys[i] = ++rank;
        }
        return ys;
    }
}
