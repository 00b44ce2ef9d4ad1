package io.paratune.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads what a trial process prints. Lines that are not part of the protocol are only logged.
 *
 * <ul>
 *   <li>{@code paratune: step=3 value=0.5} — an intermediate value for the pruner;
 *   <li>{@code paratune: value=0.12} or {@code paratune: values=0.12,0.9} — the result;
 *   <li>a JSON object line such as {@code {"loss": 0.12}} — the result: the keys named by {@code
 *       metric}/{@code metrics}, else its {@code value} key or its only numeric field.
 * </ul>
 *
 * The last result line printed counts.
 */
final class OutputProtocol {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One understood line. */
    sealed interface Line permits Step, Result, Invalid {}

    /** An intermediate value. */
    record Step(int step, double value) implements Line {}

    /** A final result, one value per direction. */
    record Result(double[] values) implements Line {}

    /** A line meant for the protocol that could not be read; the message says why. */
    record Invalid(String message) implements Line {}

    private final List<String> metrics;
    private final int directions;

    OutputProtocol(List<String> metrics, int directions) {
        this.metrics = metrics;
        this.directions = directions;
    }

    /** The meaning of one output line, or null for an ordinary log line. */
    Line parse(String raw) {
        String line = raw.strip();
        if (line.startsWith("paratune:")) {
            return parseTagged(line.substring("paratune:".length()).strip(), line);
        }
        if (line.startsWith("{") && line.endsWith("}")) {
            return parseJson(line);
        }
        return null;
    }

    private Line parseTagged(String body, String line) {
        Integer step = null;
        double[] values = null;
        for (String token : body.split("\\s+")) {
            int eq = token.indexOf('=');
            if (eq <= 0) {
                return new Invalid("'" + line + "': expected key=value words such as step=3 value=0.5");
            }
            String key = token.substring(0, eq);
            String v = token.substring(eq + 1);
            try {
                switch (key) {
                    case "step" -> step = Integer.parseInt(v);
                    case "value" -> values = new double[] {Double.parseDouble(v)};
                    case "values" -> {
                        String[] parts = v.split(",");
                        values = new double[parts.length];
                        for (int i = 0; i < parts.length; i++) {
                            values[i] = Double.parseDouble(parts[i]);
                        }
                    }
                    default -> {
                        return new Invalid("'" + line + "': unknown key '" + key + "'"
                                + Suggest.didYouMean(key, List.of("step", "value", "values"))
                                + " (use step, value or values)");
                    }
                }
            } catch (NumberFormatException e) {
                return new Invalid("'" + line + "': " + key + "=" + v + " is not a number");
            }
        }
        if (values == null) {
            return new Invalid("'" + line + "': no value=...; print paratune: value=0.12 (or step=N value=X)");
        }
        if (step != null) {
            if (step < 0 || values.length != 1) {
                return new Invalid("'" + line + "': an intermediate report needs step >= 0 and one value");
            }
            return new Step(step, values[0]);
        }
        return new Result(values);
    }

    private Line parseJson(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (Exception notJson) {
            return null;
        }
        if (!node.isObject()) {
            return null;
        }
        if (!metrics.isEmpty()) {
            double[] values = new double[metrics.size()];
            for (int i = 0; i < metrics.size(); i++) {
                JsonNode v = node.get(metrics.get(i));
                if (v == null || !v.isNumber()) {
                    return null; // a JSON log line without our metrics
                }
                values[i] = v.asDouble();
            }
            return new Result(values);
        }
        if (node.has("value") && node.get("value").isNumber()) {
            return new Result(new double[] {node.get("value").asDouble()});
        }
        List<Double> numbers = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (e.getValue().isNumber()) {
                numbers.add(e.getValue().asDouble());
                names.add(e.getKey());
            }
        }
        if (directions == 1 && numbers.size() == 1) {
            return new Result(new double[] {numbers.get(0)});
        }
        if (numbers.isEmpty()) {
            return null;
        }
        return new Invalid("JSON line with numbers " + names + ": set metric: <key> (or metrics: [...]) in the study"
                + " file to say which is the result");
    }
}
