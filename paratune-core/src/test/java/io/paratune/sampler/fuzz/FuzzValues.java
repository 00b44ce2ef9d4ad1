package io.paratune.sampler.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random objective values, intermediate values and constraint values of the kinds real studies
 * produce, mixed in per-case proportions: ordinary numbers, one constant, values near the largest
 * double ({@code +-1e300}, {@code +-Double.MAX_VALUE / 2}, {@code +-Double.MAX_VALUE}), values one
 * ulp apart, tiny and signed zeros, and duplicates of earlier value vectors.
 */
final class FuzzValues {
    private static final double[] HUGE = {
        1e300, -1e300, Double.MAX_VALUE / 2, -Double.MAX_VALUE / 2, Double.MAX_VALUE, -Double.MAX_VALUE, 1e308, -1e308
    };
    private static final double[] TINY = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, 1e-300, Double.MIN_NORMAL};

    private final SplittableRandom rnd;
    /** Per kind (ordinary, constant, huge, ulp, tiny, duplicate), its weight. */
    private final int[] weights = new int[6];

    private final double constant;
    private final double ulpBase;
    private final double scale;
    private final List<double[]> told = new ArrayList<>();

    FuzzValues(SplittableRandom rnd) {
        this.rnd = rnd;
        // most cases are dominated by one or two kinds; some mix all
        for (int k = 0; k < weights.length; k++) {
            weights[k] = rnd.nextInt(3) == 0 ? rnd.nextInt(10) : 0;
        }
        weights[rnd.nextInt(weights.length)] += 10;
        constant = rnd.nextBoolean() ? 0 : Math.pow(10, rnd.nextInt(-300, 301)) * (rnd.nextBoolean() ? 1 : -1);
        ulpBase = new double[] {1.0, 0.0, 1e300, -1e-300, Double.MAX_VALUE}[rnd.nextInt(5)];
        scale = Math.pow(10, rnd.nextInt(-10, 11));
    }

    private int kind() {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int r = rnd.nextInt(total);
        for (int k = 0; k < weights.length; k++) {
            r -= weights[k];
            if (r < 0) {
                return k;
            }
        }
        return 0;
    }

    /** One value of a random kind (never a duplicate). */
    double one() {
        int kind = kind();
        return switch (kind == 5 ? 0 : kind) {
            case 1 -> constant;
            case 2 -> HUGE[rnd.nextInt(HUGE.length)];
            case 3 -> {
                double v = ulpBase;
                for (int k = rnd.nextInt(4); k > 0; k--) {
                    v = rnd.nextBoolean() ? Math.nextUp(v) : Math.nextDown(v);
                }
                yield Double.isFinite(v) ? v : ulpBase;
            }
            case 4 -> TINY[rnd.nextInt(TINY.length)];
            default -> scale * rnd.nextGaussian();
        };
    }

    /** A value vector for a COMPLETE trial: often a duplicate of an earlier one where the mix says so. */
    double[] values(int objectives) {
        if (!told.isEmpty() && weights[5] > 0 && rnd.nextInt(10) < weights[5]) {
            double[] copy = told.get(rnd.nextInt(told.size()));
            if (copy.length == objectives) {
                return copy.clone();
            }
        }
        double[] v = new double[objectives];
        for (int k = 0; k < objectives; k++) {
            v[k] = one();
        }
        told.add(v.clone());
        return v;
    }

    /** An intermediate value: any value kind, and sometimes NaN or an infinity. */
    double intermediate() {
        return switch (rnd.nextInt(20)) {
            case 0 -> Double.NaN;
            case 1 -> Double.POSITIVE_INFINITY;
            case 2 -> Double.NEGATIVE_INFINITY;
            default -> one();
        };
    }

    /** Constraint values: satisfied, violated, on the boundary, huge, infinite or tiny. */
    double[] constraints(int count) {
        double[] c = new double[count];
        for (int i = 0; i < count; i++) {
            c[i] = switch (rnd.nextInt(8)) {
                case 0 -> 0;
                case 1 -> Double.POSITIVE_INFINITY;
                case 2 -> Double.NEGATIVE_INFINITY;
                case 3 -> HUGE[rnd.nextInt(HUGE.length)];
                case 4 -> TINY[rnd.nextInt(TINY.length)];
                default -> rnd.nextGaussian();
            };
        }
        return c;
    }
}
