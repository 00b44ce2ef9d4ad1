package io.paratune.storage.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.paratune.StorageException;
import io.paratune.internal.JsonValues;
import io.paratune.space.CategoricalDistribution;
import io.paratune.space.Distribution;
import io.paratune.space.FloatDistribution;
import io.paratune.space.IntDistribution;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The text forms of what the tables hold besides plain columns: attribute values as JSON,
 * distributions as JSON, objective values as a comma-separated list.
 *
 * <p>Attribute values come back as JSON reads them: integral numbers as {@code Integer} (or {@code
 * Long}, {@code BigInteger} when larger), other numbers as {@code Double}. Distributions keep the
 * exact Java type of each categorical choice, so a stored distribution equals the one given.
 */
final class Json {
    private static final int DISTRIBUTION_CACHE_LIMIT = 10_000;
    private static final Map<String, Distribution> DISTRIBUTIONS = new ConcurrentHashMap<>();
    private static final Map<Distribution, String> DISTRIBUTION_TEXTS = new ConcurrentHashMap<>();

    /** Jackson, loaded when first needed or by {@link #load()}. */
    private static final class Jackson {
        static final ObjectMapper MAPPER = new ObjectMapper();
        /** Reads numbers exactly, so that every categorical choice comes back as it was written. */
        static final ObjectReader EXACT = MAPPER.reader()
                .with(
                        DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS,
                        DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);
    }

    private Json() {}

    /**
     * Loads the JSON library now (a storage does it while opening) rather than in the first trial
     * that needs it.
     */
    static void load() {
        write(java.util.List.of(1.5, "x"));
    }

    /** The JSON text of a JSON-like value (already checked by {@link JsonValues#copy}). */
    static String write(Object value) {
        try {
            return Jackson.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The unmodifiable JSON-like value of a JSON text. */
    static Object read(String what, String json) {
        try {
            return JsonValues.copy(what, Jackson.MAPPER.readValue(json, Object.class));
        } catch (JsonProcessingException e) {
            throw new StorageException(
                    what + " holds invalid JSON (" + e.getOriginalMessage()
                            + "); the database was changed outside Paratune",
                    e);
        }
    }

    // ---- objective values ----

    /** Values as exact decimal text, comma-separated (NaN and infinities included); null for none. */
    static String writeValues(double[] values) {
        if (values == null || values.length == 0) {
            return null;
        }
        StringJoiner j = new StringJoiner(",");
        for (double v : values) {
            j.add(Double.toString(v));
        }
        return j.toString();
    }

    static double[] readValues(String text) {
        if (text == null || text.isEmpty()) {
            return new double[0];
        }
        String[] parts = text.split(",");
        double[] values = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = Double.parseDouble(parts[i]);
        }
        return values;
    }

    // ---- distributions ----

    /**
     * The JSON text of a distribution: written directly for numeric ones, through Jackson (and
     * remembered) for categorical ones.
     */
    static String writeDistribution(Distribution d) {
        if (d instanceof FloatDistribution f) {
            StringBuilder b = new StringBuilder(96).append("{\"kind\":\"float\",\"name\":");
            quote(b, f.name())
                    .append(",\"low\":")
                    .append(f.low())
                    .append(",\"high\":")
                    .append(f.high())
                    .append(",\"log\":")
                    .append(f.log());
            if (f.logit()) {
                b.append(",\"logit\":true");
            }
            if (f.step().isPresent()) {
                b.append(",\"step\":").append(f.step().getAsDouble());
            }
            return b.append('}').toString();
        }
        if (d instanceof IntDistribution i) {
            StringBuilder b = new StringBuilder(96).append("{\"kind\":\"int\",\"name\":");
            return quote(b, i.name())
                    .append(",\"low\":")
                    .append(i.low())
                    .append(",\"high\":")
                    .append(i.high())
                    .append(",\"log\":")
                    .append(i.log())
                    .append(",\"step\":")
                    .append(i.step())
                    .append('}')
                    .toString();
        }
        String cached = DISTRIBUTION_TEXTS.get(d);
        if (cached != null) {
            return cached;
        }
        String text = distributionText(d);
        if (DISTRIBUTION_TEXTS.size() >= DISTRIBUTION_CACHE_LIMIT) {
            DISTRIBUTION_TEXTS.clear();
        }
        DISTRIBUTION_TEXTS.put(d, text);
        return text;
    }

    /** Appends {@code text} as a JSON string. */
    private static StringBuilder quote(StringBuilder b, String text) {
        b.append('"');
        for (int k = 0; k < text.length(); k++) {
            char ch = text.charAt(k);
            if (ch == '"' || ch == '\\') {
                b.append('\\').append(ch);
            } else if (ch < 0x20) {
                b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) ch));
            } else {
                b.append(ch);
            }
        }
        return b.append('"');
    }

    private static String distributionText(Distribution d) {
        ObjectNode node = Jackson.MAPPER.createObjectNode();
        if (d instanceof FloatDistribution f) {
            node.put("kind", "float")
                    .put("name", f.name())
                    .put("low", f.low())
                    .put("high", f.high())
                    .put("log", f.log());
            if (f.logit()) {
                node.put("logit", true);
            }
            if (f.step().isPresent()) {
                node.put("step", f.step().getAsDouble());
            }
        } else if (d instanceof IntDistribution i) {
            node.put("kind", "int")
                    .put("name", i.name())
                    .put("low", i.low())
                    .put("high", i.high())
                    .put("log", i.log())
                    .put("step", i.step());
        } else {
            CategoricalDistribution c = (CategoricalDistribution) d;
            node.put("kind", "categorical").put("name", c.name());
            ArrayNode choices = node.putArray("choices");
            ArrayNode types = node.putArray("types");
            for (Object choice : c.choices()) {
                choices.addPOJO(choice);
                types.add(choice == null ? "null" : choice.getClass().getSimpleName());
            }
        }
        return write(node);
    }

    static Distribution readDistribution(String json) {
        Distribution cached = DISTRIBUTIONS.get(json);
        if (cached != null) {
            return cached;
        }
        Distribution d;
        try {
            d = parseDistribution(Jackson.EXACT.readTree(json));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new StorageException(
                    "a stored distribution is invalid (" + e.getMessage() + "): " + json
                            + "; the database was changed outside Paratune",
                    e);
        }
        if (DISTRIBUTIONS.size() >= DISTRIBUTION_CACHE_LIMIT) {
            DISTRIBUTIONS.clear();
        }
        DISTRIBUTIONS.put(json, d);
        return d;
    }

    private static Distribution parseDistribution(JsonNode n) {
        String kind = n.path("kind").asText();
        String name = n.path("name").asText();
        switch (kind) {
            case "float":
                FloatDistribution.Scale scale = n.path("logit").asBoolean(false)
                        ? FloatDistribution.Scale.LOGIT
                        : n.get("log").asBoolean() ? FloatDistribution.Scale.LOG : FloatDistribution.Scale.LINEAR;
                return new FloatDistribution(
                        name,
                        n.get("low").asDouble(),
                        n.get("high").asDouble(),
                        scale,
                        n.hasNonNull("step") ? OptionalDouble.of(n.get("step").asDouble()) : OptionalDouble.empty());
            case "int":
                return new IntDistribution(
                        name,
                        n.get("low").asLong(),
                        n.get("high").asLong(),
                        n.get("log").asBoolean(),
                        n.get("step").asLong());
            case "categorical":
                List<Object> choices = new ArrayList<>();
                JsonNode values = n.get("choices");
                JsonNode types = n.get("types");
                for (int k = 0; k < values.size(); k++) {
                    choices.add(choice(values.get(k), types.get(k).asText()));
                }
                return new CategoricalDistribution(name, choices);
            default:
                throw new IllegalArgumentException("unknown distribution kind '" + kind + "'");
        }
    }

    private static Object choice(JsonNode value, String type) {
        switch (type) {
            case "null":
                return null;
            case "String":
                return value.asText();
            case "Boolean":
                return value.asBoolean();
            case "Integer":
                return value.asInt();
            case "Long":
                return value.asLong();
            case "Short":
                return (short) value.asInt();
            case "Byte":
                return (byte) value.asInt();
            case "Double":
                return value.asDouble();
            case "Float":
                return (float) value.asDouble();
            case "BigInteger":
                return value.bigIntegerValue();
            case "BigDecimal":
                return value.decimalValue();
            default:
                // another Number type: keep its value as a double
                return value.asDouble();
        }
    }
}
