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

/**
 * {@code paratune export}: every trial with its parameters, values, state, duration, intermediate
 * values, user attributes and log file, as JSON or as CSV. The CSV loads with one {@code
 * pandas.read_csv}: one header, quoted cells, columns like Optuna's {@code trials_dataframe}
 * ({@code params_<name>}, {@code user_attrs_<key>}), one value column per objective named by its
 * metric, and the intermediate values as a JSON object per trial.
 */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = {
            "Export all trials of a study as CSV or JSON: number, state, values, params, user"
                    + " attributes, intermediate values, start, finish, duration, log file and failure message.",
            "CSV columns: number, state, value (or value_<metric> per objective), params_<name>...,"
                    + " user_attrs_<key>..., intermediate_values (JSON), duration_s, started, finished, log,"
                    + " failure_message."
        })
final class ExportCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** User attribute holding the trial's log file; it has its own column. */
    private static final String LOG = "log";

    @Spec
    CommandSpec spec;

    @Mixin
    StudyRef ref;

    @Option(names = "--format", paramLabel = "csv|json", defaultValue = "csv", description = "csv (default) or json.")
    String format;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Write to FILE instead of stdout.")
    Path output;

    @Override
    public Integer call() throws IOException {
        String f = format.toLowerCase(Locale.ROOT);
        if (!f.equals("csv") && !f.equals("json")) {
            throw new UserError("--format " + format + ": unknown format"
                    + Suggest.didYouMean(f, List.of("csv", "json")) + " (use csv or json)");
        }
        String text;
        try (JdbcStorage storage = Stores.openReadOnly(ref.storageUrl())) {
            Study s = Stores.load(storage, ref.studyName());
            List<FrozenTrial> trials = s.trials();
            text = f.equals("json") ? json(trials) : csv(trials, valueColumns(s));
        }
        if (output != null) {
            Files.writeString(output, text, StandardCharsets.UTF_8);
        } else {
            PrintWriter out = spec.commandLine().getOut();
            out.print(text);
            out.flush();
        }
        return ExitCode.OK.code();
    }

    /**
     * The value columns: {@code value} for one objective; {@code value_<metric>} per objective when
     * the study file names its metrics, else {@code value_0}, {@code value_1}, ...
     */
    private List<String> valueColumns(Study s) {
        int n = s.directions().size();
        if (n == 1) {
            return List.of("value");
        }
        List<String> metrics = List.of();
        try {
            if (ref.file != null) {
                metrics = StudyConfig.load(ref.file).metrics();
            } else if (s.attributes().get(Stores.STUDY_FILE) instanceof String stored) {
                metrics = metrics(stored);
            }
        } catch (UserError | IllegalArgumentException e) {
            metrics = List.of(); // an unreadable study file: numbered columns
        }
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            columns.add("value_"
                    + (metrics.size() == n && new LinkedHashSet<>(metrics).size() == n
                            ? metrics.get(i)
                            : Integer.toString(i)));
        }
        return columns;
    }

    /** The {@code metrics} (or {@code metric}) of a stored study file, without checking the rest of it. */
    static List<String> metrics(String studyFile) {
        Yaml.Value root = Yaml.parse(studyFile, "stored study file");
        if (!root.isMap()) {
            return List.of();
        }
        Yaml.Value many = root.map().get("metrics");
        Yaml.Value one = root.map().get("metric");
        List<String> out = new ArrayList<>();
        if (many != null && many.isList()) {
            many.list().forEach(v -> out.add(String.valueOf(v.value())));
        } else if (one != null && one.value() != null && !one.isMap() && !one.isList()) {
            out.add(String.valueOf(one.value()));
        }
        return out;
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
            row.put("log", t.userAttributes().get(LOG));
            row.put("user_attributes", t.userAttributes());
            row.put("failure_message", t.failureMessage());
            rows.add(row);
        }
        StringWriter w = new StringWriter();
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(w, rows);
        return w + "\n";
    }

    /**
     * The trials as CSV (RFC 4180: one header, {@code \n} line ends, a cell holding a comma, quote
     * or line break quoted, quotes doubled).
     *
     * @param valueColumns one name per objective
     */
    static String csv(List<FrozenTrial> trials, List<String> valueColumns) throws IOException {
        Set<String> params = new LinkedHashSet<>();
        Set<String> attrs = new LinkedHashSet<>();
        for (FrozenTrial t : trials) {
            params.addAll(t.params().keySet());
            attrs.addAll(t.userAttributes().keySet());
        }
        attrs.remove(LOG);
        List<String> header = new ArrayList<>(List.of("number", "state"));
        header.addAll(valueColumns);
        params.forEach(p -> header.add("params_" + p));
        attrs.forEach(a -> header.add("user_attrs_" + a));
        header.addAll(List.of("intermediate_values", "duration_s", "started", "finished", "log", "failure_message"));
        StringBuilder sb = new StringBuilder();
        row(sb, header);
        for (FrozenTrial t : trials) {
            List<String> row = new ArrayList<>(
                    List.of(Integer.toString(t.number()), t.state().name()));
            for (int i = 0; i < valueColumns.size(); i++) {
                row.add(t.valueCount() > i ? CommandTemplate.format(t.value(i)) : "");
            }
            for (String p : params) {
                Object v = t.param(p);
                row.add(v == null ? "" : CommandTemplate.format(v));
            }
            for (String a : attrs) {
                row.add(cell(t.userAttributes().get(a)));
            }
            row.add(t.intermediateValues().isEmpty() ? "" : JSON.writeValueAsString(t.intermediateValues()));
            row.add(t.duration() == null ? "" : Double.toString(t.duration().toMillis() / 1000.0));
            row.add(t.started() == null ? "" : t.started().toString());
            row.add(t.finished() == null ? "" : t.finished().toString());
            row.add(cell(t.userAttributes().get(LOG)));
            row.add(t.failureMessage() == null ? "" : t.failureMessage());
            row(sb, row);
        }
        return sb.toString();
    }

    /** A user attribute as a cell: a number or text as it is, a list or map as JSON. */
    private static String cell(Object v) throws IOException {
        if (v == null) {
            return "";
        }
        if (v instanceof Map || v instanceof List) {
            return JSON.writeValueAsString(v);
        }
        return CommandTemplate.format(v);
    }

    private static void row(StringBuilder sb, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(quote(cells.get(i)));
        }
        sb.append('\n');
    }

    private static String quote(String cell) {
        if (cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")) {
            return "\"" + cell.replace("\"", "\"\"") + "\"";
        }
        return cell;
    }
}
