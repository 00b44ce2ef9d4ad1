package io.paratune.space;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Seeded generators of random distributions and their grid points, for the property tests. Scales
 * span many orders of magnitude so that rounding problems show up.
 */
final class RandomDistributions {
    private RandomDistributions() {}

    /** {@code 10^e} for {@code e} uniform in {@code [lo, hi]}. */
    static double logUniform(SplittableRandom rnd, double lo, double hi) {
        return Math.pow(10, lo + rnd.nextDouble() * (hi - lo));
    }

    static double signed(SplittableRandom rnd, double magnitude) {
        return rnd.nextBoolean() ? magnitude : -magnitude;
    }

    /** A continuous float range; sometimes a single value. */
    static FloatDistribution continuousFloat(SplittableRandom rnd) {
        double low = signed(rnd, logUniform(rnd, -8, 12)) * (rnd.nextInt(10) == 0 ? 0 : 1);
        if (rnd.nextInt(20) == 0) {
            return FloatDistribution.of("x", low, low);
        }
        double width = logUniform(rnd, -6, 12);
        double high = low + width;
        if (high == low) {
            high = Math.nextUp(low);
        }
        return FloatDistribution.of("x", low, high);
    }

    /** A float range on a log scale; sometimes a single value. */
    static FloatDistribution logFloat(SplittableRandom rnd) {
        double low = logUniform(rnd, -30, 12);
        if (rnd.nextInt(20) == 0) {
            return FloatDistribution.logScale("lr", low, low);
        }
        double high = low * logUniform(rnd, 0.0001, 30);
        return FloatDistribution.logScale("lr", low, Math.max(high, Math.nextUp(low)));
    }

    /** A range of fractions on the logit scale, some with ends a few ulps from 0 or 1; sometimes a single value. */
    static FloatDistribution logitFloat(SplittableRandom rnd) {
        double low = rnd.nextInt(4) == 0 ? Math.pow(10, -rnd.nextInt(1, 300)) : rnd.nextDouble(1e-6, 0.9);
        if (rnd.nextInt(10) == 0) {
            return FloatDistribution.logitScale("dropout", low, low);
        }
        double high = rnd.nextInt(4) == 0 ? 1 - Math.pow(10, -rnd.nextInt(1, 16)) : low + rnd.nextDouble() * (1 - low);
        high = Math.min(Math.nextDown(1.0), Math.max(high, Math.nextUp(low)));
        return FloatDistribution.logitScale("dropout", low, high);
    }

    private static final double[] MANTISSAS = {1, 2, 2.5, 5, 0.1 * 3, 0.7};

    /** A float grid {@code low, low + step, ..., high} with a decimal step and a decimal low. */
    static FloatDistribution steppedFloat(SplittableRandom rnd) {
        double step = BigDecimal.valueOf(MANTISSAS[rnd.nextInt(MANTISSAS.length)])
                .multiply(BigDecimal.TEN.pow(rnd.nextInt(12)).multiply(BigDecimal.valueOf(1e-6)))
                .doubleValue();
        long intervals = rnd.nextInt(10) == 0 ? 0 : (long) logUniform(rnd, 0, 7);
        // a low on a decimal grid of its own, at several magnitudes but at most 1e9 steps from zero
        // (finer steps cannot be told apart at the bounds' magnitude and are rejected)
        double lowD;
        do {
            lowD = BigDecimal.valueOf(rnd.nextLong(-1_000_000, 1_000_000))
                    .multiply(BigDecimal.valueOf(Math.pow(10, rnd.nextInt(-6, 3))))
                    .doubleValue();
        } while (Math.abs(lowD) > step * 1e9);
        double high = BigDecimal.valueOf(lowD)
                .add(BigDecimal.valueOf(step).multiply(BigDecimal.valueOf(intervals)))
                .doubleValue();
        return FloatDistribution.stepped("dropout", lowD, high, step);
    }

    /** An integer range with a step (often 1), of at most 2^52 values (where unit round trips stay exact). */
    static IntDistribution steppedInt(SplittableRandom rnd) {
        long step = rnd.nextBoolean() ? 1 : (long) logUniform(rnd, 0, 6);
        long count = rnd.nextInt(10) == 0
                ? 1
                : rnd.nextInt(10) == 0 ? (1L << 52) - rnd.nextInt(1000) : (long) logUniform(rnd, 0, 15);
        long low = (long) signed(rnd, logUniform(rnd, 0, 15)) * (rnd.nextInt(10) == 0 ? 0 : 1);
        // keep high within 2^53, where doubles hold every integer
        count = Math.max(1, Math.min(count, ((1L << 53) - low) / step + 1));
        return IntDistribution.stepped("layers", low, low + (count - 1) * step, step);
    }

    /** An integer range on a log scale, with high at most 2^46 (where unit round trips stay exact). */
    static IntDistribution logInt(SplittableRandom rnd) {
        long max = 1L << 46;
        long low = rnd.nextBoolean() ? 1 + rnd.nextInt(10) : rnd.nextInt(10) == 0 ? max : (long) logUniform(rnd, 0, 12);
        long high = rnd.nextInt(20) == 0 ? low : rnd.nextInt(5) == 0 ? max : low + (long) logUniform(rnd, 0, 12);
        low = Math.min(low, max);
        high = Math.max(low, Math.min(high, max));
        return IntDistribution.logScale("units", low, high);
    }

    private static final Object[] CHOICE_POOL = {
        "adam",
        "sgd",
        "rmsprop",
        "",
        "a b",
        true,
        false,
        null,
        1,
        2L,
        3.5,
        -7,
        0.25f,
        1e300,
        -0.5,
        new BigDecimal("0.1"),
        (short) 9,
        (byte) -3,
        Long.MAX_VALUE,
        "1",
        "true",
        "null"
    };

    /** Distinct choices of mixed types (strings, numbers, booleans, null), in random order. */
    static CategoricalDistribution categorical(SplittableRandom rnd) {
        List<Object> pool = new ArrayList<>(java.util.Arrays.asList(CHOICE_POOL));
        for (int i = pool.size() - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            Object t = pool.get(i);
            pool.set(i, pool.get(j));
            pool.set(j, t);
        }
        int n = 1 + rnd.nextInt(pool.size());
        return CategoricalDistribution.of("optimizer", pool.subList(0, n));
    }

    /** Any kind of distribution. */
    static Distribution any(SplittableRandom rnd) {
        return switch (rnd.nextInt(7)) {
            case 0 -> continuousFloat(rnd);
            case 1 -> logFloat(rnd);
            case 6 -> logitFloat(rnd);
            case 2 -> steppedFloat(rnd);
            case 3 -> steppedInt(rnd);
            case 4 -> logInt(rnd);
            default -> categorical(rnd);
        };
    }

    /**
     * Indices into a grid of {@code count} points: all of them for small grids, else both ends, the
     * middle and random ones, {@code sample} in all, ascending.
     */
    static long[] gridIndices(SplittableRandom rnd, long count, int sample) {
        TreeSet<Long> picked = new TreeSet<>();
        if (count <= sample) {
            for (long k = 0; k < count; k++) {
                picked.add(k);
            }
        } else {
            for (long k = 0; k < 3; k++) {
                picked.add(k);
                picked.add(count - 1 - k);
            }
            picked.add(count / 2);
            while (picked.size() < sample) {
                picked.add(rnd.nextLong(count));
            }
        }
        return picked.stream().mapToLong(Long::longValue).toArray();
    }
}
