package io.paratune.cli;

import io.paratune.FrozenTrial;
import io.paratune.Study;
import io.paratune.storage.jdbc.JdbcStorage;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code paratune best}: the best trial of a study (the Pareto front for several objectives). */
@Command(
        name = "best",
        mixinStandardHelpOptions = true,
        description = "Print the best trial of a study: value, parameters and the command that reruns it.")
final class BestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StudyRef ref;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        StudyConfig config = ref.file != null ? StudyConfig.load(ref.file) : null;
        try (JdbcStorage storage = Stores.openReadOnly(ref.storageUrl())) {
            Study s = Stores.load(storage, ref.studyName());
            List<FrozenTrial> best = s.directions().size() == 1
                    ? (Launch.bestOrNull(s) == null ? List.of() : List.of(s.bestTrial()))
                    : s.bestTrials();
            if (best.isEmpty()) {
                throw new UserError(
                        "study '" + s.name() + "' has no COMPLETE trial yet (" + StudiesCommand.counts(s)
                                + "); run it first",
                        1);
            }
            for (FrozenTrial t : best) {
                out.println("trial " + t.number() + ": " + (t.valueCount() == 1 ? "value " : "values ")
                        + Progress.values(t));
                Summary.describe(out, config, t);
            }
        }
        return ExitCode.OK.code();
    }
}
