package io.paratune.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads what a trial process prints. Lines that are not part of the protocol are only logged.
 *
 * <ul>
 *   <li>{@code paratune: step=3 value=0.5} — an intermediate value for the pruner;
 *   <li>{@code paratune: value=0.12} or {@code paratune: values=0.12,0.9} — the result;
 *   <li>a JSON object line such as {@code {"loss": 0.12}} — the result: the keys named by {@code
 *       metric}/{@code metrics}, else its {@code value} key or its only numeric field;
 *   <li>{@code paratune: attr name=value} (the value read as JSON when it is JSON, else as text) or
 *       {@code paratune: attrs={"name": value, ...}} — user attributes of the trial.
 * </ul>
 *
 * The last result line printed counts.
 */
final class OutputProtocol {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectReader STRICT = JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * User attributes paratune sets itself; a trial may not set them (they steer the budget, resuming
     * and the rerun command).
     */
    static final Set<String> RESERVED_ATTRIBUTES =
            Set.of("command", "log", "attempt", "cuda_visible_devices", StudyRunner.REQUEUED, "interrupted", "budget");

    /** One understood line. */
    sealed interface Line permits Step, Result, Invalid, Attributes, OtherJson {}

    /** An intermediate value. */
    record Step(int step, double value) implements Line {}

    /** A final result, one value per direction. */
    record Result(double[] values) implements Line {}

    /** A line meant for the protocol that could not be read; the message says why. */
    record Invalid(String message) implements Line {}

    /**
     * User attributes to record, in order; {@code refused} says why a part of the line was not
     * taken, or is null.
     */
    record Attributes(Map<String, Object> values, String refused) implements Line {
        Attributes {
            values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }
    }

    /**
     * A JSON object line that lacks the named metrics: a log line, or a result with other keys.
     *
     * @param keys its keys, in order
     * @param missing the metrics it lacks
     * @param metrics how many metrics the study names
     */
    record OtherJson(List<String> keys, List<String> missing, int metrics) implements Line {
        OtherJson {
            keys = List.copyOf(keys);
            missing = List.copyOf(missing);
        }

        /** Why no result was read from this line, and the fix. */
        String explain() {
            StringBuilder quoted = new StringBuilder();
            for (String m : missing) {
                quoted.append(quoted.length() == 0 ? "" : ", ")
                        .append('\'')
                        .append(m)
                        .append('\'');
            }
            return "its JSON line had keys " + keys + " but no " + quoted
                    + (metrics == 1
                            ? " (metric); set metric: to one of them"
                            : " (metrics); set metrics: to keys it prints");
        }
    }

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
            String body = line.substring("paratune:".length()).strip();
            if (body.startsWith("attr ") || body.startsWith("attrs=") || body.startsWith("attrs ")) {
                return parseAttributes(body, line);
            }
            return parseTagged(body, line);
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

    /** {@code attr name=value} or {@code attrs={...}}. */
    private static Line parseAttributes(String body, String line) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (body.startsWith("attr ")) {
            String pair = body.substring("attr ".length()).strip();
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                return new Invalid("'" + line + "': expected paratune: attr name=value");
            }
            values.put(
                    pair.substring(0, eq).strip(),
                    attributeValue(pair.substring(eq + 1).strip()));
        } else {
            String json = body.substring("attrs".length()).strip();
            json = json.startsWith("=") ? json.substring(1).strip() : json;
            JsonNode node;
            try {
                node = STRICT.readTree(json);
            } catch (Exception e) {
                node = null;
            }
            if (node == null || !node.isObject()) {
                return new Invalid(
                        "'" + line + "': expected a JSON object, as in paratune: attrs={\"arch\": \"resnet\"}");
            }
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                values.put(e.getKey(), JSON.convertValue(e.getValue(), Object.class));
            }
        }
        List<String> refused = new ArrayList<>();
        values.keySet().removeIf(k -> {
            boolean bad = k.isBlank() || RESERVED_ATTRIBUTES.contains(k);
            if (bad) {
                refused.add(k);
            }
            return bad;
        });
        return new Attributes(
                values,
                refused.isEmpty()
                        ? null
                        : "attribute "
                                + refused.stream()
                                        .map(k -> "'" + k + "'")
                                        .collect(java.util.stream.Collectors.joining(", "))
                                + " is set by paratune"
                                + " (or empty) and was not changed; choose another name");
    }

    /** A JSON value (number, true, false, null, "text", list, object) as JSON reads it; anything else as text. */
    private static Object attributeValue(String text) {
        try {
            JsonNode node = STRICT.readTree(text);
            if (node != null && !node.isMissingNode()) {
                return JSON.convertValue(node, Object.class);
            }
        } catch (Exception notJson) {
            // plain text
        }
        return text;
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
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < metrics.size(); i++) {
                JsonNode v = node.get(metrics.get(i));
                if (v == null || !v.isNumber()) {
                    missing.add(metrics.get(i));
                } else {
                    values[i] = v.asDouble();
                }
            }
            if (!missing.isEmpty()) {
                List<String> keys = new ArrayList<>();
                node.fieldNames().forEachRemaining(keys::add);
                return new OtherJson(keys, missing, metrics.size()); // a JSON log line, or a result with other keys
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
