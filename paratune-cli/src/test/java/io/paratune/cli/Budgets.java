package io.paratune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.paratune.FrozenTrial;
import io.paratune.TrialState;
import io.paratune.storage.StudyInfo;
import io.paratune.storage.jdbc.JdbcStorage;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a study from its real storage after the {@code paratune} processes ended and checks that
 * the {@code trials} budget was kept: as many new trials as the budget (re-runs of failed,
 * interrupted or lost trials do not count), each ending in exactly one final outcome, none RUNNING
 * or WAITING, every re-run (of a lost trial, or of one enqueued again) with its original's parameters.
 */
final class Budgets {
    private Budgets() {}

    /** What the storage holds for a study. */
    record Counts(int rows, int newTrials, int settled, Map<TrialState, Integer> states, int lostAndRerun) {
        int state(TrialState s) {
            return states.getOrDefault(s, 0);
        }
    }

    static List<FrozenTrial> trials(String url, String study) {
        try (JdbcStorage s = JdbcStorage.open(url)) {
            StudyInfo info = s.findStudy(study).orElseThrow();
            return s.trials(info.id());
        }
    }

    /** Asserts the budget was kept (as above) and returns the counts for further checks. */
    static Counts assertKept(String url, String study, int budget) {
        List<FrozenTrial> all = trials(url, study);
        Map<Integer, FrozenTrial> byNumber = new HashMap<>();
        all.forEach(t -> byNumber.put(t.number(), t));
        Map<TrialState, Integer> states = new EnumMap<>(TrialState.class);
        all.forEach(t -> states.merge(t.state(), 1, Integer::sum));
        assertThat(states)
                .as("no trial is left RUNNING or WAITING: %s", all)
                .doesNotContainKeys(TrialState.RUNNING, TrialState.WAITING);
        int newTrials = 0;
        int lost = 0;
        Map<Integer, Integer> reruns = new HashMap<>();
        List<FrozenTrial> legacyReruns = new ArrayList<>();
        for (FrozenTrial t : all) {
            java.util.OptionalInt retryOf = io.paratune.Study.retryOf(t);
            boolean legacyRerun = retryOf.isEmpty() && StudyRunner.legacyAttempt(t) > 0;
            if (retryOf.isEmpty() && !legacyRerun) {
                newTrials++;
            }
            if (legacyRerun) {
                legacyReruns.add(t);
            }
            if (retryOf.isPresent()) {
                int n = retryOf.getAsInt();
                reruns.merge(n, 1, Integer::sum);
                FrozenTrial original = byNumber.get(n);
                assertThat(t.params())
                        .as("trial %d re-runs trial %d with its parameters, in %s", t.number(), n, all)
                        .isEqualTo(original.params());
                if (!Boolean.TRUE.equals(original.userAttributes().get(StudyRunner.REQUEUED))) {
                    lost++;
                }
            }
        }
        assertThat(reruns.values())
                .as("each failed, interrupted or lost trial runs again at most once: %s", all)
                .allMatch(n -> n == 1);
        int settled = 0;
        for (FrozenTrial t : all) {
            boolean requeued = Boolean.TRUE.equals(t.userAttributes().get(StudyRunner.REQUEUED));
            boolean hasRerun = reruns.containsKey(t.number());
            if (t.state() == TrialState.FAIL && !requeued && !hasRerun) {
                assertThat(t.failureMessage())
                        .as("trial %d failed for its own reason, not lost", t.number())
                        .doesNotContain("no heartbeat");
            }
            if (requeued && !hasRerun) {
                // enqueued again by an earlier version: a later trial with its parameters, matched to no other
                FrozenTrial rerun = legacyReruns.stream()
                        .filter(r -> r.number() > t.number() && r.params().equals(t.params()))
                        .findFirst()
                        .orElse(null);
                assertThat(rerun)
                        .as(
                                "trial %d was enqueued again and its re-run ran with its parameters, in %s",
                                t.number(), all)
                        .isNotNull();
                legacyReruns.remove(rerun);
            }
            if (!requeued && !hasRerun) {
                settled++;
            }
        }
        assertThat(newTrials).as("new trials in %s", all).isEqualTo(budget);
        assertThat(settled).as("final outcomes, one per new trial, in %s", all).isEqualTo(budget);
        return new Counts(all.size(), newTrials, settled, states, lost);
    }
}
