package io.paratune;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The system attributes that link a re-run to the trial it runs again: the original's parameters
 * fixed ({@link SystemAttributes#FIXED_PARAMS}), its number ({@link SystemAttributes#RETRY_OF}) and
 * the retry count of the chain ({@link SystemAttributes#RETRY_COUNT}).
 */
final class Reruns {
    private Reruns() {}

    /** The parameters fixed for a trial before it started (enqueued, reserved or re-run), or none. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> fixedParams(FrozenTrial trial) {
        Object fixed = trial.systemAttributes().get(SystemAttributes.FIXED_PARAMS);
        return fixed instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** A re-run's system attributes: the original's parameters fixed, and the link to it. */
    static Map<String, Object> attributes(FrozenTrial original, int retryCount) {
        Map<String, Object> fixed = new LinkedHashMap<>(fixedParams(original));
        fixed.putAll(original.params());
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put(SystemAttributes.FIXED_PARAMS, fixed);
        attributes.put(SystemAttributes.RETRY_OF, original.number());
        attributes.put(SystemAttributes.RETRY_COUNT, retryCount);
        return attributes;
    }

    /** See {@link Study#retryCount}. */
    static int count(FrozenTrial trial) {
        return trial.systemAttributes().get(SystemAttributes.RETRY_COUNT) instanceof Number n ? n.intValue() : 0;
    }

    /** See {@link Study#retryOf}. */
    static OptionalInt of(FrozenTrial trial) {
        return trial.systemAttributes().get(SystemAttributes.RETRY_OF) instanceof Number n
                ? OptionalInt.of(n.intValue())
                : OptionalInt.empty();
    }
}
