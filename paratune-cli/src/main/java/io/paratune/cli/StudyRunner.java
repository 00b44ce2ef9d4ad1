package io.paratune.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paratune.FrozenTrial;
import io.paratune.SamplerExhaustedException;
import io.paratune.Study;
import io.paratune.Trial;
import io.paratune.TrialAlreadyFinishedException;
import io.paratune.TrialState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs trials of a study as subprocesses on {@code parallelism} threads until the study's trial
 * budget is spent, the run's time budget is up, the sampler is exhausted or the run is stopped.
 *
 * <p>The trial budget is shared by every process working on the study: each new trial takes a
 * ticket from the study's {@code cli.trials} counter in the storage and starts only while the
 * tickets stay within {@code trials}. Re-runs (a failed trial retried, a trial interrupted by
 * Ctrl-C, a trial of a dead worker) are enqueued WAITING trials; they run first and take no ticket,
 * so they do not count.
 */
final class StudyRunner {
    static final String TICKETS = "cli.trials";
    /** User attribute of a failed or interrupted trial that was enqueued again: it does not count. */
    static final String REQUEUED = "requeued";
    /** Key of the enqueued parameters carrying the attempt number of a retried trial. */
    static final String ATTEMPT = "_paratune_attempt";
    /** User attribute of a new trial: the {@code trials} budget whose ticket it took. */
    static final String BUDGET = "budget";
    /** Exit code of a run that stopped because the storage stayed unreachable. */
    static final int STORAGE_UNREACHABLE = 75;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StudyConfig config;
    private final Study study;
    private final int parallelism;
    private final int trials;
    private final Duration timeout;
    private final GpuSlots gpus;
    private final Semaphore cpus;
    private final int cpusPerTrial;
    private final Reporter reporter;
    private final Map<String, String> baseEnv;
    private final OutputProtocol protocol;
    private final boolean prunes;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Set<TrialProcess> active = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();
    private volatile boolean done;
    private volatile boolean exhausted;
    private int otherBudgets;
    private int runningHere; // guarded by this
    private int finishedHere; // guarded by this
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

    StudyRunner(StudyConfig config, Study study, int parallelism, int trials, Duration timeout, GpuSlots gpus,
            Reporter reporter, Map<String, String> baseEnv) {
        this.config = config;
        this.study = study;
        this.parallelism = parallelism;
        this.trials = trials;
        this.timeout = timeout;
        this.gpus = gpus;
        this.reporter = reporter;
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
        countOtherBudgets();
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
     * Starts and runs one trial: a waiting (re-run) one if there is any, else a new one if the
     * budget allows. When the budget is spent but trials of this process still run (and may be
     * enqueued again), waits for one of them to end and returns true to look again.
     *
     * @return false when this worker has nothing more to do
     */
    private boolean startOne(List<String> held) throws InterruptedException {
        boolean ticketed;
        Trial trial;
        try {
            // a waiting (re-run or enqueued) trial first; a new one only with a ticket of the budget,
            // taken before it is created, so that processes joining at once never overrun the budget
            Optional<Trial> waiting = study.askEnqueued();
            if (waiting.isPresent()) {
                trial = waiting.get();
                ticketed = isFresh(trial.snapshot());
                if (ticketed) {
                    takeTicket(); // an enqueued new trial runs regardless, and counts toward the budget
                }
            } else {
                if (!takeTicket()) {
                    return awaitLocalTrial();
                }
                ticketed = true;
                trial = study.askNew();
            }
        } catch (SamplerExhaustedException e) {
            exhausted = true;
            done = true;
            return false;
        }
        if (ticketed && trials > 0) {
            trial.setUserAttribute(BUDGET, trials);
        }
        runTrial(trial, held);
        return true;
    }

    private synchronized boolean awaitLocalTrial() throws InterruptedException {
        if (runningHere == 0) {
            return false;
        }
        int before = finishedHere;
        while (finishedHere == before && stopping.getCount() > 0) {
            wait();
        }
        return true;
    }

    private synchronized void trialEnded() {
        finishedHere++;
        notifyAll();
    }

    /** Takes a ticket of the shared budget of new trials; false when the budget is spent. */
    private boolean takeTicket() {
        if (trials == 0) {
            return true;
        }
        long ticket = study.storage().nextSequenceValue(study.id(), TICKETS + "@" + trials);
        return ticket + otherBudgets < trials;
    }

    /**
     * Counts the finished new trials that runs with another {@code trials} setting started: they
     * took tickets of another counter. Each budget value has its own ticket counter, so that the
     * tickets a finished run took at the end of its budget do not shrink a larger budget later.
     */
    private void countOtherBudgets() {
        int n = 0;
        for (FrozenTrial t : study.trials()) {
            Object budget = t.userAttributes().get(BUDGET);
            if (isFresh(t) && t.state().isFinished()
                    && !(budget instanceof Number b && b.intValue() == trials)) {
                n++;
            }
        }
        otherBudgets = n;
    }

    /** Whether a trial is a new one (holds a ticket), not a re-run of a failed or interrupted one. */
    @SuppressWarnings("unchecked")
    static boolean isFresh(FrozenTrial t) {
        if (t.systemAttributes().containsKey("retry_of")) {
            return false;
        }
        Object fixed = t.systemAttributes().get("fixed_params");
        return !(fixed instanceof Map<?, ?> m && m.containsKey(ATTEMPT));
    }

    /** New trials of the study: each counts toward its budget. */
    static int fresh(Study study) {
        int n = 0;
        for (FrozenTrial t : study.trials()) {
            if (isFresh(t)) {
                n++;
            }
        }
        return n;
    }

    /** Trials that count toward the budget and are done or running (not re-run, not waiting). */
    static int counted(Study study) {
        int n = 0;
        for (FrozenTrial t : study.trials()) {
            if (t.state() != TrialState.WAITING && !Boolean.TRUE.equals(t.userAttributes().get(REQUEUED))) {
                n++;
            }
        }
        return n;
    }

    @SuppressWarnings("unchecked")
    private static int attemptOf(Trial trial) {
        Object fixed = trial.snapshot().systemAttributes().get("fixed_params");
        if (fixed instanceof Map<?, ?> m && m.get(ATTEMPT) instanceof Number n) {
            return n.intValue();
        }
        return 1;
    }

    private void runTrial(Trial trial, List<String> held) throws InterruptedException {
        Map<String, Object> chosen = new LinkedHashMap<>();
        for (ParamSpec p : config.params()) {
            if (p.active(chosen)) {
                chosen.put(p.name(), trial.suggest(p.distribution()));
            }
        }
        int attempt = attemptOf(trial);
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
            finish(trial, chosen, attempt, log, process.run(header));
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
    private void finish(Trial trial, Map<String, Object> chosen, int attempt, Path log, TrialProcess.Outcome outcome) {
        FrozenTrial end;
        boolean requeue = false;
        int nextAttempt = attempt;
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
                    nextAttempt = attempt + 1;
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
            Map<String, Object> again = new LinkedHashMap<>(chosen);
            again.put(ATTEMPT, nextAttempt);
            durably(trial, log, "its re-run", () -> {
                study.enqueue(again);
                return null;
            });
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
        int want = config.directions().size();
        if (values.length != want) {
            return "it printed " + values.length + " value(s) for " + want + " direction(s); print one value per"
                    + " direction (paratune: values=a,b or a JSON line with the metrics)";
        }
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return "it printed the value " + v + "; values must be finite numbers";
            }
        }
        return null;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("parameters cannot be written as JSON: " + e.getMessage(), e);
        }
    }
}
