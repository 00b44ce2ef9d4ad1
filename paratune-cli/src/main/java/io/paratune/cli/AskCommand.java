package io.paratune.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paratune.FrozenTrial;
import io.paratune.SamplerExhaustedException;
import io.paratune.Study;
import io.paratune.Trial;
import io.paratune.TrialState;
import io.paratune.storage.jdbc.JdbcStorage;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code paratune ask study.yaml}: starts trials for a shell to run, as {@code optuna ask} does. Each
 * asked trial is RUNNING, sampled by the study's sampler (which sees the trials asked before it as
 * running), counts toward {@code trials} like any new trial, and stays RUNNING until {@code
 * paratune tell}: no process beats a heartbeat for it, so no run or worker fails it as lost.
 */
@Command(
        name = "ask",
        mixinStandardHelpOptions = true,
        description = {
            "Start trials for a shell script to run, and print them: trial number, parameters and the"
                    + " study file's command filled in. Finish each with 'paratune tell'.",
            "Enqueued trials are asked first; new ones are sampled by the study's sampler and count toward"
                    + " 'trials'. An asked trial stays RUNNING until told (runs and workers leave it alone).",
            "Formats: json (default) prints one JSON object per trial and line: {\"trial\": 3, \"study\": ...,"
                    + " \"params\": {...}, \"command\": ..., \"workdir\": ...}; env prints KEY=VALUE lines and shell prints"
                    + " export lines for eval (PARATUNE_TRIAL, PARATUNE_STUDY, PARATUNE_PARAMS, PARATUNE_COMMAND,"
                    + " PARATUNE_WORKDIR and PARATUNE_PARAM_<name>, '.' and '-' in names written '_')."
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
            "0:asked (fewer than -n when the budget allowed fewer; stderr says so)",
            "1:nothing asked: the study's trials budget is spent, or its sampler has no points left",
            "2:bad input (the message says what to fix)"
        })
final class AskCommand implements Callable<Integer> {
    static final List<String> FORMATS = List.of("json", "env", "shell");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    StudyTarget target;

    @Option(
            names = {"-n", "--count"},
            paramLabel = "N",
            defaultValue = "1",
            description = "Trials to ask (default 1).")
    int count;

    @Option(
            names = "--format",
            paramLabel = "json|env|shell",
            defaultValue = "json",
            description = "json (default, one object per line), env (KEY=VALUE lines) or shell (export lines for"
                    + " eval); env and shell print one trial.")
    String format;

    @Option(
            names = "--join",
            negatable = false,
            description = "Accept an existing study of the same name that"
                    + " another study file started (as load_if_exists: true in the file).")
    boolean join;

    /** One asked trial, as printed. */
    record Asked(int trial, String study, Map<String, Object> params, String command, String workdir) {
        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("trial", trial);
            m.put("study", study);
            m.put("params", params);
            m.put("command", command);
            m.put("workdir", workdir);
            return m;
        }
    }

    @Override
    public Integer call() {
        String f = format.toLowerCase(Locale.ROOT);
        if (!FORMATS.contains(f)) {
            throw new UserError("--format " + format + ": unknown format" + Suggest.didYouMean(f, FORMATS)
                    + " (use json, env or shell)");
        }
        if (count < 1 || count > 1000) {
            throw new UserError("-n " + count + ": ask between 1 and 1000 trials at once");
        }
        if (count > 1 && !f.equals("json")) {
            throw new UserError("--format " + f + " prints one trial, and -n is " + count + "; use -n 1, or --format"
                    + " json (one line per trial)");
        }
        StudyTarget.Resolved resolved = target.resolve();
        StudyConfig config = resolved.config();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Asked> asked = new ArrayList<>();
        String why;
        try (JdbcStorage storage = Stores.open(resolved.storageUrl())) {
            Launch.Opened opened = Launch.open(
                    storage,
                    config,
                    new Launch.Overrides(null, null, null, false, resolved.stored(), join, null, null),
                    false,
                    err);
            why = null;
            while (asked.size() < count && why == null) {
                try {
                    Trial trial = ask(opened);
                    if (trial == null) {
                        why = "the study's budget of " + opened.trials() + " trials is spent (raise trials in "
                                + config.file().getFileName() + " to ask more)";
                    } else {
                        asked.add(prepare(config, trial, opened.budget()));
                    }
                } catch (SamplerExhaustedException e) {
                    why = "the " + config.sampler().name() + " sampler has no more points to try";
                }
            }
        }
        err.flush();
        if (asked.isEmpty()) {
            throw new UserError("nothing asked from study '" + config.name() + "': " + why, 1);
        }
        for (Asked a : asked) {
            out.print(f.equals("json") ? json(a.asMap()) + "\n" : variables(a, f.equals("shell")));
        }
        out.flush();
        if (asked.size() < count) {
            err.println("asked " + asked.size() + " of " + count + " trials: " + why);
            err.flush();
        }
        return ExitCode.OK.code();
    }

    /**
     * Starts a trial as a run would (an enqueued one first, else a new one within the budget) but
     * for the shell: marked {@link BudgetStorage#ASKED}, with a heartbeat no reaper finds stale.
     *
     * @return null when the budget is spent
     */
    private static Trial ask(Launch.Opened opened) {
        Study study = opened.study();
        BudgetStorage budget = opened.budget();
        Trial trial;
        Optional<Trial> waiting = study.askEnqueued();
        if (waiting.isPresent()) {
            trial = waiting.get();
            FrozenTrial snapshot = trial.snapshot();
            if (StudyRunner.isFresh(snapshot) && !snapshot.systemAttributes().containsKey(BudgetStorage.NEW_TRIAL)) {
                // an enqueued new trial runs regardless of the budget, and counts toward it (as in a run)
                budget.setSystemAttribute(snapshot.id(), BudgetStorage.NEW_TRIAL, true);
            }
        } else {
            if (study.sampler().reservesParams() && budget.spent(study.id())) {
                return null; // asking would take a point of the sampler for nothing
            }
            try {
                trial = study.askNew();
            } catch (BudgetStorage.Spent spent) {
                return null;
            }
        }
        long id = trial.snapshot().id();
        budget.setSystemAttribute(id, BudgetStorage.ASKED, true);
        budget.recordHeartbeat(id, BudgetStorage.NO_PROCESS);
        return trial;
    }

    /** Suggests the trial's parameters as a run does and fills in the command. */
    private static Asked prepare(StudyConfig config, Trial trial, BudgetStorage budget) {
        Map<String, Object> chosen = new LinkedHashMap<>();
        try {
            for (ParamSpec p : config.params()) {
                if (p.active(chosen)) {
                    chosen.put(p.name(), trial.suggest(p.distribution()));
                }
            }
        } catch (RuntimeException e) {
            // nobody would ever tell a trial whose number was never printed
            budget.finishTrial(
                    trial.snapshot().id(),
                    TrialState.FAIL,
                    null,
                    "asking failed while suggesting its parameters: " + e,
                    Instant.now());
            throw e;
        }
        Map<String, Object> values = new LinkedHashMap<>(chosen);
        values.put("trial", trial.number());
        values.put("study", config.name());
        String line = CommandTemplate.shellLine(config.command().render(values));
        trial.setUserAttribute("command", line);
        return new Asked(
                trial.number(), config.name(), chosen, line, config.workdir().toString());
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** The trial as environment variables: KEY=VALUE lines, or export lines quoted for a shell. */
    static String variables(Asked a, boolean shell) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("PARATUNE_TRIAL", Integer.toString(a.trial()));
        vars.put("PARATUNE_STUDY", a.study());
        vars.put("PARATUNE_PARAMS", json(a.params()));
        vars.put("PARATUNE_COMMAND", a.command());
        vars.put("PARATUNE_WORKDIR", a.workdir());
        a.params()
                .forEach((k, v) ->
                        vars.put("PARATUNE_PARAM_" + k.replaceAll("[^A-Za-z0-9_]", "_"), CommandTemplate.format(v)));
        StringBuilder sb = new StringBuilder();
        vars.forEach(
                (k, v) -> sb.append(shell ? "export " + k + "=" + CommandTemplate.shellLine(List.of(v)) : k + "=" + v)
                        .append('\n'));
        return sb.toString();
    }
}
