package io.paratune.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.OverwrittenOptionException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Parsed {@code --name value} / {@code --name=value} options of one command, parsed by picocli.
 * Unknown, repeated or valueless options are usage errors; typed getters check ranges and name the
 * option in errors.
 */
final class Args {
    private final Map<String, String> values;

    private Args(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Parses options with picocli: {@code --name value} or {@code --name=value}, each at most once.
     *
     * @param known the accepted option names, without the leading {@code --}
     * @throws UsageException for positional arguments, unknown or repeated options, or a missing value
     */
    static Args parse(List<String> args, Set<String> known) {
        CommandSpec spec = CommandSpec.create();
        for (String name : known) {
            spec.addOption(OptionSpec.builder("--" + name)
                    .paramLabel("VALUE")
                    .type(String.class)
                    .arity("1")
                    .build());
        }
        CommandLine parser = new CommandLine(spec);
        parser.setAbbreviatedOptionsAllowed(false);
        parser.setOverwrittenOptionsAllowed(false);
        ParseResult parsed;
        try {
            parsed = parser.parseArgs(args.toArray(new String[0]));
        } catch (UnmatchedArgumentException e) {
            String arg = e.getUnmatched().isEmpty() ? "" : e.getUnmatched().get(0);
            if (arg.startsWith("--") && arg.length() > 2) {
                String name = arg.substring(2).split("=", 2)[0];
                throw new UsageException("unknown option --" + name + "; known options: --"
                        + String.join(", --", known.stream().sorted().toList()));
            }
            throw new UsageException("unexpected argument '" + arg + "'; options look like --name value");
        } catch (OverwrittenOptionException e) {
            String name = optionName(e.getOverwritten());
            throw new UsageException("option --" + name + " is given twice; give it once");
        } catch (MissingParameterException e) {
            String name =
                    e.getMissing().isEmpty() ? "?" : optionName(e.getMissing().get(0));
            throw new UsageException("option --" + name + " needs a value, as in --" + name + " VALUE");
        } catch (ParameterException e) {
            throw new UsageException(e.getMessage());
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (OptionSpec o : parsed.matchedOptions()) {
            values.put(optionName(o), o.getValue());
        }
        return new Args(values);
    }

    private static String optionName(ArgSpec spec) {
        return spec instanceof OptionSpec o ? o.longestName().substring(2) : spec.paramLabel();
    }

    /** The raw value, or {@code fallback} when the option is absent. */
    String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    /** An integer of at least {@code min}. */
    int integer(String name, int fallback, int min) {
        String raw = values.get(name);
        return raw == null ? fallback : parseInt(name, raw, min);
    }

    /** A long integer (any value). */
    long longValue(String name, long fallback) {
        String raw = values.get(name);
        if (raw == null) {
            return fallback;
        }
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " " + raw + " is not an integer; give a whole number");
        }
    }

    /** A finite number of at least {@code min}. */
    double number(String name, double fallback, double min) {
        String raw = values.get(name);
        if (raw == null) {
            return fallback;
        }
        double v;
        try {
            v = Double.parseDouble(raw.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " " + raw + " is not a number; give a number >= " + min);
        }
        if (!Double.isFinite(v) || v < min) {
            throw new UsageException("--" + name + " " + raw + " is out of range; give a number >= " + min);
        }
        return v;
    }

    /** A comma-separated list of distinct integers, each at least {@code min}, in the given order. */
    List<Integer> integers(String name, List<Integer> fallback, int min) {
        String raw = values.get(name);
        if (raw == null) {
            return fallback;
        }
        List<Integer> out = new ArrayList<>();
        for (String part : raw.split(",", -1)) {
            int v = parseInt(name, part, min);
            if (out.contains(v)) {
                throw new UsageException("--" + name + " " + raw + " lists " + v + " twice; list each value once");
            }
            out.add(v);
        }
        return Collections.unmodifiableList(out);
    }

    private static int parseInt(String name, String raw, int min) {
        int v;
        try {
            v = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " '" + raw + "' is not an integer; give a whole number >= " + min);
        }
        if (v < min) {
            throw new UsageException("--" + name + " " + v + " is too small; give a whole number >= " + min);
        }
        return v;
    }
}
