package io.paratune.cli;

import io.paratune.Direction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads what a study file optimises: {@code direction} or {@code directions}, and the JSON keys of
 * {@code metric} or {@code metrics}, one per direction.
 */
final class ObjectiveFields {
    private ObjectiveFields() {}

    /** The directions, {@code minimize} when the file gives none. */
    static List<Direction> directions(Fields f) {
        Yaml.Value one = f.get("direction");
        Yaml.Value many = f.get("directions");
        if (one != null && many != null) {
            throw many.error("give either direction or directions, not both");
        }
        if (many == null) {
            return List.of(one == null ? Direction.MINIMIZE : direction(one));
        }
        if (!many.isList() || many.list().isEmpty()) {
            throw many.error("expected a list such as [minimize, maximize], got " + many.shown());
        }
        List<Direction> out = new ArrayList<>();
        many.list().forEach(v -> out.add(direction(v)));
        return out;
    }

    private static Direction direction(Yaml.Value v) {
        String s = String.valueOf(v.value()).toLowerCase(Locale.ROOT);
        return switch (s) {
            case "minimize", "min" -> Direction.MINIMIZE;
            case "maximize", "max" -> Direction.MAXIMIZE;
            default ->
                throw v.error("unknown direction " + v.shown() + Suggest.didYouMean(s, List.of("minimize", "maximize"))
                        + " (use minimize or maximize)");
        };
    }

    /** The metrics' JSON keys, empty when the file names none, else one per direction. */
    static List<String> metrics(Fields f, int directions) {
        Yaml.Value one = f.get("metric");
        Yaml.Value many = f.get("metrics");
        if (one != null && many != null) {
            throw many.error("give either metric or metrics, not both");
        }
        List<String> out = new ArrayList<>();
        if (one != null) {
            out.add(String.valueOf(one.value()));
        } else if (many != null) {
            if (!many.isList()) {
                throw many.error("expected a list of JSON keys such as [loss, accuracy], got " + many.shown());
            }
            many.list().forEach(v -> out.add(String.valueOf(v.value())));
        }
        if (!out.isEmpty() && out.size() != directions) {
            Yaml.Value at = one != null ? one : many;
            throw at.error(out.size() + " metric(s) for " + directions + " direction(s); name one JSON key per"
                    + " direction");
        }
        return List.copyOf(out);
    }
}
