package io.paratune.cli;

import io.paratune.FrozenTrial;
import io.paratune.OptimizeOptions;
import io.paratune.Study;
import io.paratune.SystemAttributes;
import io.paratune.TrialLoop;
import io.paratune.TrialState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs trials of a study as subprocesses on {@code parallelism} threads until the study's trial
 * budget is spent, the run's time budget is up, the sampler is exhausted or the run is stopped:
 * core's {@link TrialLoop} with the CLI's seams, a {@link ProcessRunner} (the launch environment
 * and the mapping from a process outcome to a trial state) and a {@link SharedBudget} (the
 * {@code trials:} that every process working on the study shares). It also stops the run when the
 * study's first {@code max_initial_failures} trials all fail.
 */
final class StudyRunner {
    /** User attribute of a failed or interrupted trial that was enqueued again: it does not count. */
    static final String REQUEUED = "requeued";
    /**
     * Key of the enqueued parameters that carried the attempt number of a re-run in databases
     * written before re-runs went through {@link Study#enqueueRetry}: read, never written.
     */
    static final String LEGACY_ATTEMPT = "_paratune_attempt";

    private final StudyConfig config;
    private final Study study;
    private final TrialLoop loop;
    private final List<FrozenTrial> initialFailures = new ArrayList<>(); // guarded by this
    private volatile boolean armed;
    private volatile List<FrozenTrial> brokenStop;

    /** What a worker reports as trials start, report and end; called from several threads. */
    interface Reporter {
        /**
         * @param params the trial's parameters
         * @param device its CUDA_VISIBLE_DEVICES, or null on the CPU
         */
        void started(int trialNumber, Map<String, Object> params, String device);

        /** An intermediate value the trial printed (before it reaches the storage); must not block. */
        default void stepped(int trialNumber, int step, double value) {}

        void finished(FrozenTrial trial, boolean requeued);

        /** Something the user should know now, such as the storage going away. */
        default void notice(String message) {}
    }

    /**
     * @param study a study on {@code budget}, which creates its new trials within the budget
     * @param parallelism trials at once, already capped by GPU slots and CPUs
     * @param ownTrials the most trials this process starts (a worker's {@code --trials}); 0 for no cap
     * @param notes prints a line for the user (waiting for a lost trial, ...)
     */
    StudyRunner(
            StudyConfig config,
            Study study,
            BudgetStorage budget,
            int parallelism,
            Duration timeout,
            GpuSlots gpus,
            int ownTrials,
            Reporter reporter,
            Consumer<String> notes,
            Map<String, String> baseEnv) {
        this.config = config;
        this.study = study;
        OptimizeOptions.Builder options = OptimizeOptions.builder()
                .parallelism(parallelism)
                .devices(gpus.pool())
                .callback((s, trial) -> countInitialFailure(trial));
        if (timeout != null) {
            options.timeout(timeout);
        }
        this.loop = TrialLoop.builder(study, new ProcessRunner(config, study, reporter, baseEnv))
                .budget(CappedBudget.of(new SharedBudget(config, study, budget, notes), ownTrials))
                .options(options.build())
                .failRunningOnExit(false)
                .threadNames("paratune-worker-")
                .build();
    }

    /**
     * Runs until the end; returns true when it ended because it was stopped (Ctrl-C).
     *
     * @throws RuntimeException the first unexpected failure of a worker (storage down, ...)
     */
    boolean run() throws InterruptedException {
        armed = config.maxInitialFailures() > 0
                && study.trials(TrialState.COMPLETE, TrialState.PRUNED).isEmpty();
        loop.run();
        return loop.stopped();
    }

    boolean exhausted() {
        return loop.exhausted();
    }

    /**
     * The failed trials that stopped the run because the study's first {@code max_initial_failures}
     * trials all failed, or null when that did not happen.
     */
    List<FrozenTrial> initialFailureStop() {
        return brokenStop;
    }

    /** Stops the run: no new trial starts, running trial processes are stopped and re-enqueued. */
    void stop() {
        loop.stop();
    }

    /** Waits until every worker has recorded its last trial. */
    boolean awaitFinished(Duration max) throws InterruptedException {
        return loop.awaitFinished(max);
    }

    /**
     * Counts a failed trial while the study has not had one success yet; the {@code
     * max_initial_failures}-th stops the run (no new trial starts; running ones finish).
     */
    private void countInitialFailure(FrozenTrial t) {
        if (!armed) {
            return;
        }
        synchronized (this) {
            if (!armed) {
                return;
            }
            if (t.state() == TrialState.COMPLETE || t.state() == TrialState.PRUNED) {
                armed = false;
                return;
            }
            if (t.state() != TrialState.FAIL
                    || Boolean.TRUE.equals(t.userAttributes().get("interrupted"))
                    || loop.stopped()) {
                return;
            }
            initialFailures.add(t);
            if (initialFailures.size() >= config.maxInitialFailures()) {
                armed = false;
                brokenStop = List.copyOf(initialFailures);
                loop.finishRunning();
            }
        }
    }

    /** Whether a trial is a new one, not a re-run of a failed, interrupted or lost one. */
    static boolean isFresh(FrozenTrial t) {
        return Study.retryOf(t).isEmpty() && legacyAttempt(t) == 0;
    }

    /** The attempt number of a re-run enqueued by an earlier version (see {@link #LEGACY_ATTEMPT}), else 0. */
    static int legacyAttempt(FrozenTrial t) {
        Object fixed = t.systemAttributes().get(SystemAttributes.FIXED_PARAMS);
        return fixed instanceof Map<?, ?> m && m.get(LEGACY_ATTEMPT) instanceof Number n ? n.intValue() : 0;
    }

    /**
     * Whether a trial counts toward the {@code trials} budget: a new trial that started (a WAITING
     * enqueued one counts once it runs). Studies run before new trials were marked count their
     * started new trials the same way.
     */
    static boolean countsTowardBudget(FrozenTrial t) {
        return t.systemAttributes().containsKey(BudgetStorage.NEW_TRIAL)
                || (t.state() != TrialState.WAITING && isFresh(t));
    }

    /** Trials that count toward the budget (see {@link #countsTowardBudget}). */
    static int budgetUsed(List<FrozenTrial> trials) {
        int n = 0;
        for (FrozenTrial t : trials) {
            if (countsTowardBudget(t)) {
                n++;
            }
        }
        return n;
    }

    /** Counted trials without the mark: started before new trials were marked; they take places too. */
    static int unmarked(List<FrozenTrial> trials) {
        int n = 0;
        for (FrozenTrial t : trials) {
            if (countsTowardBudget(t) && !t.systemAttributes().containsKey(BudgetStorage.NEW_TRIAL)) {
                n++;
            }
        }
        return n;
    }

    /**
     * Trials whose outcome is final: finished, not enqueued again (interrupted, retried) and not
     * failed as lost with a re-run. Each new trial ends as exactly one of them.
     */
    static int settled(List<FrozenTrial> trials) {
        Set<Integer> rerun = new HashSet<>();
        for (FrozenTrial t : trials) {
            Study.retryOf(t).ifPresent(rerun::add);
        }
        int n = 0;
        for (FrozenTrial t : trials) {
            if (t.state().isFinished()
                    && !Boolean.TRUE.equals(t.userAttributes().get(REQUEUED))
                    && !rerun.contains(t.number())) {
                n++;
            }
        }
        return n;
    }

    /** The attempt of a trial: 1, or one more than the retries its chain has had. */
    static int attemptOf(FrozenTrial t) {
        if (Study.retryOf(t).isPresent() || t.systemAttributes().containsKey(SystemAttributes.RETRY_COUNT)) {
            return Study.retryCount(t) + 1;
        }
        return Math.max(1, legacyAttempt(t));
    }
}
