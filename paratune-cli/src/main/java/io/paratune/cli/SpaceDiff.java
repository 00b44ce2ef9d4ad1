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
 * How the search space of a study file differs from the one a study last ran with: parameters
 * added, removed and changed, one readable line each ({@code + momentum: float [0.5, 0.9]}).
 */
final class SpaceDiff {
    private SpaceDiff() {}

    /**
     * The search space of study-file text, or null when the text has none that can be read (the
     * file of an older Paratune, say).
     */
    static List<ParamSpec> spaceOf(String text, String label) {
        try {
            Yaml.Value root = Yaml.parse(text, label);
            Yaml.Value space = root.isMap() ? root.map().get("search_space") : null;
            return space == null ? null : ParamSpec.readAll(space);
        } catch (UserError e) {
            return null;
        }
    }

    /** The differences, from {@code before} to {@code after}; empty when the spaces are the same. */
    static List<String> lines(List<ParamSpec> before, List<ParamSpec> after) {
        Map<String, ParamSpec> old = byName(before);
        Map<String, ParamSpec> now = byName(after);
        List<String> out = new ArrayList<>();
        for (ParamSpec p : after) {
            ParamSpec was = old.get(p.name());
            if (was == null) {
                out.add("  + " + p.name() + ": " + describe(p));
            } else if (!describe(was).equals(describe(p))) {
                out.add("  ~ " + p.name() + ": " + describe(was) + "  ->  " + describe(p));
            }
        }
        for (ParamSpec p : before) {
            if (!now.containsKey(p.name())) {
                out.add("  - " + p.name() + ": " + describe(p));
            }
        }
        return out;
    }

    private static Map<String, ParamSpec> byName(List<ParamSpec> specs) {
        Map<String, ParamSpec> out = new LinkedHashMap<>();
        specs.forEach(p -> out.put(p.name(), p));
        return out;
    }

    /** One parameter as a user would write it: {@code float [1.0E-4, 1.0] log}, {@code int [1, 6] step 2}. */
    static String describe(ParamSpec p) {
        Distribution d = p.distribution();
        String text;
        if (d instanceof FloatDistribution f) {
            text = "float [" + f.low() + ", " + f.high() + "]" + (f.log() ? " log" : f.logit() ? " logit" : "")
                    + (f.step().isPresent() ? " step " + f.step().getAsDouble() : "");
        } else if (d instanceof IntDistribution i) {
            text = "int [" + i.low() + ", " + i.high() + "]" + (i.log() ? " log" : "")
                    + (i.step() != 1 ? " step " + i.step() : "");
        } else if (d instanceof CategoricalDistribution c) {
            text = "categorical " + c.choices();
        } else {
            text = d.toString();
        }
        return p.when().isEmpty() ? text : text + " when " + new java.util.TreeMap<>(p.when());
    }
}
