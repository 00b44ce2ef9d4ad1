package io.paratune.space;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ordered, immutable set of named distributions: the parameters a sampler proposes jointly.
 *
 * @param distributions parameter name to distribution, in a fixed order
 */
public record SearchSpace(Map<String, Distribution> distributions) {

    private static final SearchSpace EMPTY = new SearchSpace(Map.of());

    public SearchSpace {
        LinkedHashMap<String, Distribution> copy = new LinkedHashMap<>();
        distributions.forEach((name, d) -> {
            if (!name.equals(d.name())) {
                throw new IllegalArgumentException("search space entry '" + name + "' holds the distribution of '"
                        + d.name() + "'; key each distribution by its own name");
            }
            copy.put(name, d);
        });
        distributions = java.util.Collections.unmodifiableMap(copy);
    }

    /** The empty search space. */
    public static SearchSpace empty() {
        return EMPTY;
    }

    /** A search space of the given distributions, keyed by their names, in the given order. */
    public static SearchSpace of(Distribution... distributions) {
        return of(List.of(distributions));
    }

    /** A search space of the given distributions, keyed by their names, in the given order. */
    public static SearchSpace of(Collection<? extends Distribution> distributions) {
        LinkedHashMap<String, Distribution> map = new LinkedHashMap<>();
        for (Distribution d : distributions) {
            if (map.put(d.name(), d) != null) {
                throw new IllegalArgumentException("parameter '" + d.name() + "' appears twice in the search space;"
                        + " give each parameter once");
            }
        }
        return new SearchSpace(map);
    }

    public boolean isEmpty() {
        return distributions.isEmpty();
    }

    public int size() {
        return distributions.size();
    }

    public Set<String> names() {
        return distributions.keySet();
    }

    public Distribution get(String name) {
        return distributions.get(name);
    }

    /**
     * The parameters present with the same range in both spaces, in this space's order: the
     * "intersection search space" that joint samplers use for define-by-run objectives.
     */
    public SearchSpace intersect(Map<String, Distribution> other) {
        LinkedHashMap<String, Distribution> kept = new LinkedHashMap<>();
        distributions.forEach((name, d) -> {
            Distribution o = other.get(name);
            if (o != null && o.sameRange(d)) {
                kept.put(name, d);
            }
        });
        return kept.size() == distributions.size() ? this : new SearchSpace(kept);
    }
}
