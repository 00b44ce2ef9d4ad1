package io.paratune.sampler;

import io.paratune.FrozenTrial;
import io.paratune.SamplerConfigurationException;
import io.paratune.SamplerExhaustedException;
import io.paratune.StudyView;
import io.paratune.space.CategoricalDistribution;
import io.paratune.space.Distribution;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Evaluates every point of a grid (the cartesian product of given values per parameter) exactly
 * once, in a seeded shuffled order, then ends the study: {@link io.paratune.Study#optimize} stops by
 * itself when the grid is exhausted.
 *
 * <p>Each new trial claims the next value of the study's {@code "grid"} counter in the storage, so
 * threads, processes and machines sharing one study never evaluate a point twice. For that, every
 * worker must use the same grid and seed ({@link #of(Map)} uses a fixed default seed). The counter
 * value is mapped through a seeded permutation of {@code [0, size())} and decoded in mixed radix
 * (parameters by name, the last varying fastest), so even a huge grid is never materialised.
 * Enqueued trials run first and use no grid point; a grid parameter an enqueued trial leaves open
 * gets a seeded random grid value. Parameters outside the grid are an error.
 *
 * <p><b>What a seed reproduces:</b> the order of the grid's points, and so the point of each
 * counter value, in every process.
 */
public final class GridSampler implements Sampler {
    static final String SEQUENCE_KEY = "grid";
    private static final long DEFAULT_SEED = 0;

    private final List<String> names;
    private final List<CategoricalDistribution> values;
    private final long size;
    private final long seed;
    private final GridPermutation permutation;

    private GridSampler(Map<String, ? extends List<?>> grid, long seed) {
        Objects.requireNonNull(grid, "grid");
        if (grid.isEmpty()) {
            throw new IllegalArgumentException("grid is empty; give at least one parameter with its values");
        }
        TreeMap<String, List<?>> sorted = new TreeMap<>();
        grid.forEach((name, list) -> {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("grid has a parameter without a name; name every parameter");
            }
            sorted.put(name, list);
        });
        List<String> n = new ArrayList<>();
        List<CategoricalDistribution> v = new ArrayList<>();
        long points = 1;
        for (Map.Entry<String, List<?>> e : sorted.entrySet()) {
            CategoricalDistribution d = validated(e.getKey(), e.getValue());
            try {
                points = Math.multiplyExact(points, d.choices().size());
            } catch (ArithmeticException overflow) {
                throw new IllegalArgumentException(
                        "grid has more than " + Long.MAX_VALUE + " points (at parameter '" + e.getKey()
                                + "'); use fewer values or another sampler",
                        overflow);
            }
            n.add(e.getKey());
            v.add(d);
        }
        this.names = List.copyOf(n);
        this.values = List.copyOf(v);
        this.size = points;
        this.seed = seed;
        this.permutation = new GridPermutation(points, seed);
    }

    private static CategoricalDistribution validated(String name, List<?> list) {
        if (list == null || list.isEmpty()) {
            throw new IllegalArgumentException("grid parameter '" + name + "' has no values; give at least one value");
        }
        try {
            return CategoricalDistribution.of(name, list);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("grid " + e.getMessage(), e);
        }
    }

    /**
     * A grid sampler with the default seed, so that every worker of a study visits the same order.
     *
     * @param grid parameter name to its values: numbers, strings, booleans or {@code null}; at
     *     least one parameter, each with at least one value and no duplicates
     * @throws IllegalArgumentException naming the parameter and value when the grid is invalid
     */
    public static GridSampler of(Map<String, ? extends List<?>> grid) {
        return new GridSampler(grid, DEFAULT_SEED);
    }

    /** A grid sampler visiting the points in the order that {@code seed} shuffles them into. */
    public static GridSampler of(Map<String, ? extends List<?>> grid, long seed) {
        return new GridSampler(grid, seed);
    }

    /** The number of grid points. */
    public long size() {
        return size;
    }

    /** The point with the given grid id (mixed radix, the last parameter by name varying fastest). */
    Map<String, Object> point(long gridId) {
        Object[] chosen = new Object[names.size()];
        long rest = gridId;
        for (int i = names.size() - 1; i >= 0; i--) {
            List<Object> choices = values.get(i).choices();
            chosen[i] = choices.get((int) (rest % choices.size()));
            rest /= choices.size();
        }
        LinkedHashMap<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i < chosen.length; i++) {
            params.put(names.get(i), chosen[i]);
        }
        return Collections.unmodifiableMap(params);
    }

    @Override
    public boolean reservesParams() {
        return true;
    }

    @Override
    public Map<String, Object> reserveParams(StudyView study) {
        long index = study.nextSequenceValue(SEQUENCE_KEY);
        if (index >= size) {
            throw new SamplerExhaustedException("the grid of study '" + study.studyName() + "' is exhausted: all "
                    + size + " points were handed out");
        }
        return point(permutation.apply(index));
    }

    @Override
    public double sampleIndependent(StudyView study, FrozenTrial trial, String name, Distribution distribution) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new SamplerConfigurationException("parameter '" + name + "' is not in the grid " + names
                    + "; add it to the grid with its values, or suggest only grid parameters");
        }
        List<Object> choices = values.get(i).choices();
        int pick = (int) Math.min(
                choices.size() - 1, Math.floor(RandomSampler.uniform(seed, trial.number(), name) * choices.size()));
        try {
            return distribution.toInternal(choices.get(pick));
        } catch (IllegalArgumentException e) {
            throw new SamplerConfigurationException(
                    "grid value " + choices.get(pick) + " of parameter '" + name
                            + "' does not fit the suggested " + distribution + " (" + e.getMessage()
                            + "); make the grid's"
                            + " values members of the distribution",
                    e);
        }
    }

    @Override
    public String toString() {
        return "GridSampler[" + size + " points of " + names + ", seed=" + seed + "]";
    }
}
