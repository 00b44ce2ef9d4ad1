package io.paratune.sampler.gp;

import io.paratune.bo.InputDimension;
import io.paratune.space.CategoricalDistribution;
import io.paratune.space.Distribution;
import io.paratune.space.SearchSpace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps a search space to the GP's input space and back: float and int parameters to their unit
 * value ({@link Distribution#toUnit}: log space for log parameters, cell centres for int and step
 * parameters, which are rounded after optimisation), categorical parameters to their index.
 */
final class SpaceEncoding {
    final SearchSpace space;
    private final Distribution[] distributions;
    final List<InputDimension> dimensions;
    final boolean[] categorical;

    SpaceEncoding(SearchSpace space) {
        this.space = space;
        this.distributions = space.distributions().values().toArray(new Distribution[0]);
        List<InputDimension> dims = new ArrayList<>();
        this.categorical = new boolean[distributions.length];
        for (int j = 0; j < distributions.length; j++) {
            Distribution d = distributions[j];
            if (d instanceof CategoricalDistribution c) {
                dims.add(InputDimension.categorical(c.choices().size()));
                categorical[j] = true;
            } else if (d.cardinality() >= 0) {
                dims.add(InputDimension.rounded(u -> d.toUnit(d.fromUnit(u))));
            } else {
                dims.add(InputDimension.continuous());
            }
        }
        this.dimensions = List.copyOf(dims);
    }

    int dimension() {
        return distributions.length;
    }

    /** The internal values of {@code params} in space order, or null if one is missing or of another range. */
    double[] internalValues(Map<String, Double> params, Map<String, Distribution> ranges) {
        double[] out = new double[distributions.length];
        for (int j = 0; j < distributions.length; j++) {
            Distribution d = distributions[j];
            Double v = params.get(d.name());
            Distribution r = ranges == null ? d : ranges.get(d.name());
            if (v == null || r == null || !r.sameRange(d)) {
                return null;
            }
            out[j] = v;
        }
        return out;
    }

    /** GP coordinates of internal values. */
    double[] encode(double[] internal) {
        double[] z = new double[internal.length];
        for (int j = 0; j < internal.length; j++) {
            z[j] = categorical[j] ? internal[j] : distributions[j].toUnit(internal[j]);
        }
        return z;
    }

    /** Internal values of GP coordinates (members of their distributions). */
    double[] decode(double[] z) {
        double[] out = new double[z.length];
        for (int j = 0; j < z.length; j++) {
            out[j] = categorical[j] ? Math.rint(z[j]) : distributions[j].fromUnit(z[j]);
        }
        return out;
    }

    /** Internal values of a unit-cube point (each coordinate through {@link Distribution#fromUnit}). */
    double[] fromUnitCube(double[] u) {
        double[] out = new double[u.length];
        for (int j = 0; j < u.length; j++) {
            out[j] = distributions[j].fromUnit(u[j]);
        }
        return out;
    }

    /** Name to internal value, in space order. */
    Map<String, Double> toParams(double[] internal) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int j = 0; j < distributions.length; j++) {
            out.put(distributions[j].name(), internal[j]);
        }
        return out;
    }

    /** A key for equality of internal-value vectors. */
    static List<Double> key(double[] internal) {
        List<Double> k = new ArrayList<>(internal.length);
        for (double v : internal) {
            k.add(v == 0 ? 0.0 : v); // -0.0 equals 0.0
        }
        return k;
    }

    @Override
    public String toString() {
        return "SpaceEncoding" + Arrays.toString(distributions);
    }
}
