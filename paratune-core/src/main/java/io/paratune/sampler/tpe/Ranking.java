package io.paratune.sampler.tpe;

import java.util.Arrays;

/**
 * TPE's ranking of its observations, best first, kept sorted as each one arrives: COMPLETE trials
 * by loss (infeasible ones after every feasible one, by violation), then PRUNED trials by the step
 * they reached (later is better) and their last value; ties by trial number. Each observation is
 * given as a (step, loss) key: COMPLETE trials have the step {@code -infinity} (infeasible: {@code
 * -Double.MAX_VALUE}), PRUNED trials minus their last step. Not thread-safe: {@link TpeStudyState} holds
 * it under its lock.
 */
final class Ranking {
    private int count;
    private int[] number = new int[16];
    private double[] step = new double[16];
    private double[] loss = new double[16];

    /** Inserts an observation at its place (a binary search and one shift). */
    void insert(int trialNumber, double trialStep, double trialLoss) {
        if (count == number.length) {
            number = Arrays.copyOf(number, count * 2);
            step = Arrays.copyOf(step, count * 2);
            loss = Arrays.copyOf(loss, count * 2);
        }
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (compare(mid, trialNumber, trialStep, trialLoss) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        System.arraycopy(number, lo, number, lo + 1, count - lo);
        System.arraycopy(step, lo, step, lo + 1, count - lo);
        System.arraycopy(loss, lo, loss, lo + 1, count - lo);
        number[lo] = trialNumber;
        step[lo] = trialStep;
        loss[lo] = trialLoss;
        count++;
    }

    private int compare(int r, int trialNumber, double trialStep, double trialLoss) {
        int c = Double.compare(step[r], trialStep);
        if (c == 0) {
            c = Double.compare(loss[r], trialLoss);
        }
        return c != 0 ? c : Integer.compare(number[r], trialNumber);
    }

    /** The trial numbers, best first. */
    int[] order() {
        return Arrays.copyOf(number, count);
    }

    /** The trial numbers of the {@code n} best observations ({@code n <= } the count). */
    int[] best(int n) {
        return Arrays.copyOf(number, n);
    }
}
