package io.paratune.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.paratune.space.FloatDistribution;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * One problem of the real-model suite as {@code model_server.py --describe} lists it (the Python
 * side is the one definition): a model, a data set, a loss and a mixed search space. Writes the
 * problem's part of a study file: the {@code search_space}, the command words and, for the grid
 * sampler, a grid.
 *
 * @param name for example {@code svm-digits}
 * @param data the data set
 * @param model the scikit-learn estimator
 * @param loss what the value is, for example {@code 1 - accuracy}
 * @param space the parameters, in study-file order (conditions refer to earlier ones)
 */
record RealModelProblem(String name, String data, String model, String loss, List<Param> space) {

    RealModelProblem {
        space = List.copyOf(space);
    }

    /**
     * One parameter, in the study file's terms.
     *
     * @param name the parameter
     * @param type {@code float}, {@code int} or {@code categorical}
     * @param low lower bound (numbers)
     * @param high upper bound (numbers)
     * @param log log scale (numbers)
     * @param logit logit scale (floats inside (0, 1))
     * @param choices the values (categorical): strings, numbers or booleans
     * @param when earlier parameter to the values under which this one exists; empty: always
     */
    record Param(
            String name,
            String type,
            double low,
            double high,
            boolean log,
            boolean logit,
            List<Object> choices,
            Map<String, List<Object>> when) {
        Param {
            choices = List.copyOf(choices);
            when = Map.copyOf(when);
        }

        /** This parameter's settings as a YAML flow mapping, as a user would write them. */
        String yaml() {
            StringBuilder sb = new StringBuilder("{type: ").append(type);
            if (type.equals("categorical")) {
                sb.append(", choices: ").append(list(choices));
            } else {
                sb.append(", low: ").append(number(low)).append(", high: ").append(number(high));
                if (log) {
                    sb.append(", log: true");
                }
                if (logit) {
                    sb.append(", logit: true");
                }
            }
            if (!when.isEmpty()) {
                sb.append(", when: {");
                List<String> parts = new ArrayList<>();
                when.forEach((k, v) -> parts.add(k + ": " + list(v)));
                sb.append(String.join(", ", new TreeSet<>(parts))).append('}');
            }
            return sb.append('}').toString();
        }

        String number(double v) {
            return type.equals("int") ? Long.toString((long) v) : Double.toString(v);
        }

        /**
         * About {@code k} values spread over the parameter (evenly on its log or logit scale, ends
         * included), every choice of a categorical, every value of a small int range.
         */
        List<Object> gridValues(int k) {
            if (type.equals("categorical")) {
                return choices;
            }
            List<Object> out = new ArrayList<>();
            if (type.equals("int") && high - low + 1 <= k) {
                for (long v = (long) low; v <= (long) high; v++) {
                    out.add(v);
                }
                return out;
            }
            // the library's own mapping of the unit interval onto the range, on the parameter's scale
            FloatDistribution scale = new FloatDistribution(
                    name,
                    low,
                    high,
                    log
                            ? FloatDistribution.Scale.LOG
                            : logit ? FloatDistribution.Scale.LOGIT : FloatDistribution.Scale.LINEAR,
                    java.util.OptionalDouble.empty());
            for (int i = 0; i < k; i++) {
                double u = k == 1 ? 0.5 : i / (double) (k - 1);
                double v = scale.fromUnit(u);
                v = i == 0 ? low : i == k - 1 ? high : Math.min(high, Math.max(low, v)); // ends exact
                Object value = type.equals("int") ? (Object) Math.round(v) : (Object) v;
                if (!out.contains(value)) {
                    out.add(value);
                }
            }
            return out;
        }

        /** This parameter on a linear scale where it has a logit one. */
        Param withoutLogit() {
            return new Param(name, type, low, high, log, false, choices, when);
        }

        private static String list(List<Object> values) {
            return "["
                    + String.join(
                            ", ",
                            values.stream().map(RealModelProblem::yamlScalar).toList()) + "]";
        }
    }

    /** A string (double-quoted), number or boolean as a YAML flow scalar of the same type. */
    static String yamlScalar(Object v) {
        if (v instanceof String s) {
            return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
        return v instanceof Double d ? Double.toString(d) : String.valueOf(v);
    }

    /** The problems from {@code model_server.py --describe}'s JSON. */
    static List<RealModelProblem> fromJson(JsonNode array) {
        List<RealModelProblem> out = new ArrayList<>();
        for (JsonNode p : array) {
            List<Param> space = new ArrayList<>();
            for (JsonNode s : p.path("search_space")) {
                List<Object> choices = new ArrayList<>();
                s.path("choices").forEach(c -> choices.add(scalar(c)));
                Map<String, List<Object>> when = new LinkedHashMap<>();
                s.path("when").properties().forEach(e -> {
                    List<Object> allowed = new ArrayList<>();
                    e.getValue().forEach(v -> allowed.add(scalar(v)));
                    when.put(e.getKey(), allowed);
                });
                space.add(new Param(
                        s.path("name").asText(),
                        s.path("type").asText(),
                        s.path("low").asDouble(),
                        s.path("high").asDouble(),
                        s.path("log").asBoolean(false),
                        s.path("logit").asBoolean(false),
                        choices,
                        when));
            }
            out.add(new RealModelProblem(
                    p.path("name").asText(),
                    p.path("data").asText(),
                    p.path("model").asText(),
                    p.path("loss").asText(),
                    space));
        }
        return out;
    }

    private static Object scalar(JsonNode v) {
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber()) {
            return v.longValue();
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        return v.asText();
    }

    /** This problem with its logit-scaled parameters on a linear scale (to measure what the scale gives). */
    RealModelProblem withoutLogit() {
        return new RealModelProblem(
                name, data, model, loss, space.stream().map(Param::withoutLogit).toList());
    }

    /** The {@code search_space:} block of a study file. */
    String searchSpaceYaml() {
        StringBuilder sb = new StringBuilder("search_space:\n");
        for (Param p : space) {
            sb.append("  ").append(p.name()).append(": ").append(p.yaml()).append('\n');
        }
        return sb.toString();
    }

    /** The trial command's parameter words, {@code --name={name}}: left out when a condition does not hold. */
    List<String> parameterWords() {
        return space.stream().map(p -> "--" + p.name() + "={" + p.name() + "}").toList();
    }

    /**
     * A grid for the grid sampler with at least {@code budget} points where the space allows: the
     * same number of values per numeric parameter, the smallest that reaches the budget (at most 64).
     */
    Map<String, List<Object>> grid(int budget) {
        Map<String, List<Object>> grid = new LinkedHashMap<>();
        for (int k = 2; k <= 64; k++) {
            grid.clear();
            long points = 1;
            for (Param p : space) {
                List<Object> values = p.gridValues(k);
                grid.put(p.name(), values);
                points *= values.size();
            }
            if (points >= budget) {
                break;
            }
        }
        return grid;
    }

    /** The grid as the sampler option {@code values: {...}}. */
    String gridYaml(int budget) {
        List<String> parts = new ArrayList<>();
        grid(budget).forEach((name, values) -> parts.add(name + ": " + Param.list(values)));
        return "{" + String.join(", ", parts) + "}";
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s (%s on %s, %d parameters)", name, model, data, space.size());
    }
}
