package io.paratune.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code paratune run study.yaml}: runs (or resumes) the study of a study file. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Run the study of a study file: each trial runs its command as a subprocess.",
            "Running it again resumes the study: interrupted trials first, then new ones until 'trials' is reached."
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
final class RunCommand implements Callable<Integer> {
    @ParentCommand
    ParatuneCommand parent;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STUDY.yaml", description = "The study file.")
    Path file;

    @Option(names = "--trials", paramLabel = "N", description = "Trials in all, overriding the file's 'trials'.")
    Integer trials;

    @Option(names = "--parallelism", paramLabel = "N", description = "Trials at once, overriding the file's.")
    Integer parallelism;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            description = "Start no trial after this long (90s, 10m, 2h), overriding the file's 'timeout'.")
    String timeout;

    @Option(
            names = "--join",
            negatable = false,
            description =
                    "Add trials to an existing study of the same name"
                            + " that another study file started (as load_if_exists: true in the file); without it that is refused.")
    boolean join;

    @Option(
            names = "--no-progress",
            negatable = false,
            description = "Print one line per trial instead of a" + " progress bar.")
    boolean noProgress;

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
        StudyConfig config = StudyConfig.load(file);
        Launch.Overrides o = new Launch.Overrides(
                positive(trials, "--trials"),
                positive(parallelism, "--parallelism"),
                duration(timeout, "--timeout"),
                !noProgress,
                false,
                join,
                showRunning(showRunning),
                null);
        return Launch.run(
                config,
                config.storage(),
                o,
                spec.commandLine().getOut(),
                spec.commandLine().getErr(),
                parent.env,
                parent.terminal);
    }

    /** How often the table of running trials is printed when not on a terminal, by default. */
    static final String TABLE_EVERY = "10s";

    static Duration showRunning(String text) {
        if (text == null) {
            return null;
        }
        Duration d = Fields.parseDuration(text);
        if (d == null || d.isZero()) {
            throw new UserError("--show-running=" + text + ": not a duration; write 10s, 1m or leave the value out");
        }
        return d;
    }

    static Integer positive(Integer value, String option) {
        if (value != null && value < 1) {
            throw new UserError(option + " " + value + ": must be at least 1");
        }
        return value;
    }

    static Duration duration(String text, String option) {
        if (text == null) {
            return null;
        }
        Duration d = Fields.parseDuration(text);
        if (d == null || d.isZero()) {
            throw new UserError(option + " " + text + ": not a duration; write seconds (90) or 90s, 10m, 2h, 1h30m");
        }
        return d;
    }
}
