package io.paratune.cli;

import io.paratune.space.CategoricalDistribution;
import io.paratune.space.Distribution;
import io.paratune.space.FloatDistribution;
import io.paratune.space.IntDistribution;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a configuration given by the user ({@code paratune enqueue}, {@code enqueue:} in the study
 * file) against the search space: every name known, every parameter the configuration has given
 * (conditional ones only where their condition holds), each value of the right type, inside its
 * range and on its grid. Values come typed (JSON, YAML) or as text ({@code -p lr=0.01}).
 */
final class ParamValues {
    /**
     * A value or name that does not fit the search space.
     *
     * @see #param() the parameter at fault, or null when the whole configuration is
     */
    static final class Problem extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String param;

        Problem(String param, String message) {
            super(message, null, false, false);
            this.param = param;
        }

        String param() {
            return param;
        }
    }

    private ParamValues() {}

    /**
     * The configuration as the study's trials hold it: a value per parameter the configuration has,
     * in search-space order, typed as the parameter's distribution returns it (Double, Long or the
     * choice itself).
     *
     * @param given parameter name to a typed value (Number, String, Boolean) or, for {@code -p}, its text
     * @param text whether the values are text to parse
     * @throws Problem naming the parameter, the value and the fix
     */
    static Map<String, Object> check(Map<String, ?> given, List<ParamSpec> params, boolean text) {
        List<String> names = new ArrayList<>();
        params.forEach(p -> names.add(p.name()));
        for (String name : given.keySet()) {
            if (!names.contains(name)) {
                throw new Problem(
                        name,
                        "unknown parameter '" + name + "'" + Suggest.didYouMean(name, names) + " (the search space has "
                                + String.join(", ", names) + ")");
            }
        }
        Map<String, Object> chosen = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (ParamSpec p : params) {
            boolean active = p.active(chosen);
            if (!given.containsKey(p.name())) {
                if (active) {
                    missing.add(p.when().isEmpty() ? p.name() : p.name() + " (as " + condition(p) + ")");
                }
                continue;
            }
            if (!active) {
                throw new Problem(
                        p.name(),
                        "parameter '" + p.name() + "' exists only when " + condition(p)
                                + ", and this configuration has " + present(p, chosen) + "; leave '" + p.name()
                                + "' out");
            }
            chosen.put(p.name(), value(p.distribution(), given.get(p.name()), text));
        }
        if (!missing.isEmpty()) {
            throw new Problem(
                    null,
                    "missing " + (missing.size() == 1 ? "parameter " : "parameters ") + String.join(", ", missing)
                            + "; give a value for each parameter of the search space");
        }
        return chosen;
    }

    /** One value, converted to the distribution's external type and checked against its range. */
    static Object value(Distribution d, Object raw, boolean text) {
        String name = d.name();
        if (raw == null) {
            throw new Problem(name, "parameter '" + name + "' has no value; give a value of " + range(d));
        }
        Object typed;
        if (d instanceof FloatDistribution) {
            typed = number(name, raw, text, d);
        } else if (d instanceof IntDistribution) {
            typed = whole(name, raw, text, d);
        } else {
            typed = choice((CategoricalDistribution) d, raw);
        }
        try {
            return d.toExternal(d.toInternal(typed));
        } catch (IllegalArgumentException e) {
            throw new Problem(name, e.getMessage());
        }
    }

    private static Double number(String name, Object raw, boolean text, Distribution d) {
        if (raw instanceof Number n) {
            return n.doubleValue();
        }
        if (text || raw instanceof String) {
            try {
                double x = Double.parseDouble(String.valueOf(raw).strip());
                if (Double.isFinite(x)) {
                    return x;
                }
            } catch (NumberFormatException e) {
                // said below
            }
        }
        throw new Problem(
                name, "parameter '" + name + "': " + shown(raw) + " is not a number; give a number of " + range(d));
    }

    private static Long whole(String name, Object raw, boolean text, Distribution d) {
        double x;
        if (raw instanceof Number n) {
            x = n.doubleValue();
        } else {
            try {
                x = (text || raw instanceof String)
                        ? Double.parseDouble(String.valueOf(raw).strip())
                        : Double.NaN;
            } catch (NumberFormatException e) {
                x = Double.NaN;
            }
        }
        if (!(x == Math.rint(x)) || Math.abs(x) > 1e15) {
            throw new Problem(
                    name,
                    "parameter '" + name + "': " + shown(raw) + " is not a whole number; give an" + " integer of "
                            + range(d));
        }
        return (long) x;
    }

    /** The choice equal to {@code raw}, or else the only choice written the same way ({@code -p opt=1}). */
    private static Object choice(CategoricalDistribution d, Object raw) {
        int i = d.indexOf(raw);
        if (i >= 0) {
            return d.choices().get(i);
        }
        Object match = null;
        int matches = 0;
        for (Object c : d.choices()) {
            if (CommandTemplate.format(c).equals(String.valueOf(raw).strip())
                    || String.valueOf(c).equals(raw)) {
                match = c;
                matches++;
            }
        }
        if (matches == 1) {
            return match;
        }
        List<String> shown = new ArrayList<>();
        d.choices().forEach(c -> shown.add(String.valueOf(c)));
        String hint = String.valueOf(raw).matches("[-+0-9.eE]*") ? "" : Suggest.didYouMean(String.valueOf(raw), shown);
        throw new Problem(
                d.name(),
                "parameter '" + d.name() + "': " + shown(raw) + " is not one of its choices " + shown
                        + (hint.isEmpty() ? "; give one of them" : hint));
    }

    private static String range(Distribution d) {
        return SpaceDiff.describe(new ParamSpec(d, Map.of()));
    }

    private static String condition(ParamSpec p) {
        List<String> parts = new ArrayList<>();
        p.when().forEach((other, values) -> {
            List<String> shown = new ArrayList<>();
            values.forEach(v -> shown.add(CommandTemplate.format(v)));
            parts.add(other + (shown.size() == 1 ? " is " + shown.get(0) : " is one of " + shown));
        });
        return String.join(" and ", parts);
    }

    private static String present(ParamSpec p, Map<String, Object> chosen) {
        List<String> parts = new ArrayList<>();
        for (String other : p.when().keySet()) {
            parts.add(other
                    + (chosen.containsKey(other) ? " = " + CommandTemplate.format(chosen.get(other)) : " absent"));
        }
        return String.join(", ", parts);
    }

    private static String shown(Object raw) {
        return raw instanceof String s ? "\"" + s + "\"" : String.valueOf(raw);
    }
}
