package io.paratune.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code paratune check study.yaml}: reads and checks a study file without running anything. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check a study file (settings, search space, command) without running a trial.")
final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "STUDY.yaml", description = "The study file.")
    Path file;

    @Override
    public Integer call() {
        StudyConfig c = StudyConfig.load(file);
        var out = spec.commandLine().getOut();
        out.println(file + ": OK — study '" + c.name() + "', " + c.params().size() + " parameter(s), sampler "
                + c.sampler().name() + ", pruner " + c.pruner().name() + ", storage " + c.storage());
        out.println("first trial would run: " + CommandTemplate.shellLine(c.command().words()));
        return 0;
    }
}
