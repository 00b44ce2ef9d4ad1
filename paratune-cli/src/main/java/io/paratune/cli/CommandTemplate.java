package io.paratune.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The objective command of a study file, split into words like a shell would (single and double
 * quotes group, no other shell syntax), with {@code {name}} placeholders filled per trial.
 * {@code {trial}} and {@code {study}} give the trial number and study name; {@code {{} and
 * {@code }}} write literal braces. A word holding the placeholder of a conditional parameter that a
 * trial does not have is left out, so write {@code --momentum={momentum}} as one word.
 */
final class CommandTemplate {
    static final Set<String> BUILTINS = Set.of("trial", "study");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{|}}|\\{([^{}]*)}");

    private final List<String> words;

    private CommandTemplate(List<String> words) {
        this.words = List.copyOf(words);
    }

    /** The template from a string (split like a shell) or a list of words. */
    static CommandTemplate read(Yaml.Value v) {
        List<String> words = new ArrayList<>();
        if (v.isList()) {
            for (Yaml.Value w : v.list()) {
                if (w.isMap() || w.isList() || w.value() == null) {
                    throw w.error("a command word must be a string, got " + w.shown());
                }
                words.add(String.valueOf(w.value()));
            }
        } else if (v.isMap()) {
            throw v.error("expected the command as a string, e.g. command: python3 train.py --lr {lr}");
        } else {
            try {
                words = split(String.valueOf(v.value()));
            } catch (IllegalArgumentException e) {
                throw v.error(e.getMessage());
            }
        }
        if (words.isEmpty()) {
            throw v.error("the command is empty; give the program to run, e.g. python3 train.py --lr {lr}");
        }
        CommandTemplate t = new CommandTemplate(words);
        if (!t.placeholders(words.get(0)).isEmpty()) {
            throw v.error("the program name " + words.get(0) + " holds a placeholder; put placeholders in its"
                    + " arguments");
        }
        return t;
    }

    List<String> words() {
        return words;
    }

    /** Splits a command line into words: whitespace separates, quotes group, backslash escapes. */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < line.length()) {
                    cur.append(line.charAt(++i));
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                cur.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else {
                cur.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("the command has an unclosed " + quote + " quote; close it");
        }
        if (inWord) {
            out.add(cur.toString());
        }
        return out;
    }

    /** The placeholder names in one word, in order. */
    List<String> placeholders(String word) {
        List<String> names = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(word);
        while (m.find()) {
            if (m.group(1) != null) {
                names.add(m.group(1).strip());
            }
        }
        return names;
    }

    /** Every placeholder name in the template. */
    Set<String> placeholders() {
        Set<String> all = new LinkedHashSet<>();
        words.forEach(w -> all.addAll(placeholders(w)));
        return all;
    }

    /**
     * Checks placeholders against the search space: each must name a parameter or a built-in, every
     * parameter must be used, and a conditional parameter must not stand alone after a flag.
     */
    void check(Yaml.Value where, List<ParamSpec> params) {
        check(where, params, true);
    }

    /**
     * As {@link #check(Yaml.Value, List)}; with {@code everyParam} false a parameter may be left out
     * of the command (the command reads {@code PARATUNE_PARAMS} instead).
     */
    void check(Yaml.Value where, List<ParamSpec> params, boolean everyParam) {
        Set<String> names = new LinkedHashSet<>();
        params.forEach(p -> names.add(p.name()));
        Set<String> known = new LinkedHashSet<>(names);
        known.addAll(BUILTINS);
        for (String p : placeholders()) {
            if (!known.contains(p)) {
                throw where.error("placeholder {" + p + "} names no parameter" + Suggest.didYouMean(p, known)
                        + " (parameters: " + String.join(", ", names) + "); add '" + p + "' to search_space or fix"
                        + " the placeholder");
            }
        }
        for (String n : everyParam ? names : Set.<String>of()) {
            if (!placeholders().contains(n)) {
                throw where.error("parameter '" + n + "' is never used in the command; add {" + n + "} to it (e.g."
                        + " --" + n + " {" + n + "}), remove '" + n + "' from search_space, or set"
                        + " params_in_command: false if the command reads its parameters from PARATUNE_PARAMS");
            }
        }
        for (ParamSpec p : params) {
            if (p.when().isEmpty()) {
                continue;
            }
            for (int i = 1; i < words.size(); i++) {
                if (words.get(i).equals("{" + p.name() + "}")
                        && words.get(i - 1).startsWith("-")
                        && placeholders(words.get(i - 1)).isEmpty()) {
                    throw where.error("conditional parameter '" + p.name() + "' follows the flag " + words.get(i - 1)
                            + " as a separate word; write " + words.get(i - 1) + "={" + p.name() + "} so the"
                            + " flag is left out with it when the parameter is absent");
                }
            }
        }
    }

    /**
     * The command words for one trial; a word holding a placeholder without a value is left out.
     *
     * @param values placeholder name to its value (parameters of the trial plus built-ins)
     */
    List<String> render(Map<String, Object> values) {
        List<String> out = new ArrayList<>();
        for (String w : words) {
            StringBuilder sb = new StringBuilder();
            Matcher m = PLACEHOLDER.matcher(w);
            boolean missing = false;
            while (m.find()) {
                String rep;
                if (m.group().equals("{{")) {
                    rep = "{";
                } else if (m.group().equals("}}")) {
                    rep = "}";
                } else {
                    String name = m.group(1).strip();
                    if (!values.containsKey(name)) {
                        missing = true;
                        rep = "";
                    } else {
                        rep = format(values.get(name));
                    }
                }
                m.appendReplacement(sb, Matcher.quoteReplacement(rep));
            }
            m.appendTail(sb);
            if (!missing) {
                out.add(sb.toString());
            }
        }
        return out;
    }

    /** A value as written on the command line: whole floats keep their ".0", no exponent for usual sizes. */
    static String format(Object v) {
        if (v instanceof Double d) {
            double a = Math.abs(d);
            if (a != 0 && (a < 1e-4 || a >= 1e7)) {
                return d.toString().replace("E", "e");
            }
            return new java.math.BigDecimal(d.toString()).toPlainString();
        }
        return String.valueOf(v);
    }

    /** The words as a shell command line, quoted where needed. */
    static String shellLine(List<String> words) {
        List<String> quoted = new ArrayList<>();
        for (String w : words) {
            quoted.add(w.matches("[A-Za-z0-9_@%+=:,./-]+") ? w : "'" + w.replace("'", "'\\''") + "'");
        }
        return String.join(" ", quoted);
    }
}
