package io.paratune.cli;

import io.paratune.FrozenTrial;
import io.paratune.Study;
import io.paratune.TrialAlreadyFinishedException;
import io.paratune.TrialState;
import io.paratune.storage.jdbc.JdbcStorage;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code paratune tell study.yaml --trial N --value X}: finishes a trial asked with {@code paratune ask}. */
@Command(
        name = "tell",
        mixinStandardHelpOptions = true,
        description = {
            "Finish a trial asked with 'paratune ask': COMPLETE with its value (--value, or --values"
                    + " a,b for several directions), or FAIL or PRUNED (--state). A trial is told once."
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
            "0:told",
            "2:bad input, or the trial is unknown, not RUNNING or not asked from a shell (the"
                    + " message names the trial and its state)"
        })
final class TellCommand implements Callable<Integer> {
    static final String FAIL_MESSAGE = "told FAIL with paratune tell";

    @Spec
    CommandSpec spec;

    @Mixin
    StudyTarget target;

    @Option(
            names = "--trial",
            required = true,
            paramLabel = "N",
            description = "The trial number 'paratune ask'" + " printed.")
    int trial;

    @Option(
            names = "--value",
            paramLabel = "X",
            description = "The result of a single-objective study: the trial" + " is COMPLETE.")
    String value;

    @Option(
            names = "--values",
            paramLabel = "A,B",
            split = ",",
            description = "The results, one per direction in" + " order: the trial is COMPLETE.")
    List<String> values;

    @Option(
            names = "--state",
            paramLabel = "fail|pruned",
            description =
                    "Finish without a value: fail (the run" + " went wrong) or pruned (stopped early on purpose).")
    String state;

    @Option(
            names = "--message",
            paramLabel = "TEXT",
            description = "Why the trial failed (with --state fail);" + " kept as its failure message.")
    String message;

    @Override
    public Integer call() {
        TrialState told = told();
        String url = target.storageUrl();
        String name = target.studyName();
        PrintWriter out = spec.commandLine().getOut();
        try (JdbcStorage storage = Stores.open(url)) {
            Study study = Stores.load(storage, name);
            FrozenTrial t = askedTrial(study);
            FrozenTrial done;
            try {
                done = switch (told) {
                    case COMPLETE -> study.tell(trial, numbers(study));
                    case PRUNED -> study.tell(trial, TrialState.PRUNED);
                    // straight to the storage, to keep the message: no sampler of this process keeps state
                    // about a trial it did not start
                    default ->
                        storage.finishTrial(
                                t.id(), TrialState.FAIL, null, message != null ? message : FAIL_MESSAGE, Instant.now());
                };
            } catch (TrialAlreadyFinishedException e) {
                throw notRunning(study, storage.trial(t.id())); // told by another shell a moment ago
            }
            out.println("trial " + trial + " of study '" + name + "': " + done.state()
                    + (done.hasValues() && done.state() == TrialState.COMPLETE
                            ? (done.valueCount() == 1 ? ", value " : ", values ") + Progress.values(done)
                            : ""));
        }
        return ExitCode.OK.code();
    }

    /** The state the options ask for, checked before anything is opened. */
    private TrialState told() {
        int given = (value != null ? 1 : 0) + (values != null ? 1 : 0) + (state != null ? 1 : 0);
        if (given != 1) {
            throw new UserError((given == 0
                            ? "say how trial " + trial + " ended"
                            : "give only one of --value," + " --values and --state")
                    + ": --value X (or --values a,b for several directions) for a"
                    + " result, or --state fail|pruned");
        }
        if (message != null && (state == null || !state.equalsIgnoreCase("fail"))) {
            throw new UserError("--message is the reason of a failed trial; use it with --state fail");
        }
        if (state == null) {
            return TrialState.COMPLETE;
        }
        return switch (state.toLowerCase(Locale.ROOT)) {
            case "fail", "failed" -> TrialState.FAIL;
            case "pruned", "prune" -> TrialState.PRUNED;
            case "complete" ->
                throw new UserError("--state complete: give the result with --value X (or --values" + " a,b) instead");
            default ->
                throw new UserError("--state " + state + ": unknown state"
                        + Suggest.didYouMean(state.toLowerCase(Locale.ROOT), List.of("fail", "pruned"))
                        + " (use fail or pruned, or --value X"
                        + " for a result)");
        };
    }

    /** The values given, one per direction of the study, each a finite number. */
    private double[] numbers(Study study) {
        List<String> texts = value != null ? List.of(value) : values;
        String option = value != null ? "--value " + value : "--values " + String.join(",", values);
        int want = study.directions().size();
        if (texts.size() != want) {
            throw new UserError(option + ": study '" + study.name() + "' has " + want + " direction(s) "
                    + study.directions() + ", so give " + want + " value(s)"
                    + (want == 1
                            ? " with --value X"
                            : " with --values " + String.join(",", Collections.nCopies(want, "x"))));
        }
        double[] out = new double[want];
        for (int i = 0; i < want; i++) {
            try {
                out[i] = Double.parseDouble(texts.get(i).strip());
            } catch (NumberFormatException e) {
                out[i] = Double.NaN;
            }
            if (!Double.isFinite(out[i])) {
                throw new UserError(option + ": '" + texts.get(i).strip() + "' is not a finite number; give the"
                        + " trial's result such as 0.25 (or --state fail if it has none)");
            }
        }
        return out;
    }

    /** The trial to tell: RUNNING and asked from a shell; else a message naming it and its state. */
    private FrozenTrial askedTrial(Study study) {
        FrozenTrial t = study.storage().trialByNumber(study.id(), trial).orElse(null);
        if (t == null) {
            int n = study.trials().size();
            throw new UserError("study '" + study.name() + "' has no trial " + trial
                    + (n == 0 ? " (it has no trials" + " yet)" : " (its trials are numbered 0 to " + (n - 1) + ")")
                    + "; give the number 'paratune"
                    + " ask' printed");
        }
        if (t.state() != TrialState.RUNNING) {
            throw notRunning(study, t);
        }
        if (!t.systemAttributes().containsKey(BudgetStorage.ASKED)) {
            throw new UserError("trial " + trial + " of study '" + study.name() + "' is RUNNING in a 'paratune run'"
                    + " or 'paratune worker' process, which tells it; tell only trials asked with 'paratune ask'");
        }
        return t;
    }

    private UserError notRunning(Study study, FrozenTrial t) {
        List<String> what = new ArrayList<>();
        if (t.state() == TrialState.WAITING) {
            what.add("it is enqueued and was not asked yet; 'paratune ask' starts it");
        } else {
            what.add("it finished already"
                    + (t.hasValues()
                            ? " (" + (t.valueCount() == 1 ? "value " : "values ") + Progress.values(t) + ")"
                            : t.failureMessage() != null ? " (" + Launch.reason(t.failureMessage()) + ")" : "")
                    + "; a trial is told once");
        }
        return new UserError("trial " + trial + " of study '" + study.name() + "' is " + t.state() + ", not RUNNING: "
                + String.join("; ", what));
    }
}
