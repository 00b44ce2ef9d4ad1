package io.paratune.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paratune.FrozenTrial;
import io.paratune.Study;
import io.paratune.Trial;
import io.paratune.TrialAlreadyFinishedException;
import io.paratune.TrialRunner;
import io.paratune.TrialState;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The CLI's {@link TrialRunner}: runs a trial as a subprocess of the study file's command, with
 * its launch environment (argv, environment, {@code CUDA_VISIBLE_DEVICES}, thread counts, log
 * file), and maps how the process ended to the trial's state: COMPLETE, PRUNED, FAIL with a retry
 * ({@code retries:}, {@link Study#enqueueRetry}) or, when the run was stopped, FAIL enqueued again
 * ({@link Study#enqueueResume}). While the storage is unreachable its calls are tried again for
 * up to {@link Outages#PATIENCE}.
 */
final class ProcessRunner implements TrialRunner {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StudyConfig config;
    private final Study study;
    private final StudyRunner.Reporter reporter;
    private final Map<String, String> baseEnv;
    private final OutputProtocol protocol;
    private final boolean prunes;
    private final Semaphore cpus;
    private final int cpusPerTrial;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Set<TrialProcess> active = ConcurrentHashMap.newKeySet();

    ProcessRunner(StudyConfig config, Study study, StudyRunner.Reporter reporter, Map<String, String> baseEnv) {
        this.config = config;
        this.study = study;
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

    @Override
    public FrozenTrial run(Trial trial, List<String> held) throws InterruptedException {
        if (cpus == null) {
            return runTrial(trial, held);
        }
        cpus.acquire(cpusPerTrial);
        try {
            return runTrial(trial, held);
        } finally {
            cpus.release(cpusPerTrial);
        }
    }

    /** Stops the running trial processes; each is recorded as interrupted and enqueued again. */
    @Override
    public void stopRunning() {
        stopping.countDown();
        for (TrialProcess p : active) {
            p.stop();
        }
    }

    private FrozenTrial runTrial(Trial trial, List<String> held) throws InterruptedException {
        Map<String, Object> chosen = new LinkedHashMap<>();
        for (ParamSpec p : config.params()) {
            if (p.active(chosen)) {
                chosen.put(p.name(), trial.suggest(p.distribution()));
            }
        }
        int attempt = StudyRunner.attemptOf(trial.snapshot());
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
        String header = "# paratune trial " + trial.number() + " of study " + config.name()
                + (attempt > 1 ? " (attempt " + attempt + ")" : "") + "\n# cwd: " + config.workdir() + "\n# command: "
                + line
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
        TrialProcess process = new TrialProcess(
                argv,
                config.workdir(),
                env,
                log,
                protocol,
                config.trialTimeout(),
                config.killGrace(),
                listener,
                stopping,
                Outages.PATIENCE);
        active.add(process);
        reporter.started(number, chosen, visible);
        try {
            return finish(trial, attempt, log, process.run(header));
        } finally {
            active.remove(process);
        }
    }

    /**
     * Records how the trial ended, enqueues its re-run where one is due and reports it. The storage
     * calls are tried again while the storage is unreachable, for up to {@link Outages#PATIENCE}.
     */
    private FrozenTrial finish(Trial trial, int attempt, Path log, TrialProcess.Outcome outcome) {
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
                        trial.setUserAttribute(StudyRunner.REQUEUED, true);
                        trial.setUserAttribute("interrupted", true);
                        return study.fail(trial, message);
                    });
                    requeue = true;
                }
                default -> {
                    requeue = attempt <= config.retries();
                    retry = true;
                    String message = o.message()
                            + (requeue ? " (retry " + attempt + " of " + config.retries() + " enqueued)" : "")
                            + "; log " + log + (o.tail().isEmpty() ? "" : "; last lines:\n" + o.tail());
                    boolean again = requeue;
                    end = durably(trial, log, describe(o), () -> {
                        if (again) {
                            trial.setUserAttribute(StudyRunner.REQUEUED, true);
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
        return end;
    }

    private static TrialState expected(TrialProcess.Kind kind) {
        return switch (kind) {
            case COMPLETE -> TrialState.COMPLETE;
            case PRUNED -> TrialState.PRUNED;
            default -> TrialState.FAIL;
        };
    }

    private static String describe(TrialProcess.Outcome o) {
        return "its outcome, "
                + switch (o.kind()) {
                    case COMPLETE ->
                        "COMPLETE with "
                                + (o.values().length == 1
                                        ? "value " + o.values()[0]
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
                    String kept = "the storage stayed unreachable for " + Durations.format(Outages.PATIENCE) + "; "
                            + what + " was not recorded";
                    appendToLog(log, kept);
                    throw new UserError(
                            "trial " + trial.number() + " of study '" + config.name() + "': " + kept
                                    + " (kept in its log " + log + "). Last error: "
                                    + Recorder.firstLine(e.getMessage())
                                    + "; start the database again and rerun the study: the trial is taken for dead and"
                                    + " runs again",
                            ExitCode.STORAGE_UNREACHABLE.code());
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
            java.nio.file.Files.writeString(
                    log,
                    "# paratune: " + message + "\n",
                    java.nio.charset.StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException | RuntimeException e) {
            // the message goes to the console as well
        }
    }

    private String checkValues(double[] values) {
        return io.paratune.ObjectiveValues.problem(values, config.directions())
                .map(p -> "it printed " + p
                        + (values.length == config.directions().size()
                                ? ""
                                : " (paratune: values=a,b or a JSON line with the" + " metrics)"))
                .orElse(null);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("parameters cannot be written as JSON: " + e.getMessage(), e);
        }
    }
}
