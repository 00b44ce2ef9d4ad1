package io.paratune.cli;

import io.paratune.FrozenTrial;
import io.paratune.Study;
import io.paratune.TrialState;
import io.paratune.storage.StudyInfo;
import io.paratune.storage.jdbc.JdbcStorage;
import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code paratune studies list|show|delete}. */
@Command(
        name = "studies",
        mixinStandardHelpOptions = true,
        description = "List, show or delete the studies of a" + " storage.",
        subcommands = {
            StudiesCommand.ListCommand.class,
            StudiesCommand.ShowCommand.class,
            StudiesCommand.DeleteCommand.class
        })
final class StudiesCommand implements Runnable {
    @Override
    public void run() {
        throw new UserError(
                "give a subcommand: studies list, studies show or studies delete; see 'paratune studies" + " --help'");
    }

    static String counts(Study study) {
        Map<TrialState, Integer> counts = new EnumMap<>(TrialState.class);
        for (FrozenTrial t : study.trials()) {
            counts.merge(t.state(), 1, Integer::sum);
        }
        StringBuilder sb = new StringBuilder();
        counts.forEach((s, n) -> sb.append(sb.length() == 0 ? "" : ", ")
                .append(n)
                .append(' ')
                .append(s.name().toLowerCase(Locale.ROOT)));
        return sb.length() == 0 ? "no trials" : sb.toString();
    }

    /** {@code studies list}. */
    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List the studies of a storage; with --study, only that one.")
    static final class ListCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        StudyRef ref;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (JdbcStorage storage = Stores.openReadOnly(ref.storageUrl())) {
                List<StudyInfo> studies = storage.studies();
                if (ref.study != null) {
                    studies = studies.stream()
                            .filter(info -> info.name().equals(ref.study))
                            .toList();
                    if (studies.isEmpty()) {
                        throw new UserError("--study " + ref.study + ": no such study in " + storage.url()
                                + "; leave out --study to list every study");
                    }
                }
                if (studies.isEmpty()) {
                    out.println("no studies in " + storage.url());
                }
                for (StudyInfo info : studies) {
                    Study s = Stores.load(storage, info.name());
                    FrozenTrial best = Launch.bestOrNull(s);
                    out.println(info.name() + "\t" + info.directions() + "\t" + counts(s)
                            + (best != null
                                    ? "\tbest " + Progress.fmt(best.value()) + " (trial " + best.number() + ")"
                                    : ""));
                }
            }
            return ExitCode.OK.code();
        }
    }

    /** {@code studies show}. */
    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "Show one study: its settings, trial" + " counts and best trial.")
    static final class ShowCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        StudyRef ref;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (JdbcStorage storage = Stores.openReadOnly(ref.storageUrl())) {
                Study s = Stores.load(storage, ref.studyName());
                out.println("study: " + s.name());
                out.println("storage: " + storage.url());
                out.println("directions: " + s.directions());
                out.println("trials: " + counts(s));
                Object path = s.attributes().get(Stores.STUDY_PATH);
                if (path != null) {
                    out.println("study file: " + path);
                }
                Summary.print(out, null, s, java.time.Duration.ZERO);
            }
            return ExitCode.OK.code();
        }
    }

    /** {@code studies delete}. */
    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a study and all its trials.")
    static final class DeleteCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        StudyRef ref;

        @Option(names = "--yes", description = "Confirm the deletion.")
        boolean yes;

        @Override
        public Integer call() {
            String url = ref.storageUrl();
            Stores.openReadOnly(url).close(); // a missing database is named, not created
            try (JdbcStorage storage = Stores.open(url)) {
                Study s = Stores.load(storage, ref.studyName());
                int n = s.trials().size();
                if (!yes) {
                    throw new UserError("studies delete: this deletes study '" + s.name() + "' and its " + n
                            + " trials for good; add --yes to confirm");
                }
                storage.deleteStudy(s.id());
                spec.commandLine().getOut().println("deleted study '" + s.name() + "' and its " + n + " trials");
            }
            return ExitCode.OK.code();
        }
    }
}
