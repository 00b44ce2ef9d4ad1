package io.paratune.cli;

import io.paratune.Study;
import io.paratune.storage.jdbc.JdbcStorage;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code paratune worker}: joins a study started by {@code paratune run}, from any machine. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Join a study that 'paratune run' started: read its stored study file and run trials until"
            + " the study's trial budget is spent.",
            "Relative paths of the study file (workdir, logs) start at the folder it was run from; that folder"
            + " must exist on this machine too."})
final class WorkerCommand implements Callable<Integer> {
    @ParentCommand
    ParatuneCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--storage", required = true, paramLabel = "URL",
            description = "The study's storage, e.g. postgresql://user:pw@host:5432/db or sqlite:/shared/paratune.db")
    String storage;

    @Option(names = "--study", required = true, paramLabel = "NAME", description = "The study to join.")
    String study;

    @Option(names = "--parallelism", paramLabel = "N", description = "Trials at once on this machine.")
    Integer parallelism;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "Start no trial after this long.")
    String timeout;

    @Option(names = "--no-progress", negatable = false, description = "One line per trial, no progress bar.")
    boolean noProgress;

    @Option(names = "--show-running", arity = "0..1", fallbackValue = RunCommand.TABLE_EVERY, paramLabel = "INTERVAL",
            description = "Show a table of the running trials (trial, last step and value, elapsed, device,"
                    + " parameters): live above the progress bar, or every INTERVAL (default "
                    + RunCommand.TABLE_EVERY + ") with --no-progress or when not on a terminal.")
    String showRunning;

    @Override
    public Integer call() throws Exception {
        String text;
        String path;
        try (JdbcStorage s = Stores.open(storage)) {
            Study st = Stores.load(s, study);
            Object t = st.attributes().get(Stores.STUDY_FILE);
            Object p = st.attributes().get(Stores.STUDY_PATH);
            if (!(t instanceof String) || !(p instanceof String)) {
                throw new UserError("study '" + study + "' in " + storage + " has no stored study file (it was not"
                        + " started by 'paratune run'); start it with 'paratune run study.yaml' first");
            }
            text = (String) t;
            path = (String) p;
        }
        StudyConfig config = StudyConfig.parse(text, Path.of(path));
        Launch.Overrides o = new Launch.Overrides(null, RunCommand.positive(parallelism, "--parallelism"),
                RunCommand.duration(timeout), !noProgress, true, RunCommand.showRunning(showRunning));
        return Launch.run(config, storage, o, spec.commandLine().getOut(), spec.commandLine().getErr(), parent.env,
                parent.terminal);
    }
}
