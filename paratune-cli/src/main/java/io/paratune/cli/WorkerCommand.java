package io.paratune.cli;

import io.paratune.Study;
import io.paratune.storage.jdbc.JdbcStorage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code paratune worker}: joins a study started by {@code paratune run}, from any machine. */
@Command(
        name = "worker",
        mixinStandardHelpOptions = true,
        description = {
            "Join a study that 'paratune run' started: read its stored study file and run trials until"
                    + " the study's trial budget is spent.",
            "Relative paths of the study file (workdir, logs) start at the folder it was run from; that folder"
                    + " must exist on this machine too."
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
            "0:done",
            "1:every trial failed",
            "2:bad input (the message says what to fix)",
            "3:stopped because the study's first trials all failed (max_initial_failures, default 5; the command"
                    + " looks broken)",
            "75:the storage stayed unreachable (the message says which trial's outcome its log keeps)",
            "130:stopped by Ctrl-C (run again to resume)"
        })
final class WorkerCommand implements Callable<Integer> {
    @ParentCommand
    ParatuneCommand parent;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--storage",
            required = true,
            paramLabel = "URL",
            description = "The study's storage, e.g. postgresql://user:pw@host:5432/db or sqlite:/shared/paratune.db")
    String storage;

    @Option(names = "--study", required = true, paramLabel = "NAME", description = "The study to join.")
    String study;

    @Option(
            names = "--trials",
            paramLabel = "N",
            description = "Start at most N trials (new ones and re-runs) from this worker, then end; the study's"
                    + " own trial budget still holds.")
    Integer trials;

    @Option(names = "--parallelism", paramLabel = "N", description = "Trials at once on this machine.")
    Integer parallelism;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "Start no trial after this long.")
    String timeout;

    @Option(names = "--no-progress", negatable = false, description = "One line per trial, no progress bar.")
    boolean noProgress;

    @Option(
            names = "--heartbeat-interval",
            paramLabel = "DURATION",
            description =
                    "How often this worker records"
                            + " the heartbeat of its running trials, overriding the study file's heartbeat.interval (default 10s).")
    String heartbeatInterval;

    @Option(
            names = "--heartbeat-grace",
            paramLabel = "DURATION",
            description = "How long a trial may go without a"
                    + " heartbeat before this worker fails it as lost and runs it again, overriding the study file's"
                    + " heartbeat.grace (default 1m); at least twice the longest interval of the study's processes.")
    String heartbeatGrace;

    @Option(
            names = "--show-running",
            arity = "0..1",
            fallbackValue = RunCommand.TABLE_EVERY,
            paramLabel = "INTERVAL",
            description = "Show a table of the running trials (trial, last step and value, elapsed, device,"
                    + " parameters): live above the progress bar, or every INTERVAL (default "
                    + RunCommand.TABLE_EVERY + ") with --no-progress or when not on a terminal.")
    String showRunning;

    @Override
    public Integer call() throws Exception {
        String text;
        String path;
        try (JdbcStorage s = Stores.openReadOnly(storage)) {
            Study st = Stores.load(s, study);
            Object t = st.attributes().get(Stores.STUDY_FILE);
            Object p = st.attributes().get(Stores.STUDY_PATH);
            if (!(t instanceof String) || !(p instanceof String)) {
                throw new UserError("study '" + study + "' in " + s.url() + " has no stored study file (it was not"
                        + " started by 'paratune run'); start it with 'paratune run study.yaml' first");
            }
            text = (String) t;
            path = (String) p;
        }
        StudyConfig config = heartbeat(StudyConfig.parse(text, Path.of(path)));
        Launch.Overrides o = new Launch.Overrides(
                null,
                RunCommand.positive(parallelism, "--parallelism"),
                RunCommand.duration(timeout, "--timeout"),
                !noProgress,
                true,
                false,
                RunCommand.showRunning(showRunning),
                RunCommand.positive(trials, "--trials"));
        return Launch.run(
                config,
                storage,
                o,
                spec.commandLine().getOut(),
                spec.commandLine().getErr(),
                parent.env,
                parent.terminal);
    }

    /**
     * The study file's settings with this worker's heartbeat options. The grace period must cover
     * two intervals of every process: this worker's and the study file's (the run's).
     */
    private StudyConfig heartbeat(StudyConfig config) {
        Duration interval = RunCommand.duration(heartbeatInterval, "--heartbeat-interval");
        Duration grace = RunCommand.duration(heartbeatGrace, "--heartbeat-grace");
        if (interval == null && grace == null) {
            return config;
        }
        Duration i = interval != null ? interval : config.heartbeatInterval();
        Duration g = grace != null ? grace : config.heartbeatGrace();
        Duration longest = i.compareTo(config.heartbeatInterval()) > 0 ? i : config.heartbeatInterval();
        if (StudyConfig.heartbeatProblem(longest, g) != null) {
            throw new UserError("--heartbeat-grace " + Durations.format(g) + " must be at least twice the longest"
                    + " heartbeat interval of the study's processes (" + Durations.format(longest) + ", this worker's"
                    + " or the study file's), so that a late heartbeat does not fail a live trial; for example"
                    + " --heartbeat-interval 10s --heartbeat-grace 1m");
        }
        return config.withHeartbeat(i, g);
    }
}
