package io.paratune.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the settings of one YAML map with typed getters; {@link #finish()} then rejects every key
 * that no getter asked for, with a "did you mean" hint. Messages name file, line, field, value and
 * the fix.
 */
final class Fields {
    private static final Pattern DURATION_PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h|d)");

    private final Yaml.Value node;
    private final Set<String> known = new LinkedHashSet<>();

    Fields(Yaml.Value node) {
        if (!node.isMap()) {
            throw node.error("expected a map of settings (key: value), got " + node.shown());
        }
        this.node = node;
    }

    /** Settings of an optional nested map; an absent or null key gives an empty map. */
    static Fields optional(Yaml.Value parent, String key) {
        Yaml.Value v = parent.isMap() ? parent.map().get(key) : null;
        if (v == null || v.value() == null) {
            return new Fields(new Yaml.Value(
                    Map.of(),
                    parent.file(),
                    parent.line(),
                    (parent.path().equals("(root)") ? "" : parent.path() + ".") + key));
        }
        return new Fields(v);
    }

    Yaml.Value node() {
        return node;
    }

    /** The value of a key, or null when absent or written as null. */
    Yaml.Value get(String key) {
        known.add(key);
        Yaml.Value v = node.map().get(key);
        return v == null || v.value() == null ? null : v;
    }

    boolean has(String key) {
        return get(key) != null;
    }

    /** Marks keys as known without reading them. */
    void allow(String... keys) {
        known.addAll(List.of(keys));
    }

    String string(String key, String fallback) {
        Yaml.Value v = get(key);
        if (v == null) {
            return fallback;
        }
        if (v.isMap() || v.isList()) {
            throw v.error("expected a single value, got " + v.shown());
        }
        return String.valueOf(v.value());
    }

    String requiredString(String key, String example) {
        String s = string(key, null);
        if (s == null || s.isBlank()) {
            throw missing(key, example);
        }
        return s;
    }

    UserError missing(String key, String example) {
        for (Map.Entry<String, Yaml.Value> e : node.map().entrySet()) {
            if (!e.getKey().equals(key) && Suggest.distance(e.getKey(), key) <= 2) {
                Yaml.Value typo = e.getValue();
                return new UserError(typo.file() + (typo.line() > 0 ? ":" + typo.line() : "") + ": " + typo.path()
                        + ": unknown key '" + e.getKey() + "'; did you mean '" + key + "'? (" + key + " is missing)");
            }
        }
        return new UserError(node.file() + (node.line() > 0 ? ":" + node.line() : "") + ": "
                + (node.path().equals("(root)") ? "" : node.path() + ".") + key + ": missing; add for example '"
                + key + ": " + example + "'");
    }

    long integer(String key, long fallback, long min) {
        Yaml.Value v = get(key);
        if (v == null) {
            return fallback;
        }
        long n = integer(v);
        if (n < min) {
            throw v.error("must be at least " + min + ", got " + n + "; give a value >= " + min);
        }
        return n;
    }

    static long integer(Yaml.Value v) {
        if (v.value() instanceof Long l) {
            return l;
        }
        if (v.value() instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return d.longValue();
        }
        throw v.error("expected a whole number, got " + v.shown() + "; write a number such as 10");
    }

    double number(String key, double fallback) {
        Yaml.Value v = get(key);
        return v == null ? fallback : number(v);
    }

    static double number(Yaml.Value v) {
        if (v.value() instanceof Number n) {
            return n.doubleValue();
        }
        throw v.error("expected a number, got " + v.shown() + "; write a number such as 0.001 or 1.0e-3");
    }

    boolean bool(String key, boolean fallback) {
        Yaml.Value v = get(key);
        if (v == null) {
            return fallback;
        }
        if (v.value() instanceof Boolean b) {
            return b;
        }
        throw v.error("expected true or false, got " + v.shown());
    }

    /** A choice among fixed words, case-insensitive. */
    String choice(String key, String fallback, List<String> choices) {
        Yaml.Value v = get(key);
        if (v == null) {
            return fallback;
        }
        String s = String.valueOf(v.value()).toLowerCase(java.util.Locale.ROOT);
        if (!choices.contains(s)) {
            throw v.error("unknown value " + v.shown() + Suggest.didYouMean(s, choices) + " (choose one of "
                    + String.join(", ", choices) + ")");
        }
        return s;
    }

    Duration duration(String key, Duration fallback) {
        Yaml.Value v = get(key);
        return v == null ? fallback : duration(v);
    }

    static Duration duration(Yaml.Value v) {
        if (v.value() instanceof Number n) {
            if (n.doubleValue() <= 0) {
                throw v.error("must be positive, got " + n + "; give seconds or a duration such as 90s, 10m, 2h");
            }
            return Duration.ofMillis(Math.round(n.doubleValue() * 1000));
        }
        Duration d = parseDuration(String.valueOf(v.value()));
        if (d == null || d.isZero()) {
            throw v.error("expected a duration, got " + v.shown() + "; write seconds (90) or 90s, 10m, 2h, 1h30m");
        }
        return d;
    }

    /** Parses {@code 90}, {@code 90s}, {@code 10m}, {@code 1h30m}, {@code 500ms}; null when malformed. */
    static Duration parseDuration(String s) {
        String t = s.strip().toLowerCase(java.util.Locale.ROOT);
        if (t.matches("[0-9]+(\\.[0-9]+)?")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
        }
        Matcher m = DURATION_PART.matcher(t);
        int end = 0;
        double millis = 0;
        while (m.find() && m.start() == end) {
            double n = Double.parseDouble(m.group(1));
            millis += n
                    * switch (m.group(2)) {
                        case "ms" -> 1;
                        case "s" -> 1000;
                        case "m" -> 60_000;
                        case "h" -> 3_600_000;
                        default -> 86_400_000;
                    };
            end = m.end();
        }
        return end == t.length() && end > 0 ? Duration.ofMillis(Math.round(millis)) : null;
    }

    /** Rejects keys that were not read, naming the closest known key. */
    void finish() {
        List<String> unknown = new ArrayList<>();
        for (String key : node.map().keySet()) {
            if (!known.contains(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            String key = unknown.get(0);
            Yaml.Value v = node.map().get(key);
            throw new UserError(v.file() + (v.line() > 0 ? ":" + v.line() : "") + ": " + v.path()
                    + ": unknown key '" + key + "'" + Suggest.didYouMean(key, known)
                    + " (known keys here: " + String.join(", ", known) + ")");
        }
    }
}
