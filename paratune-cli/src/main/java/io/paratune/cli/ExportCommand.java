package io.paratune.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.paratune.FrozenTrial;
import io.paratune.Study;
import io.paratune.storage.jdbc.JdbcStorage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code paratune export}: every trial with its parameters, values, state and duration, as CSV or JSON. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export all trials of a study (number, state, values, params, duration, ...) as CSV or JSON.")
final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StudyRef ref;

    @Option(names = "--format", paramLabel = "csv|json", defaultValue = "csv", description = "csv (default) or json.")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of stdout.")
    Path output;

    @Override
    public Integer call() throws IOException {
        String f = format.toLowerCase(Locale.ROOT);
        if (!f.equals("csv") && !f.equals("json")) {
            throw new UserError("--format " + format + ": unknown format" + Suggest.didYouMean(f, List.of("csv", "json"))
                    + " (use csv or json)");
        }
        String text;
        try (JdbcStorage storage = Stores.open(ref.storageUrl())) {
            Study s = Stores.load(storage, ref.studyName());
            List<FrozenTrial> trials = s.trials();
            text = f.equals("json") ? json(trials) : csv(trials, s.directions().size());
        }
        if (output != null) {
            Files.writeString(output, text, StandardCharsets.UTF_8);
        } else {
            PrintWriter out = spec.commandLine().getOut();
            out.print(text);
            out.flush();
        }
        return 0;
    }

    static String json(List<FrozenTrial> trials) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (FrozenTrial t : trials) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("number", t.number());
            row.put("state", t.state().name());
            row.put("values", t.hasValues() ? t.values() : null);
            row.put("params", t.params());
            row.put("intermediate_values", t.intermediateValues());
            row.put("started", t.started() == null ? null : t.started().toString());
            row.put("finished", t.finished() == null ? null : t.finished().toString());
            row.put("duration_s", t.duration() == null ? null : t.duration().toMillis() / 1000.0);
            row.put("user_attributes", t.userAttributes());
            row.put("failure_message", t.failureMessage());
            rows.add(row);
        }
        StringWriter w = new StringWriter();
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(w, rows);
        return w + "\n";
    }

    static String csv(List<FrozenTrial> trials, int directions) {
        Set<String> params = new LinkedHashSet<>();
        trials.forEach(t -> params.addAll(t.params().keySet()));
        List<String> header = new ArrayList<>(List.of("number", "state"));
        if (directions == 1) {
            header.add("value");
        } else {
            for (int i = 0; i < directions; i++) {
                header.add("value_" + i);
            }
        }
        params.forEach(p -> header.add("param_" + p));
        header.addAll(List.of("duration_s", "started", "finished", "failure_message"));
        StringBuilder sb = new StringBuilder(String.join(",", header)).append('\n');
        for (FrozenTrial t : trials) {
            List<String> row = new ArrayList<>(List.of(Integer.toString(t.number()), t.state().name()));
            for (int i = 0; i < directions; i++) {
                row.add(t.valueCount() > i ? Double.toString(t.value(i)) : "");
            }
            for (String p : params) {
                Object v = t.param(p);
                row.add(v == null ? "" : CommandTemplate.format(v));
            }
            row.add(t.duration() == null ? "" : Double.toString(t.duration().toMillis() / 1000.0));
            row.add(t.started() == null ? "" : t.started().toString());
            row.add(t.finished() == null ? "" : t.finished().toString());
            row.add(t.failureMessage() == null ? "" : t.failureMessage());
            List<String> quoted = new ArrayList<>();
            row.forEach(c -> quoted.add(quote(c)));
            sb.append(String.join(",", quoted)).append('\n');
        }
        return sb.toString();
    }

    private static String quote(String cell) {
        if (cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")) {
            return "\"" + cell.replace("\"", "\"\"") + "\"";
        }
        return cell;
    }
}
