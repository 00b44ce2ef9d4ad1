package io.paratune.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paratune.FrozenTrial;
import io.paratune.SamplerExhaustedException;
import io.paratune.Study;
import io.paratune.Trial;
import io.paratune.TrialState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * <p>The trial budget is shared by every process working on the study: each trial start takes a
 * ticket from the study's {@code cli.trials} counter in the storage, and may start while tickets
 * taken stay below {@code trials} plus the number of trials that were run again (failed trials
 * retried, trials interrupted by Ctrl-C, trials of dead workers), which do not count.
 */
final class StudyRunner {
    static final String TICKETS = "cli.trials";
    /** User attribute of a failed or interrupted trial that was enqueued again: it does not count. */
    static final String REQUEUED = "requeued";
    /** Key of the enqueued parameters carrying the attempt number of a retried trial. */
    static final String ATTEMPT = "_paratune_attempt";
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
    private Instant deadline;

    /** What a worker reports as trials start and end. */
    interface Reporter {
        void started(int trialNumber);

        void finished(FrozenTrial trial, boolean requeued);
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
                        if (!mayStart() || !takeTicket()) {
                            done = true;
                            return;
                        }
                        Trial trial;
                        try {
                            trial = study.ask();
                        } catch (SamplerExhaustedException e) {
                            exhausted = true;
                            done = true;
                            return;
                        }
                        runTrial(trial, held);
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

    /** Takes a ticket of the shared trial budget; false when the budget is spent. */
    private boolean takeTicket() {
        if (trials == 0) {
            return true;
        }
        long ticket = study.storage().nextSequenceValue(study.id(), TICKETS);
        return ticket < trials + uncounted(study);
    }

    /** Trials that were run again and so do not count toward the budget. */
    static int uncounted(Study study) {
        int n = 0;
        for (FrozenTrial t : study.trials()) {
            if (Boolean.TRUE.equals(t.userAttributes().get(REQUEUED)) || t.systemAttributes().containsKey("retry_of")) {
                n++;
            }
        }
        return n;
    }

    /** How many trials count toward the budget so far (finished or running, not re-run). */
    static int counted(Study study) {
        return study.trials().size() - uncounted(study) - study.trials(TrialState.WAITING).size();
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
        trial.setUserAttribute("command", line);
        trial.setUserAttribute("log", log.toString());
        if (visible != null) {
            trial.setUserAttribute("cuda_visible_devices", visible);
        }
        if (attempt > 1) {
            trial.setUserAttribute("attempt", attempt);
        }
        String header = "# paratune trial " + trial.number() + " of study " + config.name() + (attempt > 1
                ? " (attempt " + attempt + ")" : "") + "\n# cwd: " + config.workdir() + "\n# command: " + line
                + (visible != null ? "\n# CUDA_VISIBLE_DEVICES=" + visible : "");

        TrialProcess process = new TrialProcess(argv, config.workdir(), env, log, protocol, config.trialTimeout(),
                config.killGrace(), (step, value) -> {
                    trial.report(step, value);
                    return prunes && trial.shouldPrune();
                }, stopping);
        active.add(process);
        reporter.started(trial.number());
        TrialProcess.Outcome outcome;
        try {
            outcome = process.run(header);
        } finally {
            active.remove(process);
        }
        FrozenTrial end;
        boolean requeue = false;
        int nextAttempt = attempt;
        if (outcome.kind() == TrialProcess.Kind.COMPLETE) {
            String problem = checkValues(outcome.values());
            if (problem != null) {
                outcome = new TrialProcess.Outcome(TrialProcess.Kind.FAILED, null, problem + "; log " + log);
            }
        }
        switch (outcome.kind()) {
            case COMPLETE -> end = study.tell(trial, outcome.values());
            case PRUNED -> end = study.tell(trial, TrialState.PRUNED);
            case INTERRUPTED -> {
                trial.setUserAttribute(REQUEUED, true);
                trial.setUserAttribute("interrupted", true);
                end = study.fail(trial, "interrupted: " + outcome.message() + "; it was enqueued again and runs"
                        + " first when the study resumes");
                requeue = true;
            }
            default -> {
                requeue = attempt <= config.retries();
                nextAttempt = attempt + 1;
                if (requeue) {
                    trial.setUserAttribute(REQUEUED, true);
                }
                end = study.fail(trial, outcome.message() + (requeue ? "\n(retry " + attempt + " of "
                        + config.retries() + " enqueued)" : ""));
            }
        }
        if (requeue) {
            Map<String, Object> again = new LinkedHashMap<>(chosen);
            again.put(ATTEMPT, nextAttempt);
            study.enqueue(again);
        }
        reporter.finished(end, requeue);
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
