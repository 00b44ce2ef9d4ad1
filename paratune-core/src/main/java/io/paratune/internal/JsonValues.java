package io.paratune.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks and copies the JSON-like values that attributes and fixed parameters may hold. */
public final class JsonValues {
    private JsonValues() {}

    /**
     * A deep, unmodifiable copy of {@code value}.
     *
     * @throws IllegalArgumentException naming {@code what} if the value is not JSON-like
     */
    public static Object copy(String what, Object value) {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Number n) {
            if ((n instanceof Double || n instanceof Float) && !Double.isFinite(n.doubleValue())) {
                throw new IllegalArgumentException(
                        what + ": " + value + " is not a finite number;" + " attributes hold JSON values");
            }
            return value;
        }
        if (value instanceof List<?> list) {
            Object[] items = new Object[list.size()];
            for (int i = 0; i < items.length; i++) {
                items[i] = copy(what + "[" + i + "]", list.get(i));
            }
            return Collections.unmodifiableList(java.util.Arrays.asList(items));
        }
        if (value instanceof Map<?, ?> map) {
            LinkedHashMap<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException(
                            what + ": key " + e.getKey() + " is not a string;" + " attribute maps need string keys");
                }
                copy.put(key, copy(what + "." + key, e.getValue()));
            }
            return Collections.unmodifiableMap(copy);
        }
        throw new IllegalArgumentException(
                what + ": value of type " + value.getClass().getName()
                        + " is not JSON-like; use null, strings, numbers, booleans, lists or maps");
    }
}
