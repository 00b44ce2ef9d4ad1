package io.paratune.cli;

import io.paratune.FrozenTrial;
import io.paratune.Study;
import io.paratune.SystemAttributes;
import io.paratune.Trial;
import io.paratune.TrialBudget;
import io.paratune.TrialState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The study file's {@code trials:} as a {@link TrialBudget} shared by every process working on the
 * study: a new trial is created only while fewer than {@code trials} exist, counted under the
 * storage's lock ({@link BudgetStorage}). Re-runs (a failed trial retried, a trial interrupted by
 * Ctrl-C, a trial whose worker died) are enqueued WAITING trials; they run first and do not count.
 * When the budget is spent, a worker still waits for trials that may run again: its loop's own
 * running ones, and RUNNING trials of other processes until their heartbeat shows the process
 * alive, or, when it stopped, until the trial is failed as lost and its re-run is enqueued.
 */
final class SharedBudget implements TrialBudget {
    private final StudyConfig config;
    private final Study study;
    private final BudgetStorage budget;
    private final Consumer<String> notes;
    private final Map<Integer, Watch> watched = new HashMap<>(); // guarded by the loop's lock

    /** A RUNNING trial of another process, as first seen: its heartbeat then, and when. */
    private static final class Watch {
        final Instant beat;
        final Instant seen;
        boolean alive;
        boolean announced;

        Watch(Instant beat, Instant seen) {
            this.beat = beat;
            this.seen = seen;
        }
    }

    /**
     * @param study a study on {@code budget}, which creates its new trials within the budget
     * @param notes prints a line for the user (waiting for a lost trial, ...)
     */
    SharedBudget(StudyConfig config, Study study, BudgetStorage budget, Consumer<String> notes) {
        this.config = config;
        this.study = study;
        this.budget = budget;
        this.notes = notes;
    }

    /** Starts a waiting trial (a re-run or an enqueued one) if any, else a new one within the budget. */
    @Override
    public Optional<Trial> start(Study study, List<String> devices) {
        // asking fails trials whose heartbeat is older than the grace period and enqueues their re-runs
        Optional<Trial> waiting = study.askEnqueued();
        if (waiting.isPresent()) {
            Trial trial = waiting.get();
            FrozenTrial snapshot = trial.snapshot();
            int legacyAttempt = StudyRunner.legacyAttempt(snapshot);
            if (legacyAttempt > 0 && Study.retryOf(snapshot).isEmpty()) {
                // a re-run enqueued before re-runs were linked: its retries count on from its attempt
                study.storage().setSystemAttribute(snapshot.id(), SystemAttributes.RETRY_COUNT, legacyAttempt - 1);
            }
            if (StudyRunner.isFresh(snapshot) && !snapshot.systemAttributes().containsKey(BudgetStorage.NEW_TRIAL)) {
                // an enqueued new trial runs regardless of the budget, and counts toward it
                study.storage().setSystemAttribute(snapshot.id(), BudgetStorage.NEW_TRIAL, true);
            }
            return waiting;
        }
        if (study.sampler().reservesParams() && budget.spent(study.id())) {
            return Optional.empty(); // asking would take a point of the sampler for nothing
        }
        try {
            return Optional.of(study.askNew());
        } catch (BudgetStorage.Spent spent) {
            return Optional.empty();
        }
    }

    /**
     * The budget is spent: waits for something that may still need running here. First this loop's
     * trials being started or run (they may be enqueued again); then RUNNING trials of other
     * processes whose heartbeat has not moved since they were first seen, until it moves (their
     * process is alive and takes care of them) or they are failed as lost and their re-run is
     * enqueued. A WAITING trial (such a re-run) is looked for again before the worker ends.
     */
    @Override
    public boolean awaitMore(Loop loop) throws InterruptedException {
        Optional<Next> next = loop.whenIdle(
                () -> {
                    // read while none of this loop's trials is being started: every RUNNING trial belongs to
                    // another process
                    if (awaitingLostTrials()) {
                        return Next.WAIT;
                    }
                    // a lost trial failed since this worker's claim found nothing has its re-run WAITING:
                    // failing it and enqueueing the re-run is one write, done by any asking process, also by
                    // this worker's own ask for a new trial just before it found the budget spent. Read after
                    // the RUNNING trials, so that such a trial is seen in one state or the other
                    return study.trials(TrialState.WAITING).isEmpty() ? Next.END : Next.LOOK_AGAIN;
                },
                Duration.ofSeconds(5));
        if (next.isEmpty() || next.get() == Next.LOOK_AGAIN) {
            return true; // one of this loop's trials ended, or a re-run is waiting
        }
        if (next.get() == Next.END) {
            return false;
        }
        Duration step = config.heartbeatInterval().dividedBy(4);
        loop.pause(Duration.ofMillis(Math.max(50, Math.min(1000, step.toMillis()))));
        return true;
    }

    private enum Next {
        LOOK_AGAIN,
        WAIT,
        END
    }

    /** Whether a RUNNING trial of another process may have lost its process; tells the user once. */
    private boolean awaitingLostTrials() {
        Map<Integer, Instant> beats = budget.lastBeats(study.id());
        Instant now = Instant.now();
        Duration interval = config.heartbeatInterval();
        Duration grace = config.heartbeatGrace();
        // a live process beats every interval: a beat that has not moved for two intervals is lost
        Duration patience = interval.multipliedBy(2).plusSeconds(1);
        boolean waiting = false;
        Set<Integer> newlyWatched = new TreeSet<>();
        List<String> lost = new ArrayList<>();
        watched.keySet().retainAll(beats.keySet());
        for (Map.Entry<Integer, Instant> e : beats.entrySet()) {
            int number = e.getKey();
            Watch w = watched.get(number);
            if (w == null) {
                w = new Watch(e.getValue(), now);
                watched.put(number, w);
                newlyWatched.add(number);
            }
            if (w.alive || !e.getValue().equals(w.beat)) {
                w.alive = true;
                continue;
            }
            waiting = true;
            if (!w.announced && Duration.between(w.seen, now).compareTo(patience) >= 0) {
                w.announced = true;
                Duration silent = Duration.between(w.beat, now);
                Duration left = grace.minus(silent);
                lost.add("trial " + number + " has had no heartbeat for " + Durations.format(silent)
                        + ": its process seems to have died; it is failed and run again "
                        + (left.isNegative() ? "now" : "in " + Durations.format(left)) + " (heartbeat grace "
                        + Durations.format(grace) + ")");
            }
        }
        if (!newlyWatched.isEmpty() && waiting) {
            String numbers = newlyWatched.toString().replaceAll("[\\[\\]]", "");
            notes.accept(
                    newlyWatched.size() == 1
                            ? "trial " + numbers + " runs in another process; waiting to see its heartbeat (every "
                                    + Durations.format(interval) + "): if that process died, the trial is failed after "
                                    + Durations.format(grace) + " without one and run again here"
                            : "trials " + numbers + " run in other processes; waiting to see their heartbeats (every "
                                    + Durations.format(interval) + "): a trial whose process died is failed after "
                                    + Durations.format(grace) + " without one and run again here");
        }
        lost.forEach(notes);
        return waiting;
    }
}
