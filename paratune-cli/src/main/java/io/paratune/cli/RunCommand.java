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
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the study of a study file: each trial runs its command as a subprocess.",
            "Running it again resumes the study: interrupted trials first, then new ones until 'trials' is reached."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done", "1:every trial failed", "2:bad input (the message says what to fix)",
            "3:stopped because the study's first trials all failed (max_initial_failures, default 5; the command"
                + " looks broken)",
            "130:stopped by Ctrl-C (run again to resume)"})
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

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "Start no trial after this long (90s, 10m, 2h), overriding the file's 'timeout'.")
    String timeout;

    @Option(names = "--join", negatable = false, description = "Add trials to an existing study of the same name"
            + " that another study file started (as load_if_exists: true in the file); without it that is refused.")
    boolean join;

    @Option(names = "--no-progress", negatable = false, description = "Print one line per trial instead of a"
            + " progress bar.")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        StudyConfig config = StudyConfig.load(file);
        Launch.Overrides o = new Launch.Overrides(positive(trials, "--trials"), positive(parallelism, "--parallelism"),
                duration(timeout, "--timeout"), !noProgress, false, join);
        return Launch.run(config, config.storage(), o, spec.commandLine().getOut(), spec.commandLine().getErr(),
                parent.env, parent.terminal);
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
