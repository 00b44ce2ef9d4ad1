package io.paratune.bench;

import java.util.Locale;

/** Builds one flat JSON object on one line: string and number fields, in insertion order. */
final class JsonLine {
    private final StringBuilder sb = new StringBuilder("{");

    private JsonLine key(String key) {
        if (sb.length() > 1) {
            sb.append(", ");
        }
        quote(key);
        sb.append(": ");
        return this;
    }

    JsonLine put(String key, String value) {
        key(key);
        if (value == null) {
            sb.append("null");
        } else {
            quote(value);
        }
        return this;
    }

    JsonLine put(String key, boolean value) {
        key(key).sb.append(value);
        return this;
    }

    JsonLine put(String key, long value) {
        key(key).sb.append(value);
        return this;
    }

    /** A number with up to {@code decimals} decimals (trailing zeros dropped); NaN and infinities as null. */
    JsonLine put(String key, double value, int decimals) {
        key(key);
        if (!Double.isFinite(value)) {
            sb.append("null");
        } else {
            String s = String.format(Locale.ROOT, "%." + decimals + "f", value);
            if (s.indexOf('.') >= 0) {
                s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
            }
            sb.append(s.equals("-0") ? "0" : s);
        }
        return this;
    }

    /** An array of numbers in full precision ({@link Double#toString}); NaN and infinities as null. */
    JsonLine put(String key, double[] values) {
        key(key);
        sb.append('[');
        for (int i = 0; i < values.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(Double.isFinite(values[i]) ? Double.toString(values[i]) : "null");
        }
        sb.append(']');
        return this;
    }

    private void quote(String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    @Override
    public String toString() {
        return sb + "}";
    }
}
