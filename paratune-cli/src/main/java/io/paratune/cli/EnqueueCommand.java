package io.paratune.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paratune.storage.jdbc.JdbcStorage;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code paratune enqueue study.yaml -p lr=0.01}: adds configurations to try before any sampled trial. */
@Command(
        name = "enqueue",
        mixinStandardHelpOptions = true,
        description = {
            "Enqueue a configuration to try: it runs (or is asked) before any sampled trial, and counts"
                    + " toward 'trials' like any new trial. Every parameter of the search space is given, each checked"
                    + " against its range.",
            "Give it as JSON (--params '{\"lr\": 0.01, \"layers\": 2}', or a JSON list of such objects for several)"
                    + " or one -p name=value per parameter. The study is created if it does not exist yet."
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:enqueued", "2:bad input (the message says what to fix)"})
final class EnqueueCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StudyTarget target;

    @Option(
            names = "--params",
            paramLabel = "JSON",
            description = "The configuration as a JSON object, or a JSON" + " list of objects to enqueue several.")
    String params;

    @Option(
            names = {"-p", "--param"},
            paramLabel = "NAME=VALUE",
            description = "One parameter's value; repeat" + " for each parameter.")
    List<String> param;

    @Option(
            names = "--join",
            negatable = false,
            description = "Accept an existing study of the same name that"
                    + " another study file started (as load_if_exists: true in the file).")
    boolean join;

    @Override
    public Integer call() {
        if ((params == null) == (param == null)) {
            throw new UserError(
                    params == null
                            ? "give the configuration to enqueue: --params '{\"lr\": 0.01}' or"
                                    + " -p lr=0.01 (one -p per parameter)"
                            : "give --params or -p, not both");
        }
        List<Map<String, Object>> given = params != null ? fromJson(params) : List.of(fromPairs(param));
        StudyTarget.Resolved resolved = target.resolve();
        StudyConfig config = resolved.config();
        String option = params != null ? "--params" : "-p";
        List<Map<String, Object>> checked = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            try {
                checked.add(ParamValues.check(given.get(i), config.params(), params == null));
            } catch (ParamValues.Problem p) {
                throw new UserError(
                        option + (given.size() > 1 ? " (configuration " + (i + 1) + ")" : "") + ": " + p.getMessage());
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (JdbcStorage storage = Stores.open(resolved.storageUrl())) {
            Launch.Opened opened = Launch.open(
                    storage,
                    config,
                    new Launch.Overrides(null, null, null, false, resolved.stored(), join, null, null),
                    false,
                    err);
            err.flush();
            for (Map<String, Object> c : checked) {
                opened.study().enqueue(c);
                List<String> shown = new ArrayList<>();
                c.forEach((k, v) -> shown.add(k + "=" + CommandTemplate.format(v)));
                out.println("enqueued in study '" + config.name() + "': " + String.join(", ", shown));
            }
            out.println("enqueued trials run before sampled ones and count toward trials"
                    + (opened.trials() > 0 ? " (" + opened.trials() + ")" : ""));
        }
        return ExitCode.OK.code();
    }

    /** A JSON object, or a list of them, as parameter maps with Java values. */
    static List<Map<String, Object>> fromJson(String text) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(text);
        } catch (JsonProcessingException e) {
            String why = e.getOriginalMessage();
            int cut = why.indexOf(" (");
            throw new UserError(
                    "--params: not valid JSON at column " + e.getLocation().getColumnNr() + " ("
                            + (cut > 0 ? why.substring(0, cut) : why) + "); write an object such as '{\"lr\": 0.01,"
                            + " \"layers\": 2}', in single quotes for the shell");
        }
        List<JsonNode> objects = new ArrayList<>();
        if (root != null && root.isArray() && root.size() > 0) {
            root.forEach(objects::add);
        } else if (root != null) {
            objects.add(root);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (JsonNode o : objects) {
            if (!o.isObject()) {
                throw new UserError("--params: expected a JSON object of parameter values such as '{\"lr\": 0.01}'"
                        + " (or a list of them), got " + o);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : o.properties()) {
                JsonNode v = e.getValue();
                if (!v.isValueNode() || v.isNull()) {
                    throw new UserError("--params: parameter '" + e.getKey() + "' has the value " + v + "; give a"
                            + " number, string or boolean");
                }
                m.put(e.getKey(), v.isNumber() ? v.numberValue() : v.isBoolean() ? v.booleanValue() : v.asText());
            }
            out.add(m);
        }
        return out;
    }

    /** {@code name=value} pairs as a map of texts. */
    static Map<String, Object> fromPairs(List<String> pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new UserError("-p " + pair + ": expected NAME=VALUE, e.g. -p lr=0.01");
            }
            String name = pair.substring(0, eq).strip();
            if (m.put(name, pair.substring(eq + 1)) != null) {
                throw new UserError("-p " + pair + ": parameter '" + name + "' is given twice; give it once");
            }
        }
        return m;
    }
}
