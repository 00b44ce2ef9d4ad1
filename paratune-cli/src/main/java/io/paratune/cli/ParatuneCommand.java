package io.paratune.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top command; its subcommands do the work. */
@Command(
        name = "paratune",
        mixinStandardHelpOptions = true,
        version = "paratune 0.1.0",
        description = "Tune the hyperparameters of any program: each trial runs your command with sampled"
                + " parameters and reads its result from its output.",
        subcommands = {
            RunCommand.class,
            WorkerCommand.class,
            CreateCommand.class,
            AskCommand.class,
            TellCommand.class,
            EnqueueCommand.class,
            StudiesCommand.class,
            BestCommand.class,
            ExportCommand.class,
            CheckCommand.class
        },
        footer = {
            "",
            "Start with: paratune run study.yaml   (see examples/script-objective)",
            "Run trials yourself: paratune ask study.yaml, then paratune tell study.yaml --trial N --value X"
        })
final class ParatuneCommand implements Runnable {
    final Map<String, String> env;
    final boolean terminal;

    @Spec
    CommandSpec spec;

    ParatuneCommand(Map<String, String> env, boolean terminal) {
        this.env = env;
        this.terminal = terminal;
    }

    @Override
    public void run() {
        throw new UserError("give a command: run, worker, create, ask, tell, enqueue, studies, best, export or check;"
                + " see 'paratune --help'");
    }
}
