package io.paratune.sampler.tpe;

import io.paratune.space.Distribution;
import io.paratune.space.SearchSpace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The search spaces of TPE's observations, kept up to date one observation at a time: their
 * intersection (as Optuna's {@code IntersectionSearchSpace}) and the group decomposition (as its
 * {@code _GroupDecomposedSearchSpace}). Not thread-safe: {@link TpeStudyState} holds it under its lock.
 */
final class SpaceTracker {
    private Map<String, Distribution> intersection;
    private List<Map<String, Distribution>> groups = new ArrayList<>();

    /** Adds the distributions of one more observation. */
    void add(Map<String, Distribution> dists) {
        if (intersection == null) {
            intersection = new TreeMap<>(dists);
        } else {
            intersection.entrySet().removeIf(e -> {
                Distribution d = dists.get(e.getKey());
                return d == null || !d.sameRange(e.getValue());
            });
        }
        Set<String> keys = new HashSet<>(dists.keySet());
        List<Map<String, Distribution>> next = new ArrayList<>();
        for (Map<String, Distribution> group : groups) {
            Map<String, Distribution> in = new TreeMap<>();
            Map<String, Distribution> out = new TreeMap<>();
            group.forEach((name, d) -> (keys.contains(name) ? in : out).put(name, d));
            keys.removeAll(group.keySet());
            if (!in.isEmpty()) {
                next.add(in);
            }
            if (!out.isEmpty()) {
                next.add(out);
            }
        }
        Map<String, Distribution> fresh = new TreeMap<>();
        keys.forEach(name -> fresh.put(name, dists.get(name)));
        if (!fresh.isEmpty()) {
            next.add(fresh);
        }
        groups = next;
    }

    /**
     * The parameters that every observation has with one range, by name, without fixed ones: the
     * intersection search space.
     */
    SearchSpace intersectionSpace() {
        if (intersection == null) {
            return SearchSpace.empty();
        }
        return SearchSpace.of(
                intersection.values().stream().filter(d -> !d.isSingle()).toList());
    }

    /**
     * Disjoint groups of parameters such that every observation has either all or none of each
     * group (Optuna's group decomposition), each by name, without fixed parameters.
     */
    List<List<Distribution>> groups() {
        List<List<Distribution>> out = new ArrayList<>();
        for (Map<String, Distribution> g : groups) {
            List<Distribution> kept =
                    g.values().stream().filter(d -> !d.isSingle()).toList();
            if (!kept.isEmpty()) {
                out.add(kept);
            }
        }
        return out;
    }

    /** For diagnostics: the groups as name sets, fixed parameters included. */
    List<Set<String>> groupNames() {
        return groups.stream().map(Map::keySet).toList();
    }
}
