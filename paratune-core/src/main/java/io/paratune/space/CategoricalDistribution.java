package io.paratune.space;

import static io.paratune.internal.Checks.require;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A parameter that takes one of a list of choices: strings, numbers, booleans or {@code null}.
 *
 * <p>The internal value is the choice's index; in the unit interval every choice owns an equal
 * cell. Numbers are compared by value, so {@code 1} and {@code 1L} are the same choice (and a
 * duplicate).
 *
 * @param name the parameter name, used in error messages
 * @param choices the choices, in order; at least one, no duplicates
 */
public record CategoricalDistribution(String name, List<Object> choices) implements Distribution {

    public CategoricalDistribution {
        require(name != null && !name.isEmpty(), "parameter name is empty; give every parameter a name");
        require(
                choices != null && !choices.isEmpty(),
                "parameter '%s': choices are empty; give at least one choice",
                name);
        List<Object> copy = new ArrayList<>(choices.size());
        for (Object c : choices) {
            require(
                    c == null || c instanceof String || c instanceof Boolean || c instanceof Number,
                    "parameter '%s': choice %s of type %s is not supported; use strings, numbers, booleans or null",
                    name,
                    c,
                    c == null ? "null" : c.getClass().getSimpleName());
            if (c instanceof Number n) {
                require(
                        Double.isFinite(n.doubleValue()),
                        "parameter '%s': choice %s is not finite; remove it",
                        name,
                        c);
            }
            for (Object seen : copy) {
                require(
                        !sameChoice(seen, c),
                        "parameter '%s': choice %s is given twice; remove the duplicate",
                        name,
                        c);
            }
            copy.add(c);
        }
        choices = Collections.unmodifiableList(copy);
    }

    /** The given choices. */
    public static CategoricalDistribution of(String name, List<?> choices) {
        return new CategoricalDistribution(name, choices == null ? null : new ArrayList<>(choices));
    }

    /** Whether two choices are the same: numbers by value, anything else by {@code equals}. */
    static boolean sameChoice(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return toBigDecimal(x).compareTo(toBigDecimal(y)) == 0;
        }
        return a == null ? b == null : a.equals(b);
    }

    private static BigDecimal toBigDecimal(Number n) {
        if (n instanceof BigDecimal b) {
            return b;
        }
        if (n instanceof Double || n instanceof Float) {
            return new BigDecimal(n.doubleValue());
        }
        return new BigDecimal(n.toString());
    }

    /** The index of {@code choice}, or -1. */
    public int indexOf(Object choice) {
        for (int i = 0; i < choices.size(); i++) {
            if (sameChoice(choices.get(i), choice)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public double toInternal(Object external) {
        int i = indexOf(external);
        require(
                i >= 0,
                "parameter '%s': value %s is not one of the choices %s; give one of them",
                name,
                external,
                choices);
        return i;
    }

    @Override
    public Object toExternal(double internal) {
        require(
                contains(internal),
                "parameter '%s': index %s is not a choice index in [0, %d)",
                name,
                internal,
                choices.size());
        return choices.get((int) internal);
    }

    @Override
    public boolean contains(double x) {
        return x >= 0 && x < choices.size() && x == Math.rint(x);
    }

    @Override
    public double toUnit(double x) {
        return (x + 0.5) / choices.size();
    }

    @Override
    public double fromUnit(double unit) {
        int n = choices.size();
        if (!(unit > 0)) {
            return 0;
        }
        return Math.min((int) Math.floor(unit * n), n - 1);
    }

    @Override
    public boolean isSingle() {
        return choices.size() == 1;
    }

    @Override
    public long cardinality() {
        return choices.size();
    }

    @Override
    public boolean sameRange(Distribution other) {
        if (!(other instanceof CategoricalDistribution o) || o.choices.size() != choices.size()) {
            return false;
        }
        for (int i = 0; i < choices.size(); i++) {
            if (!sameChoice(choices.get(i), o.choices.get(i))) {
                return false;
            }
        }
        return true;
    }
}
