package io.paratune.cli;

import io.paratune.space.CategoricalDistribution;
import io.paratune.space.Distribution;
import io.paratune.space.FloatDistribution;
import io.paratune.space.IntDistribution;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One parameter of the study file's search space: its distribution and, for a conditional
 * parameter, the values of earlier parameters under which it exists ({@code when: {optimizer:
 * sgd}}).
 *
 * @param distribution what to sample
 * @param when earlier parameter name to the values (any of) that enable this one; empty: always
 */
record ParamSpec(Distribution distribution, Map<String, List<Object>> when) {
    static final List<String> TYPES = List.of("float", "int", "categorical");

    ParamSpec {
        Objects.requireNonNull(distribution, "distribution");
        when = Map.copyOf(when);
    }

    String name() {
        return distribution.name();
    }

    /** Whether this parameter exists given the values chosen so far in the trial. */
    boolean active(Map<String, Object> chosen) {
        for (Map.Entry<String, List<Object>> c : when.entrySet()) {
            if (!chosen.containsKey(c.getKey())) {
                return false;
            }
            Object value = chosen.get(c.getKey());
            boolean match = false;
            for (Object allowed : c.getValue()) {
                if (sameValue(allowed, value)) {
                    match = true;
                }
            }
            if (!match) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameValue(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        return Objects.equals(a, b);
    }

    /** Reads the {@code search_space} map: parameter name to its settings, in file order. */
    static List<ParamSpec> readAll(Yaml.Value space) {
        if (!space.isMap() || space.map().isEmpty()) {
            throw space.error(
                    "expected a map of parameters, e.g. lr: {type: float, low: 1.0e-5, high: 0.1," + " log: true}");
        }
        List<ParamSpec> out = new ArrayList<>();
        Map<String, ParamSpec> earlier = new LinkedHashMap<>();
        for (Map.Entry<String, Yaml.Value> e : space.map().entrySet()) {
            ParamSpec p = read(e.getKey(), e.getValue(), earlier);
            earlier.put(p.name(), p);
            out.add(p);
        }
        return out;
    }

    private static ParamSpec read(String name, Yaml.Value node, Map<String, ParamSpec> earlier) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
            throw node.error("parameter name '" + name + "' must start with a letter or _ and hold only letters,"
                    + " digits, _ . -; rename it");
        }
        Fields f = new Fields(node);
        String type = f.choice("type", null, TYPES);
        if (type == null) {
            throw f.missing("type", "float   (one of float, int, categorical)");
        }
        Distribution d;
        try {
            d = switch (type) {
                case "float" -> floatDistribution(name, f);
                case "int" -> intDistribution(name, f);
                default -> categorical(name, f);
            };
        } catch (IllegalArgumentException bad) {
            throw node.error(bad.getMessage());
        }
        Map<String, List<Object>> when = readWhen(f.get("when"), name, earlier);
        f.finish();
        return new ParamSpec(d, when);
    }

    private static FloatDistribution floatDistribution(String name, Fields f) {
        double low = required(f, "low", "0.0");
        double high = required(f, "high", "1.0");
        boolean log = f.bool("log", false);
        boolean logit = f.bool("logit", false);
        Yaml.Value step = f.get("step");
        checkRange(f, low, high, log);
        if (logit) {
            if (log) {
                throw f.get("logit")
                        .error("log: true and logit: true cannot be combined; keep log for positive"
                                + " quantities spanning orders of magnitude, logit for fractions inside (0, 1)");
            }
            if (!(low > 0 && high < 1)) {
                throw f.get(low > 0 ? "high" : "low")
                        .error("logit: true needs 0 < low and high < 1, got [" + fmt(low)
                                + ", " + fmt(high) + "]; use bounds strictly inside (0, 1), e.g. low: 0.01, high: 0.99,"
                                + " or drop logit");
            }
        }
        if (step != null) {
            if (log || logit) {
                throw step.error("step and " + (log ? "log" : "logit") + ": true cannot be combined; drop one");
            }
            return FloatDistribution.stepped(name, low, high, Fields.number(step));
        }
        return log
                ? FloatDistribution.logScale(name, low, high)
                : logit ? FloatDistribution.logitScale(name, low, high) : FloatDistribution.of(name, low, high);
    }

    private static IntDistribution intDistribution(String name, Fields f) {
        long low = requiredInt(f, "low", "1");
        long high = requiredInt(f, "high", "8");
        boolean log = f.bool("log", false);
        Yaml.Value step = f.get("step");
        checkRange(f, low, high, log);
        if (step != null) {
            if (log) {
                throw step.error("step and log: true cannot be combined; drop one");
            }
            return IntDistribution.stepped(name, low, high, Fields.integer(step));
        }
        return log ? IntDistribution.logScale(name, low, high) : IntDistribution.of(name, low, high);
    }

    private static void checkRange(Fields f, double low, double high, boolean log) {
        if (low > high) {
            throw f.get("low").error("low=" + fmt(low) + " is greater than high=" + fmt(high) + "; swap low and high");
        }
        if (log && low <= 0) {
            throw f.get("low").error("low=" + fmt(low) + " must be > 0 with log: true; raise low or drop log");
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static double required(Fields f, String key, String example) {
        Yaml.Value v = f.get(key);
        if (v == null) {
            throw f.missing(key, example);
        }
        return Fields.number(v);
    }

    private static long requiredInt(Fields f, String key, String example) {
        Yaml.Value v = f.get(key);
        if (v == null) {
            throw f.missing(key, example);
        }
        return Fields.integer(v);
    }

    private static CategoricalDistribution categorical(String name, Fields f) {
        Yaml.Value choices = f.get("choices");
        if (choices == null) {
            throw f.missing("choices", "[adam, sgd]");
        }
        if (!choices.isList() || choices.list().isEmpty()) {
            throw choices.error("expected a non-empty list of values such as [adam, sgd], got " + choices.shown());
        }
        List<Object> values = new ArrayList<>();
        for (Yaml.Value c : choices.list()) {
            if (c.isMap() || c.isList()) {
                throw c.error("a choice must be a string, number or boolean, got " + c.shown());
            }
            values.add(c.value());
        }
        return CategoricalDistribution.of(name, values);
    }

    private static Map<String, List<Object>> readWhen(Yaml.Value when, String name, Map<String, ParamSpec> earlier) {
        if (when == null) {
            return Map.of();
        }
        if (!when.isMap() || when.map().isEmpty()) {
            throw when.error("expected a map of earlier parameters to values, e.g. when: {optimizer: sgd}");
        }
        Map<String, List<Object>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Yaml.Value> c : when.map().entrySet()) {
            String other = c.getKey();
            Yaml.Value v = c.getValue();
            ParamSpec parent = earlier.get(other);
            if (parent == null) {
                throw v.error("parameter '" + name + "' depends on '" + other + "', which is not defined above it"
                        + Suggest.didYouMean(other, earlier.keySet()) + "; define '" + other + "' earlier in"
                        + " search_space");
            }
            List<Object> allowed = new ArrayList<>();
            for (Yaml.Value item : v.isList() ? v.list() : List.of(v)) {
                if (!parent.distribution().contains(internalOrNaN(parent.distribution(), item.value()))) {
                    throw item.error(item.shown() + " is not a possible value of '" + other + "' ("
                            + parent.distribution() + "); use one of its values");
                }
                allowed.add(item.value());
            }
            out.put(other, allowed);
        }
        return out;
    }

    private static double internalOrNaN(Distribution d, Object external) {
        try {
            return d.toInternal(external);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
