package io.paratune.bench;

import io.paratune.testkit.Objectives;
import java.util.Arrays;
import java.util.Locale;

/**
 * The objectives of the shared multi-objective protocol (every objective minimised), the Java form
 * of {@code MO_SUITE} in the reference {@code paratune-bench/peers/bench_functions.py}: the
 * bounds, the protocol's reference point and the hypervolume of the true Pareto front w.r.t. it.
 */
enum MoFunction {
    /** ZDT1 with 6 variables on [0, 1]^6: two objectives, a convex front. */
    ZDT1_6(6, new double[] {11, 11}, 120.0 + 2.0 / 3.0) {
        @Override
        double[] apply(double[] x) {
            return Objectives.zdt1(x);
        }
    },
    /** DTLZ2 with 6 variables on [0, 1]^6: three objectives, a spherical front. */
    DTLZ2_6(6, new double[] {1.1, 1.1, 1.1}, 1.1 * 1.1 * 1.1 - Math.PI / 6) {
        @Override
        double[] apply(double[] x) {
            return Objectives.dtlz2(x);
        }
    };

    private final int dimension;
    private final double[] reference;
    private final double hvTrue;

    MoFunction(int dimension, double[] reference, double hvTrue) {
        this.dimension = dimension;
        this.reference = reference;
        this.hvTrue = hvTrue;
    }

    /** The objective values at {@code x} (length {@link #dimension()}), all minimised. */
    abstract double[] apply(double[] x);

    int dimension() {
        return dimension;
    }

    int objectives() {
        return reference.length;
    }

    /** The protocol's reference point. */
    double[] reference() {
        return reference.clone();
    }

    /** The hypervolume of the true Pareto front w.r.t. {@link #reference()}. */
    double hvTrue() {
        return hvTrue;
    }

    /** The protocol's name, as in {@code zdt1_6}. */
    String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The function of that protocol name. */
    static MoFunction byId(String id) {
        for (MoFunction f : values()) {
            if (f.id().equals(id)) {
                return f;
            }
        }
        throw new UsageException("--function " + id + " is not known; use one of "
                + Arrays.stream(values()).map(MoFunction::id).toList());
    }
}
