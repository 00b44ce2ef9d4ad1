package io.paratune.cli;

import io.paratune.storage.jdbc.JdbcStorage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code paratune create study.yaml}: creates the study of a study file in its storage, running nothing. */
@Command(
        name = "create",
        mixinStandardHelpOptions = true,
        description = {
            "Create the study of a study file in its storage without running a trial, as 'run' would"
                    + " (same checks; the file's 'enqueue:' list is enqueued). With the same file again it confirms the"
                    + " study exists; a study of the same name started from another file is refused unless --join."
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:created, or already there", "2:bad input (the message says what to fix)"})
final class CreateCommand implements Callable<Integer> {
    @ParentCommand
    ParatuneCommand parent;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STUDY.yaml", description = "The study file.")
    Path file;

    @Option(
            names = "--join",
            negatable = false,
            description = "Accept an existing study of the same name that"
                    + " another study file started (as load_if_exists: true in the file).")
    boolean join;

    @Override
    public Integer call() {
        StudyConfig config = StudyConfig.load(file);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Preflight.check(config, config.storage(), parent.env); // the checks run makes, before anything is created
        try (JdbcStorage storage = Stores.open(config.storage())) {
            Launch.Opened opened = Launch.open(
                    storage,
                    config,
                    new Launch.Overrides(null, null, null, false, false, join, null, null),
                    false,
                    err);
            err.flush();
            String settings = config.params().size() + " parameter(s), sampler "
                    + config.sampler().name() + ", pruner " + config.pruner().name()
                    + (opened.trials() > 0 ? ", trials " + opened.trials() : "");
            if (opened.created()) {
                out.println("created study '" + config.name() + "' in " + storage.url() + ": " + settings
                        + (opened.enqueued() > 0 ? "; " + opened.enqueued() + " trial(s) enqueued from enqueue:" : ""));
            } else {
                out.println("study '" + config.name() + "' already exists in " + storage.url() + " ("
                        + StudiesCommand.counts(opened.study()) + "); nothing created (" + settings + ")");
            }
            out.println(
                    "run it with: paratune run " + file + "   (or ask trials from a shell: paratune ask " + file + ")");
        }
        return ExitCode.OK.code();
    }
}
