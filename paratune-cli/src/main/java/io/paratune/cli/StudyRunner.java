package io.paratune.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paratune.FrozenTrial;
import io.paratune.SamplerExhaustedException;
import io.paratune.Study;
import io.paratune.SystemAttributes;
import io.paratune.Trial;
import io.paratune.TrialAlreadyFinishedException;
import io.paratune.TrialState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs trials of a study as subprocesses on {@code parallelism} threads until the study's trial
 * budget is spent, the run's time budget is up, the sampler is exhausted or the run is stopped.
 *
 * <p>The trial budget is the number of new trials in the storage, shared by every process working
 * on the study: a new trial is created only while fewer than {@code trials} exist, counted under
 * the storage's lock ({@link BudgetStorage}). Re-runs (a failed trial retried, a trial interrupted
 * by Ctrl-C, a trial whose worker died) are enqueued WAITING trials; they run first and do not
 * count. When the budget is spent, a worker still waits for trials that may run again: its own
 * running ones, and RUNNING trials of other processes until their heartbeat shows the process
 * alive, or, when it stopped, until the trial is failed as lost and its re-run is enqueued.
 */
final class StudyRunner {
    /** User attribute of a failed or interrupted trial that was enqueued again: it does not count. */
    static final String REQUEUED = "requeued";
    /**
     * Key of the enqueued parameters that carried the attempt number of a re-run in databases
     * written before re-runs went through {@link Study#enqueueRetry}: read, never written.
     */
    static final String LEGACY_ATTEMPT = "_paratune_attempt";
    /** Exit code of a run that stopped because the storage stayed unreachable. */
    static final int STORAGE_UNREACHABLE = 75;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StudyConfig config;
    private final Study study;
    private final BudgetStorage budget;
    private final int parallelism;
    private final Duration timeout;
    private final GpuSlots gpus;
    private final Semaphore cpus;
    private final int cpusPerTrial;
    private final Reporter reporter;
    private final Consumer<String> notes;
    private final Map<String, String> baseEnv;
    private final OutputProtocol protocol;
    private final boolean prunes;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Set<TrialProcess> active = ConcurrentHashMap.newKeySet();
    private final Set<Integer> ours = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();
    private final Map<Integer, Watch> watched = new HashMap<>(); // guarded by this
    private final List<FrozenTrial> initialFailures = new ArrayList<>(); // guarded by this
    private volatile boolean done;
    private volatile boolean exhausted;
    private volatile boolean armed;
    private volatile List<FrozenTrial> brokenStop;
    private int runningHere; // guarded by this
    private int finishedHere; // guarded by this
    private int asking; // guarded by this: workers starting a trial now
    private long events; // guarded by this: changes of asking and ours
    private Instant deadline;

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
     * @param parallelism trials at once, already capped by GPU slots and CPUs
     * @param notes prints a line for the user (waiting for a lost trial, ...)
     */
    StudyRunner(StudyConfig config, Study study, BudgetStorage budget, int parallelism, Duration timeout,
            GpuSlots gpus, Reporter reporter, Consumer<String> notes, Map<String, String> baseEnv) {
        this.config = config;
        this.study = study;
        this.budget = budget;
        this.parallelism = parallelism;
        this.timeout = timeout;
        this.gpus = gpus;
        this.reporter = reporter;
        this.notes = notes;
        this.baseEnv = baseEnv;
        this.protocol = new OutputProtocol(config.metrics(), config.directions().size());
        this.prunes = !config.pruner().name().equals("none");
        if (config.cpusPerTrial() > 0) {
            int total = Runtime.getRuntime().availableProcessors();
            this.cpusPerTrial = (int) Math.ceil(config.cpusPerTrial());
            if (cpusPerTrial > total) {
                throw new UserError(config.file().getFileName() + ": cpus_per_trial=" + config.cpusPerTrial()
                        + " but this machine has " + total + " CPUs; lower cpus_per_trial");
            }
            this.cpus = new Semaphore(total, true);
        } else {
            this.cpusPerTrial = 0;
            this.cpus = null;
        }
    }

    /**
     * Runs until the end; returns true when it ended because it was stopped (Ctrl-C).
     *
     * @throws RuntimeException the first unexpected failure of a worker (storage down, ...)
     */
    boolean run() throws InterruptedException {
        deadline = timeout == null ? null : Instant.now().plus(timeout);
        armed = config.maxInitialFailures() > 0 && study.trials(TrialState.COMPLETE, TrialState.PRUNED).isEmpty();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < parallelism; i++) {
            Thread t = new Thread(this::workerLoop, "paratune-worker-" + i);
            t.start();
            workers.add(t);
        }
        try {
            for (Thread t : workers) {
                t.join();
            }
        } finally {
            finished.countDown();
        }
        Throwable f = fatal.get();
        if (f instanceof RuntimeException re) {
            throw re;
        }
        if (f instanceof Error e) {
            throw e;
        }
        return stopping.getCount() == 0;
    }

    boolean exhausted() {
        return exhausted;
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
        done = true;
        stopping.countDown();
        synchronized (this) {
            notifyAll();
        }
        for (TrialProcess p : active) {
            p.stop();
        }
    }

    /** Waits until every worker has recorded its last trial. */
    boolean awaitFinished(Duration max) throws InterruptedException {
        return finished.await(max.toMillis(), TimeUnit.MILLISECONDS);
    }

    private boolean mayStart() {
        return !done && stopping.getCount() > 0 && (deadline == null || Instant.now().isBefore(deadline));
    }

    private void workerLoop() {
        try {
            while (mayStart()) {
                List<String> held = gpus.pool().acquire();
                try {
                    if (cpus != null) {
                        cpus.acquire(cpusPerTrial);
                    }
                    try {
                        if (!mayStart() || !startOne(held)) {
                            return;
                        }
                    } finally {
                        if (cpus != null) {
                            cpus.release(cpusPerTrial);
                        }
                    }
                } finally {
                    gpus.pool().release(held);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            fatal.compareAndSet(null, t);
            done = true;
        }
    }

    /**
     * Starts and runs one trial: a waiting (re-run or enqueued) one if there is any, else a new one
     * if the budget allows. When the budget is spent but trials may still be enqueued again (this
     * process's running ones, or those of a process that may have died), waits and returns true
     * to look again.
     *
     * @return false when this worker has nothing more to do
     */
    private boolean startOne(List<String> held) throws InterruptedException {
        Trial trial;
        synchronized (this) {
            asking++;
        }
        try {
            trial = ask();
        } catch (SamplerExhaustedException e) {
            exhausted = true;
            done = true;
            return false;
        } finally {
            changed(() -> asking--);
        }
        if (trial == null) {
            return awaitMore();
        }
        try {
            runTrial(trial, held);
        } finally {
            changed(() -> ours.remove(trial.number()));
        }
        countInitialFailure(trial);
        return true;
    }

    /**
     * Starts a trial: a waiting one, else a new one within the budget; null when the budget is
     * spent. A started trial is among {@link #ours} before this returns.
     */
    private Trial ask() {
        // asking fails trials whose heartbeat is older than the grace period and enqueues their re-runs
        Optional<Trial> waiting = study.askEnqueued();
        if (waiting.isPresent()) {
            Trial trial = waiting.get();
            ours.add(trial.number());
            FrozenTrial snapshot = trial.snapshot();
            int legacyAttempt = legacyAttempt(snapshot);
            if (legacyAttempt > 0 && Study.retryOf(snapshot).isEmpty()) {
                // a re-run enqueued before re-runs were linked: its retries count on from its attempt
                study.storage().setSystemAttribute(snapshot.id(), SystemAttributes.RETRY_COUNT, legacyAttempt - 1);
            }
            if (isFresh(snapshot) && !snapshot.systemAttributes().containsKey(BudgetStorage.NEW_TRIAL)) {
                // an enqueued new trial runs regardless of the budget, and counts toward it
                study.storage().setSystemAttribute(snapshot.id(), BudgetStorage.NEW_TRIAL, true);
            }
            return trial;
        }
        if (study.sampler().reservesParams() && budget.spent(study.id())) {
            return null; // asking would take a point of the sampler for nothing
        }
        try {
            Trial trial = study.askNew();
            ours.add(trial.number());
            return trial;
        } catch (BudgetStorage.Spent spent) {
            return null;
        }
    }

    /** Changes what {@link #awaitMore} waits on, and wakes it. */
    private synchronized void changed(Runnable change) {
        change.run();
        events++;
        notifyAll();
    }

    /**
     * The budget is spent: waits for something that may still need running here. First this
     * process's trials being started or run (they may be enqueued again); then RUNNING trials of
     * other processes whose heartbeat has not moved since they were first seen, until it moves
     * (their process is alive and takes care of them) or they are failed as lost and their re-run
     * is enqueued. A WAITING trial (such a re-run) is looked for again before the worker ends.
     *
     * @return true to look for a trial again, false when nothing is left to wait for or run
     */
    private boolean awaitMore() throws InterruptedException {
        synchronized (this) {
            if (asking > 0 || !ours.isEmpty()) {
                long before = events;
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (events == before && !done && stopping.getCount() > 0 && System.nanoTime() < until) {
                    wait(1000);
                }
                return true;
            }
            // read under this lock: none of this process's trials is being started, so every RUNNING
            // trial not among ours belongs to another process
            if (!awaitingLostTrials()) {
                // a lost trial failed since this worker's claim found nothing has its re-run WAITING:
                // failing it and enqueueing the re-run is one write, done by any asking process, also by
                // this worker's own ask for a new trial just before it found the budget spent. Read after
                // the RUNNING trials, so that such a trial is seen in one state or the other
                return !study.trials(TrialState.WAITING).isEmpty();
            }
        }
        Duration step = config.heartbeatInterval().dividedBy(4);
        long millis = Math.max(50, Math.min(1000, step.toMillis()));
        stopping.await(millis, TimeUnit.MILLISECONDS);
        return true;
    }

    /**
     * Whether a RUNNING trial of another process may have lost its process; tells the user once.
     * Called holding this runner's lock.
     */
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
            if (ours.contains(number)) {
                continue;
            }
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
            notes.accept(newlyWatched.size() == 1
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

    private synchronized void trialEnded() {
        finishedHere++;
        notifyAll();
    }

    /**
     * Counts a failed trial while the study has not had one success yet; the {@code
     * max_initial_failures}-th stops the run (no new trial starts; running ones finish).
     */
    private void countInitialFailure(Trial trial) {
        if (!armed) {
            return;
        }
        FrozenTrial t = trial.snapshot();
        synchronized (this) {
            if (!armed) {
                return;
            }
            if (t.state() == TrialState.COMPLETE || t.state() == TrialState.PRUNED) {
                armed = false;
                return;
            }
            if (t.state() != TrialState.FAIL || Boolean.TRUE.equals(t.userAttributes().get("interrupted"))
                    || stopping.getCount() == 0) {
                return;
            }
            initialFailures.add(t);
            if (initialFailures.size() >= config.maxInitialFailures()) {
                armed = false;
                brokenStop = List.copyOf(initialFailures);
                done = true;
                notifyAll();
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
            if (t.state().isFinished() && !Boolean.TRUE.equals(t.userAttributes().get(REQUEUED))
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

    private void runTrial(Trial trial, List<String> held) throws InterruptedException {
        Map<String, Object> chosen = new LinkedHashMap<>();
        for (ParamSpec p : config.params()) {
            if (p.active(chosen)) {
                chosen.put(p.name(), trial.suggest(p.distribution()));
            }
        }
        int attempt = attemptOf(trial.snapshot());
        Map<String, Object> values = new LinkedHashMap<>(chosen);
        values.put("trial", trial.number());
        values.put("study", config.name());
        List<String> argv = config.command().render(values);
        Path log = config.logDir().resolve(String.format("trial-%05d.log", trial.number()));

        Map<String, String> env = new LinkedHashMap<>(baseEnv);
        env.putAll(config.env());
        env.put("PARATUNE_STUDY", config.name());
        env.put("PARATUNE_TRIAL", Integer.toString(trial.number()));
        env.put("PARATUNE_PARAMS", json(chosen));
        env.put("PARATUNE_LOG", log.toString());
        String visible = held.isEmpty() ? null : GpuSlots.visibleDevices(held);
        if (visible != null) {
            env.put("CUDA_VISIBLE_DEVICES", visible);
        }
        if (cpusPerTrial > 0) {
            for (String v : List.of("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")) {
                env.put(v, Integer.toString(cpusPerTrial));
            }
        }
        String line = CommandTemplate.shellLine(argv);
        String visibleDevices = visible;
        Path logFile = log;
        durably(trial, log, "its command and log file", () -> {
            trial.setUserAttribute("command", line);
            trial.setUserAttribute("log", logFile.toString());
            if (visibleDevices != null) {
                trial.setUserAttribute("cuda_visible_devices", visibleDevices);
            }
            if (attempt > 1) {
                trial.setUserAttribute("attempt", attempt);
            }
            return null;
        });
        String header = "# paratune trial " + trial.number() + " of study " + config.name() + (attempt > 1
                ? " (attempt " + attempt + ")" : "") + "\n# cwd: " + config.workdir() + "\n# command: " + line
                + (visible != null ? "\n# CUDA_VISIBLE_DEVICES=" + visible : "");

        int number = trial.number();
        TrialProcess.Listener listener = new TrialProcess.Listener() {
            @Override
            public void printed(int step, double value) {
                reporter.stepped(number, step, value);
            }

            @Override
            public void notice(String message) {
                reporter.notice("trial " + number + ": " + message);
            }

            @Override
            public void report(int step, double value) {
                trial.report(step, value);
            }

            @Override
            public void setAttribute(String key, Object value) {
                trial.setUserAttribute(key, value);
            }

            @Override
            public boolean shouldPrune() {
                return prunes && trial.shouldPrune();
            }
        };
        TrialProcess process = new TrialProcess(argv, config.workdir(), env, log, protocol, config.trialTimeout(),
                config.killGrace(), listener, stopping, Outages.PATIENCE);
        active.add(process);
        synchronized (this) {
            runningHere++;
        }
        reporter.started(number, chosen, visible);
        try {
            finish(trial, attempt, log, process.run(header));
        } finally {
            active.remove(process);
            synchronized (this) {
                runningHere--;
            }
            trialEnded();
        }
    }

    /**
     * Records how the trial ended, enqueues its re-run where one is due and reports it. The storage
     * calls are tried again while the storage is unreachable, for up to {@link Outages#PATIENCE}.
     */
    private void finish(Trial trial, int attempt, Path log, TrialProcess.Outcome outcome) {
        FrozenTrial end;
        boolean requeue = false;
        boolean retry = false;
        if (outcome.kind() == TrialProcess.Kind.COMPLETE) {
            String problem = checkValues(outcome.values());
            if (problem != null) {
                outcome = new TrialProcess.Outcome(TrialProcess.Kind.FAILED, null, problem);
            }
        }
        TrialProcess.Outcome o = outcome;
        try {
            switch (o.kind()) {
                case COMPLETE -> end = durably(trial, log, describe(o), () -> study.tell(trial, o.values()));
                case PRUNED -> end = durably(trial, log, describe(o), () -> study.tell(trial, TrialState.PRUNED));
                case INTERRUPTED -> {
                    String message = "interrupted: " + o.message() + "; it was enqueued again and runs first when the"
                            + " study resumes";
                    end = durably(trial, log, describe(o), () -> {
                        trial.setUserAttribute(REQUEUED, true);
                        trial.setUserAttribute("interrupted", true);
                        return study.fail(trial, message);
                    });
                    requeue = true;
                }
                default -> {
                    requeue = attempt <= config.retries();
                    retry = true;
                    String message = o.message() + (requeue ? " (retry " + attempt + " of " + config.retries()
                            + " enqueued)" : "") + "; log " + log + (o.tail().isEmpty() ? "" : "; last lines:\n"
                            + o.tail());
                    boolean again = requeue;
                    end = durably(trial, log, describe(o), () -> {
                        if (again) {
                            trial.setUserAttribute(REQUEUED, true);
                        }
                        return study.fail(trial, message);
                    });
                }
            }
        } catch (TrialAlreadyFinishedException e) {
            // finished meanwhile: by our own earlier try whose answer the outage lost, or by another
            // worker that took this trial for dead (it enqueues the re-run, if any)
            end = durably(trial, log, describe(o), trial::snapshot);
            if (end.state() != expected(o.kind())) {
                requeue = false;
                String message = "it was already finished as " + end.state() + " in the storage (another worker"
                        + " took it for dead while the storage was unreachable); " + describe(o)
                        + ", is kept in its log " + log;
                appendToLog(log, message);
                reporter.notice("trial " + trial.number() + ": " + message);
            }
        }
        if (requeue) {
            FrozenTrial failed = end;
            boolean counted = retry;
            durably(trial, log, "its re-run", () -> counted ? study.enqueueRetry(failed) : study.enqueueResume(failed));
        }
        reporter.finished(end, requeue);
    }

    private static TrialState expected(TrialProcess.Kind kind) {
        return switch (kind) {
            case COMPLETE -> TrialState.COMPLETE;
            case PRUNED -> TrialState.PRUNED;
            default -> TrialState.FAIL;
        };
    }

    private static String describe(TrialProcess.Outcome o) {
        return "its outcome, " + switch (o.kind()) {
            case COMPLETE -> "COMPLETE with " + (o.values().length == 1 ? "value " + o.values()[0]
                    : "values " + java.util.Arrays.toString(o.values()));
            case PRUNED -> "PRUNED";
            case INTERRUPTED -> "interrupted";
            default -> "FAIL: " + o.message();
        };
    }

    /**
     * Runs a storage call for a trial, trying it again while the storage is unreachable ({@link
     * Outages}) for up to {@link Outages#PATIENCE} since the first failure. Then it gives up loudly:
     * what was not recorded is written into the trial's log and the run stops with a message saying so.
     *
     * @param what what the call records, for the messages ("its outcome, COMPLETE with value 0.5")
     */
    private <T> T durably(Trial trial, Path log, String what, java.util.function.Supplier<T> call) {
        long since = 0;
        int attempt = 0;
        while (true) {
            try {
                T result = call.get();
                if (attempt > 0) {
                    reporter.notice("trial " + trial.number() + ": the storage is back; recorded");
                }
                return result;
            } catch (RuntimeException e) {
                if (!Outages.isOutage(e)) {
                    throw e;
                }
                long now = System.nanoTime();
                if (attempt == 0) {
                    since = now;
                    reporter.notice("trial " + trial.number() + ": the storage is unreachable ("
                            + Recorder.firstLine(e.getMessage()) + "); trying again for up to "
                            + Durations.format(Outages.PATIENCE));
                }
                if (now - since >= Outages.PATIENCE.toNanos()) {
                    String kept = "the storage stayed unreachable for " + Durations.format(Outages.PATIENCE)
                            + "; " + what + " was not recorded";
                    appendToLog(log, kept);
                    throw new UserError("trial " + trial.number() + " of study '" + config.name() + "': " + kept
                            + " (kept in its log " + log + "). Last error: " + Recorder.firstLine(e.getMessage())
                            + "; start the database again and rerun the study: the trial is taken for dead and"
                            + " runs again", STORAGE_UNREACHABLE);
                }
                attempt++;
                try {
                    TimeUnit.MILLISECONDS.sleep(Outages.backoffMillis(attempt));
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static void appendToLog(Path log, String message) {
        try {
            java.nio.file.Files.writeString(log, "# paratune: " + message + "\n", java.nio.charset.StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException | RuntimeException e) {
            // the message goes to the console as well
        }
    }

    private String checkValues(double[] values) {
        return io.paratune.ObjectiveValues.problem(values, config.directions()).map(p -> "it printed " + p
                + (values.length == config.directions().size() ? "" : " (paratune: values=a,b or a JSON line with the"
                        + " metrics)")).orElse(null);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("parameters cannot be written as JSON: " + e.getMessage(), e);
        }
    }
}
