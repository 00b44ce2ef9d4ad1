package io.paratune.cli;

import io.paratune.FrozenTrial;
import io.paratune.Study;
import io.paratune.TrialState;
import io.paratune.storage.StudyInfo;
import io.paratune.storage.jdbc.JdbcStorage;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** What {@code paratune run} and {@code paratune worker} share: open the study, run trials, sum up. */
final class Launch {
    static final int INTERRUPTED = 130;
    static final int ALL_FAILED = 1;

    /**
     * Options from the command line that override the study file.
     *
     * @param trials null to keep the file's
     * @param parallelism null to keep the file's
     * @param timeout null to keep the file's
     * @param showRunning how often to show the table of running trials, or null for never
     */
    record Overrides(Integer trials, Integer parallelism, Duration timeout, boolean progress, boolean worker,
            Duration showRunning) {}

    private Launch() {}

    static int run(StudyConfig config, String storageUrl, Overrides o, PrintWriter out, PrintWriter err,
            Map<String, String> env, boolean liveBar) throws InterruptedException {
        try (JdbcStorage storage = Stores.open(storageUrl)) {
            Optional<StudyInfo> existing = storage.findStudy(config.name());
            int before = existing.map(info -> storage.trials(info.id()).size()).orElse(0);
            if (existing.isPresent() && !existing.get().directions().equals(config.directions())) {
                throw new UserError(config.file().getFileName() + ": study '" + config.name() + "' exists in "
                        + storageUrl + " with directions " + existing.get().directions() + ", not "
                        + config.directions() + "; keep its directions or choose another name");
            }
            long salt = before + (o.worker() ? ProcessHandle.current().pid() * 1_000_003L : 0);
            Study study = Study.builder().name(config.name()).storage(storage).directions(
                            config.directions().toArray(new io.paratune.Direction[0]))
                    .sampler(Components.sampler(config.sampler(), config.params(),
                            config.directions().size(), config.defaultSeed(), salt))
                    .pruner(Components.pruner(config.pruner()))
                    .heartbeat(Duration.ofSeconds(10), Duration.ofSeconds(60))
                    .maxRetries(config.retries())
                    .createOrLoad();
            if (!o.worker()) {
                Object stored = study.attributes().get(Stores.STUDY_FILE);
                if (stored != null && !stored.equals(config.text())) {
                    err.println("note: " + config.file().getFileName() + " changed since study '" + config.name()
                            + "' last ran; it goes on with the new settings");
                }
                study.setAttribute(Stores.STUDY_FILE, config.text());
                study.setAttribute(Stores.STUDY_PATH, config.file().toString());
            }
            GpuSlots gpus = GpuSlots.of(config, env.getOrDefault(GpuSlots.NVIDIA_SMI_ENV, "nvidia-smi"));
            int parallelism = o.parallelism() != null ? o.parallelism() : config.parallelism() > 0
                    ? config.parallelism() : gpus.pool().devices().isEmpty() ? 1
                    : Math.min(gpus.pool().slots(), 64);
            int trials = o.trials() != null ? o.trials() : config.trials();
            Duration timeout = o.timeout() != null ? o.timeout() : config.timeout();

            int counted = StudyRunner.counted(study);
            int waiting = study.trials(TrialState.WAITING).size();
            err.println("study '" + config.name() + "' in " + storage.url() + ": sampler " + config.sampler().name()
                    + ", pruner " + config.pruner().name() + ", parallelism " + parallelism
                    + (trials > 0 ? ", trials " + trials : "") + (timeout != null ? ", timeout "
                    + Durations.format(timeout) : "") + (counted > 0 || waiting > 0 ? " (" + counted + " done before"
                    + (waiting > 0 ? ", " + waiting + " to resume" : "") + ")" : ""));
            if (gpus.note() != null) {
                err.println(gpus.note());
            }
            err.println("trial logs: " + config.logDir());
            err.flush();
            if (trials > 0 && StudyRunner.fresh(study) >= trials && waiting == 0) {
                err.println("study '" + config.name() + "' already has its " + trials + " trials; raise trials"
                        + " (or pass --trials N) to run more");
                Summary.print(out, config, study, Duration.ZERO);
                return 0;
            }

            Instant start = Instant.now();
            Progress progress = new Progress(err, config.name(), config.directions(),
                    trials > 0 ? trials : 0, Math.min(counted, trials > 0 ? trials : counted),
                    liveBar && o.progress(), bestOrNull(study), o.showRunning());
            StudyRunner runner = new StudyRunner(config, study, parallelism, trials, timeout, gpus, progress, env);
            CountDownLatch reported = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                runner.stop();
                try {
                    runner.awaitFinished(Duration.ofSeconds(60));
                    reported.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "paratune-stop");
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
                    return INTERRUPTED;
                }
                if (runner.exhausted()) {
                    err.println("the " + config.sampler().name() + " sampler has no more points to try");
                }
                Summary.print(out, config, study, Duration.between(start, Instant.now()));
                if (study.trials(TrialState.COMPLETE, TrialState.PRUNED).isEmpty()
                        && !study.trials(TrialState.FAIL).isEmpty()) {
                    err.println("every trial failed; read the trial logs in " + config.logDir()
                            + " and fix the command");
                    err.flush();
                    return ALL_FAILED;
                }
                return 0;
            } finally {
                out.flush();
                err.flush();
                reported.countDown();
            }
        }
    }

    static FrozenTrial bestOrNull(Study study) {
        if (study.directions().size() != 1 || study.trials(TrialState.COMPLETE).isEmpty()) {
            return null;
        }
        return study.bestTrial();
    }
}
