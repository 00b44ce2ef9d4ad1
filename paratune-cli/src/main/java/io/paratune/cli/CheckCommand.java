package io.paratune.cli;

import io.paratune.storage.StudyInfo;
import io.paratune.storage.jdbc.JdbcStorage;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code paratune check study.yaml}: runs every check {@code paratune run} makes ({@link
 * Preflight}) and reads the storage read-only, without running or creating anything.
 */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = {
            "Check a study file without running a trial: every check 'paratune run' makes (settings,"
                    + " search space, command, storage, CPUs, GPUs, log folder) and the study already in the storage.",
            "Nothing is created: no database file, no table, no log folder."
        })
final class CheckCommand implements Callable<Integer> {
    @ParentCommand
    ParatuneCommand parent;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STUDY.yaml", description = "The study file.")
    Path file;

    @Override
    public Integer call() {
        StudyConfig c = StudyConfig.load(file);
        Preflight.Result checked = Preflight.check(c, c.storage(), parent.env);
        String state;
        Optional<JdbcStorage> opened;
        try {
            opened = Stores.openReadOnlyIfExists(c.storage());
        } catch (UserError e) {
            if (!String.valueOf(e.getMessage()).contains("written by an older Paratune")) {
                throw e;
            }
            opened = null; // read-only, so not upgraded; run upgrades it, so it is no reason to refuse
        }
        if (opened == null) {
            state = "written by an older Paratune; run upgrades it";
        } else if (opened.isEmpty()) {
            state = "new; run creates it";
        } else {
            try (JdbcStorage storage = opened.get()) {
                Optional<StudyInfo> existing = storage.findStudy(c.name());
                Preflight.checkStudy(c, storage.url(), existing);
                state = existing.map(info -> "study exists with "
                                + storage.trials(info.id(), java.util.EnumSet.allOf(io.paratune.TrialState.class), 0)
                                        .size()
                                + " trial(s); run resumes"
                                + " it")
                        .orElse("new study");
            }
        }
        var out = spec.commandLine().getOut();
        out.println(file + ": OK — study '" + c.name() + "', " + c.params().size() + " parameter(s), sampler "
                + c.sampler().name() + ", pruner " + c.pruner().name() + ", storage " + checked.storage() + " ("
                + state + ")");
        if (checked.gpus().note() != null) {
            out.println(checked.gpus().note());
        }
        out.println("trial logs: " + c.logDir());
        out.println("first trial would run: " + CommandTemplate.shellLine(Preflight.exampleCommand(c)));
        return ExitCode.OK.code();
    }
}
