package io.paratune.pruner;

import static io.paratune.internal.Checks.require;

import io.paratune.FrozenTrial;
import io.paratune.StudyView;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.zip.CRC32;

/**
 * Hyperband (Li et al. 2018) over asynchronous successive halving, as Optuna's {@code
 * HyperbandPruner}: {@code n = floor(log_eta(maxResource / minResource)) + 1} brackets, bracket
 * {@code b} being successive halving whose first rung is at {@code minResource * eta^b}. Bracket
 * {@code b} gets a share {@code ceil(n * eta^(n-1-b) / (n-b))} of the trials, so aggressive
 * brackets get more of them. A trial's bracket is {@code CRC32("<study name>_<trial number>")}
 * modulo the sum of the shares, walked through the shares in order: a function of stored names
 * only, the same in every process (and the same as Optuna's). Samplers and the bracket's pruner see
 * only the trials of the trial's bracket ({@link #trialScope}). Rung records are the system
 * attributes {@code hyperband:bracket_<b>:rung_<k>}.
 */
final class HyperbandPruner implements Pruner {
    private final int minResource;
    private final int maxResource;
    private final int reductionFactor;
    private final List<SuccessiveHalvingPruner> brackets = new ArrayList<>();
    private final int[] shares;
    private final int totalShares;

    HyperbandPruner(int minResource, int maxResource, int reductionFactor, int bootstrapCount) {
        require(
                minResource >= 1,
                "hyperband: minResource=%d is below 1; give the steps of the smallest rung," + " 1 or more",
                minResource);
        require(
                maxResource >= minResource,
                "hyperband: maxResource=%d < minResource=%d; give the steps of a fully"
                        + " trained trial, at least minResource",
                maxResource,
                minResource);
        require(
                reductionFactor >= 2,
                "hyperband: reductionFactor=%d is below 2; give 2 or more (3 is usual)",
                reductionFactor);
        require(bootstrapCount >= 0, "hyperband: bootstrapCount=%d is negative; give 0 or more", bootstrapCount);
        this.minResource = minResource;
        this.maxResource = maxResource;
        this.reductionFactor = reductionFactor;
        int n = 1;
        for (long r = (long) minResource * reductionFactor; r <= maxResource; r *= reductionFactor) {
            n++;
        }
        shares = new int[n];
        int total = 0;
        for (int b = 0; b < n; b++) {
            brackets.add(new SuccessiveHalvingPruner(
                    minResource,
                    reductionFactor,
                    b,
                    bootstrapCount,
                    io.paratune.SystemAttributes.HYPERBAND_BRACKET_PREFIX + b + ":rung_"));
            int s = n - 1 - b;
            shares[b] = (int) Math.ceil(n * Math.pow(reductionFactor, s) / (s + 1));
            total += shares[b];
        }
        totalShares = total;
    }

    /** The number of brackets. */
    int bracketCount() {
        return brackets.size();
    }

    /** The bracket of trial {@code trialNumber} of study {@code studyName}. */
    int bracketOf(String studyName, int trialNumber) {
        CRC32 crc = new CRC32();
        crc.update((studyName + "_" + trialNumber).getBytes(StandardCharsets.UTF_8));
        long n = crc.getValue() % totalShares;
        for (int b = 0; b < shares.length; b++) {
            n -= shares[b];
            if (n < 0) {
                return b;
            }
        }
        throw new AssertionError("bracket shares do not cover " + crc.getValue() % totalShares);
    }

    @Override
    public boolean shouldPrune(StudyView study, FrozenTrial trial) {
        return brackets.get(bracketOf(study.studyName(), trial.number())).shouldPrune(study, trial);
    }

    @Override
    public Predicate<FrozenTrial> trialScope(String studyName, int trialNumber) {
        int bracket = bracketOf(studyName, trialNumber);
        return t -> bracketOf(studyName, t.number()) == bracket;
    }

    @Override
    public String toString() {
        return "HyperbandPruner[minResource=" + minResource + ", maxResource=" + maxResource + ", reductionFactor="
                + reductionFactor + ", brackets=" + brackets.size() + "]";
    }
}
