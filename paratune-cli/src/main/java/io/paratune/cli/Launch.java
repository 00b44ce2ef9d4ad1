package io.paratune.cli;

import io.paratune.FrozenTrial;
import io.paratune.Study;
import io.paratune.StudyBuilder;
import io.paratune.TrialState;
import io.paratune.storage.StudyInfo;
import io.paratune.storage.jdbc.JdbcStorage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** What {@code paratune run} and {@code paratune worker} share: open the study, run trials, sum up. */
final class Launch {
    /**
     * How often a trial whose process died (its heartbeat stopped) runs again, in a chain, before
     * it stays FAIL, beyond the study's {@code retries}: a lost trial is not the command's fault.
     */
    static final int LOST_TRIAL_RERUNS = 3;
    /**
     * The retries a chain may have when its last trial was lost: one chain count ({@link
     * Study#retryCount}) holds the re-runs of failed and of lost trials, as Optuna's and Ray's
     * retry limits count every failure of a chain; lost runs get {@link #LOST_TRIAL_RERUNS} more.
     */
    static int lostTrialReruns(StudyConfig config) {
        return LOST_TRIAL_RERUNS + config.retries();
    }

    /** Storage counter taken by the process that enqueues the study file's {@code enqueue:} list. */
    static final String FILE_ENQUEUED = "cli.file_enqueued";

    /**
     * Options from the command line that override the study file.
     *
     * @param trials null to keep the file's
     * @param parallelism null to keep the file's
     * @param timeout null to keep the file's
     * @param join whether a study of the same name started from another study file may be joined
     * @param showRunning how often to show the table of running trials, or null for never
     */
    record Overrides(
            Integer trials,
            Integer parallelism,
            Duration timeout,
            boolean progress,
            boolean worker,
            boolean join,
            Duration showRunning,
            Integer ownTrials) {}

    private Launch() {}

    static int run(
            StudyConfig config,
            String storageUrl,
            Overrides o,
            PrintWriter out,
            PrintWriter err,
            Map<String, String> env,
            boolean liveBar)
            throws InterruptedException {
        Preflight.Result checked = Preflight.check(config, storageUrl, env); // before anything is created
        try (JdbcStorage storage = Stores.open(storageUrl)) {
            Opened opened = open(storage, config, o, true, err);
            Study study = opened.study();
            BudgetStorage budget = opened.budget();
            int trials = opened.trials();
            GpuSlots gpus = checked.gpus();
            List<String> why = new ArrayList<>();
            int parallelism = parallelism(config, o, gpus, why);
            Duration timeout = o.timeout() != null ? o.timeout() : config.timeout();

            List<FrozenTrial> all = study.trials();
            int used = StudyRunner.budgetUsed(all);
            int settled = StudyRunner.settled(all);
            int waiting = (int)
                    all.stream().filter(t -> t.state() == TrialState.WAITING).count();
            int running = (int)
                    all.stream().filter(t -> t.state() == TrialState.RUNNING).count();
            List<String> before = new ArrayList<>();
            if (settled > 0 || waiting > 0 || running > 0) {
                before.add(settled + " done before");
            }
            if (waiting > 0) {
                before.add(waiting + " to resume");
            }
            if (running > 0) {
                before.add(running + " running in other processes");
            }
            err.println("study '" + config.name() + "' in " + storage.url() + ": sampler "
                    + config.sampler().name()
                    + ", pruner " + config.pruner().name() + ", parallelism " + parallelism
                    + (why.isEmpty() ? "" : " (" + String.join("; ", why) + ")")
                    + (trials > 0 ? ", trials " + trials : "")
                    + (o.ownTrials() != null ? ", at most " + o.ownTrials() + " from this worker" : "")
                    + (timeout != null ? ", timeout " + Durations.format(timeout) : "")
                    + (before.isEmpty() ? "" : " (" + String.join(", ", before) + ")"));
            if (gpus.note() != null) {
                err.println(gpus.note());
            }
            err.println("trial logs: " + config.logDir());
            err.flush();
            if (trials > 0 && used >= trials && waiting == 0 && running == 0) {
                err.println("study '" + config.name() + "' already has "
                        + (used == trials ? "its " + trials : used + " new") + " trials"
                        + (used > trials ? ", more than the " + trials + " asked" : "")
                        + "; raise trials (or pass --trials N) to run more");
                Summary.print(out, config, study, Duration.ZERO);
                return ExitCode.OK.code();
            }

            Instant start = Instant.now();
            Progress progress = new Progress(
                    err,
                    config.name(),
                    config.directions(),
                    trials > 0 ? trials : 0,
                    Math.min(settled, trials > 0 ? trials : settled),
                    liveBar && o.progress(),
                    bestOrNull(study),
                    o.showRunning());
            StudyRunner runner = new StudyRunner(
                    config,
                    study,
                    budget,
                    parallelism,
                    timeout,
                    gpus,
                    o.ownTrials() != null ? o.ownTrials() : 0,
                    progress,
                    line -> {
                        synchronized (err) {
                            err.println(line);
                            err.flush();
                        }
                    },
                    env);
            CountDownLatch reported = new CountDownLatch(1);
            Thread hook = new Thread(
                    () -> {
                        runner.stop();
                        try {
                            runner.awaitFinished(Duration.ofSeconds(60));
                            reported.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "paratune-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            boolean stopped;
            try {
                stopped = runner.run();
            } finally {
                progress.close();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it waits for the report below
                }
            }
            try {
                if (stopped) {
                    err.println("stopped: running trials were stopped and enqueued again; run the same command"
                            + " again to resume study '" + config.name() + "'");
                    err.flush();
                    return ExitCode.INTERRUPTED.code();
                }
                if (runner.exhausted()) {
                    err.println("the " + config.sampler().name() + " sampler has no more points to try");
                }
                Summary.print(out, config, study, Duration.between(start, Instant.now()));
                List<FrozenTrial> broken = runner.initialFailureStop();
                if (broken != null) {
                    err.println(brokenCommand(config, broken));
                    err.flush();
                    return ExitCode.BROKEN_COMMAND.code();
                }
                if (study.trials(TrialState.COMPLETE, TrialState.PRUNED).isEmpty()
                        && !study.trials(TrialState.FAIL).isEmpty()) {
                    err.println(
                            "every trial failed; read the trial logs in " + config.logDir() + " and fix the command");
                    err.flush();
                    return ExitCode.ALL_FAILED.code();
                }
                return ExitCode.OK.code();
            } finally {
                out.flush();
                err.flush();
                reported.countDown();
            }
        }
    }

    /**
     * A study opened for a command: on the storage that keeps its {@code trials} budget.
     *
     * @param trials the budget (the option's, else the file's); 0 for none
     * @param created whether this command created the study
     * @param enqueued how many configurations of the file's {@code enqueue:} this command enqueued
     */
    record Opened(Study study, BudgetStorage budget, int trials, boolean created, int enqueued) {}

    /**
     * Opens (or creates) the study of a study file as {@code run} does, for every command that adds
     * trials ({@code run}, {@code worker}, {@code create}, {@code ask}, {@code enqueue}): checks the
     * directions and, except for a worker, that the study is this file's own ({@link
     * #checkSameStudy}), then keeps the study file with the study. A study this call creates gets the
     * file's {@code enqueue:} configurations, once even when several processes create it at once.
     *
     * @param heartbeat whether trials started through the study beat a heartbeat (not for trials
     *     asked from the shell, which no process runs)
     */
    static Opened open(JdbcStorage storage, StudyConfig config, Overrides o, boolean heartbeat, PrintWriter err) {
        Optional<StudyInfo> existing = storage.findStudy(config.name());
        List<FrozenTrial> earlier =
                existing.map(info -> storage.trials(info.id())).orElse(List.of());
        Preflight.checkStudy(config, storage.url(), existing);
        boolean ownFile = true;
        if (existing.isPresent() && !o.worker()) {
            ownFile = checkSameStudy(
                    config, storage, storage.studyAttributes(existing.get().id()), o.join(), err);
        }
        int trials = o.trials() != null ? o.trials() : config.trials();
        // new trials started before they were marked take places of the budget too
        int limit = trials > 0 ? Math.max(0, trials - StudyRunner.unmarked(earlier)) : Integer.MAX_VALUE;
        BudgetStorage budget = new BudgetStorage(storage, limit);
        long salt = earlier.size() + (o.worker() ? ProcessHandle.current().pid() * 1_000_003L : 0);
        StudyBuilder builder = Study.builder()
                .name(config.name())
                .storage(budget)
                .directions(config.directions().toArray(new io.paratune.Direction[0]))
                .sampler(Components.sampler(
                        config.sampler(), config.params(), config.directions().size(), config.defaultSeed(), salt))
                .pruner(Components.pruner(config.pruner()));
        if (heartbeat) {
            builder.heartbeat(config.heartbeatInterval(), config.heartbeatGrace())
                    .maxRetries(lostTrialReruns(config));
        }
        Study study = builder.createOrLoad();
        if (!o.worker() && ownFile) {
            study.setAttribute(Stores.STUDY_FILE, config.storedText());
            study.setAttribute(Stores.STUDY_PATH, config.file().toString());
        }
        int enqueued = 0;
        if (existing.isEmpty()
                && !o.worker()
                && !config.enqueue().isEmpty()
                && storage.nextSequenceValue(study.id(), FILE_ENQUEUED) == 0) {
            for (Map<String, Object> params : config.enqueue()) {
                study.enqueue(params);
                enqueued++;
            }
        }
        return new Opened(study, budget, trials, existing.isEmpty(), enqueued);
    }

    /**
     * Trials at once: the number asked (option, file, else one per GPU slot or 1), capped by the GPU
     * slots and by the CPUs that {@code cpus_per_trial} leaves; {@code why} gets the reasons when a
     * cap applies.
     */
    static int parallelism(StudyConfig config, Overrides o, GpuSlots gpus, List<String> why) {
        int asked = o.parallelism() != null ? o.parallelism() : config.parallelism();
        boolean onGpus = !gpus.pool().devices().isEmpty();
        int gpuSlots = onGpus ? gpus.pool().slots() : Integer.MAX_VALUE;
        int cpus = Runtime.getRuntime().availableProcessors();
        int perTrial = (int) Math.ceil(config.cpusPerTrial());
        int cpuSlots = perTrial > 0 ? Math.max(1, cpus / perTrial) : Integer.MAX_VALUE;
        int n = asked > 0 ? asked : onGpus ? Math.min(gpuSlots, 64) : 1;
        if (asked <= 0 && onGpus) {
            why.add("one per GPU slot");
        }
        int capped = Math.min(n, Math.min(gpuSlots, cpuSlots));
        if (capped < n) {
            List<String> caps = new ArrayList<>();
            if (gpuSlots < n) {
                caps.add(gpuSlots + " GPU slot" + (gpuSlots == 1 ? "" : "s"));
            }
            if (cpuSlots < n) {
                caps.add(cpus + " CPUs / cpus_per_trial " + perTrial);
            }
            why.add(n + " asked; " + String.join(", ", caps));
        }
        return capped;
    }

    /**
     * Checks that a study this run joins is its own: started from the same study file, or joined on
     * purpose ({@code --join}, {@code load_if_exists: true}). Tells the user how the search space
     * changed since the study last ran.
     *
     * @return whether the study is this file's own (its stored study file is then updated)
     */
    private static boolean checkSameStudy(
            StudyConfig config, JdbcStorage storage, Map<String, Object> attributes, boolean join, PrintWriter err) {
        Object storedPath = attributes.get(Stores.STUDY_PATH);
        Object storedText = attributes.get(Stores.STUDY_FILE);
        String label = config.file().getFileName().toString();
        boolean sameFile = storedPath instanceof String p && samePath(Path.of(p), config.file());
        if (!sameFile && !join && !config.loadIfExists()) {
            throw new UserError(config.file() + ": study '" + config.name() + "' already exists in " + storage.url()
                    + ", started from "
                    + (storedPath instanceof String p ? p : "no study file (the library or" + " another tool made it)")
                    + "; give this study another name, or pass --join (or set"
                    + " load_if_exists: true in " + label + ") to add trials to that study");
        }
        if (!sameFile) {
            err.println("joining study '" + config.name() + "' started from "
                    + (storedPath instanceof String p ? p : "no study file") + " ("
                    + (join ? "--join" : "load_if_exists: true") + ")");
        }
        if (storedText instanceof String text && !text.equals(config.storedText())) {
            List<ParamSpec> old = SpaceDiff.spaceOf(text, label);
            List<String> diff = old == null ? List.of() : SpaceDiff.lines(old, config.params());
            if (!diff.isEmpty()) {
                err.println("search space of study '" + config.name() + "' changed since it last ran (+ added,"
                        + " - removed, ~ changed); it goes on with the new one, earlier trials keep their"
                        + " parameters:");
                diff.forEach(err::println);
            } else if (sameFile) {
                err.println("note: " + label + " changed since study '" + config.name()
                        + "' last ran; it goes on with the new settings");
            }
        }
        return sameFile || !(storedPath instanceof String);
    }

    private static boolean samePath(Path a, Path b) {
        if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) {
            return true;
        }
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /** Why a run stopped after its first trials all failed: the common reason and the last failure. */
    static String brokenCommand(StudyConfig config, List<FrozenTrial> failed) {
        Map<String, Integer> reasons = new LinkedHashMap<>();
        for (FrozenTrial t : failed) {
            reasons.merge(reason(t.failureMessage()), 1, Integer::sum);
        }
        Map.Entry<String, Integer> common = null;
        for (Map.Entry<String, Integer> e : reasons.entrySet()) {
            if (common == null || e.getValue() > common.getValue()) {
                common = e;
            }
        }
        FrozenTrial last = failed.get(failed.size() - 1);
        String message = String.valueOf(last.failureMessage());
        List<String> lines = message.lines().toList();
        if (lines.size() > 20) {
            lines = new ArrayList<>(lines.subList(0, 20));
            lines.add("...");
        }
        Object log = last.userAttributes().get("log");
        return "stopped: the first " + failed.size() + " trials of study '" + config.name() + "' all failed"
                + " (max_initial_failures: " + config.maxInitialFailures() + "); the command looks broken. Most"
                + " failed with: " + common.getKey() + " (" + common.getValue() + " of " + failed.size() + ")\n"
                + "the last, trial " + last.number() + ", failed with:\n  " + String.join("\n  ", lines)
                + (log != null ? "\nits log: " + log : "")
                + "\nfix the command and run again (the study resumes), or set max_initial_failures: 0 in "
                + config.file().getFileName() + " to never stop for this";
    }

    /** The gist of a failure message: its first clause, without the log path and tail. */
    static String reason(String message) {
        if (message == null || message.isBlank()) {
            return "(no message)";
        }
        String first = message.lines().findFirst().orElse("").strip();
        int cut = first.indexOf("; ");
        return cut > 0 ? first.substring(0, cut) : first;
    }

    static FrozenTrial bestOrNull(Study study) {
        if (study.directions().size() != 1 || study.trials(TrialState.COMPLETE).isEmpty()) {
            return null;
        }
        return study.bestTrial();
    }
}
