package io.paratune.sampler;

import io.paratune.internal.Seeds;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Halton sequence: coordinate {@code j} is the radical inverse of the index in the
 * {@code j}-th prime base. Scrambled, each digit position of each coordinate gets its own seeded
 * random permutation of the digits (Owen, "A randomized Halton algorithm in R", arXiv:1706.02808,
 * 2017; as in {@code scipy.stats.qmc.Halton(scramble=True)}), which keeps the stratification: for
 * {@code b^m} points in a base-{@code b} coordinate, each interval of width {@code b^-m} holds one.
 * Digits are taken to the precision {@code b^K <= 2^52}.
 */
final class HaltonSequence implements LowDiscrepancySequence {
    private final boolean scramble;
    private final long seed;
    private final ConcurrentHashMap<Integer, Coordinate> coordinates = new ConcurrentHashMap<>();

    HaltonSequence(boolean scramble, long seed) {
        this.scramble = scramble;
        this.seed = seed;
    }

    /** The base, digit count and digit permutations (null when unscrambled) of one coordinate. */
    private record Coordinate(int base, int digits, long scale, int[][] permutations) {}

    @Override
    public double[] point(long index, int dimension) {
        if (index < 0 || dimension < 1) {
            throw new IllegalArgumentException(
                    "Halton point " + index + " in dimension " + dimension + ": give index >= 0 and dimension >= 1");
        }
        double[] out = new double[dimension];
        for (int j = 0; j < dimension; j++) {
            Coordinate c = coordinates.computeIfAbsent(j, this::newCoordinate);
            long rest = index;
            long value = 0;
            for (int k = 0; k < c.digits; k++) {
                int digit = (int) (rest % c.base);
                rest /= c.base;
                value = value * c.base + (c.permutations == null ? digit : c.permutations[k][digit]);
            }
            // value = sum of digit k * base^(digits-1-k): the radical inverse times base^digits
            out[j] = value / (double) c.scale;
        }
        return out;
    }

    private Coordinate newCoordinate(int j) {
        int base = prime(j);
        int digits = 0;
        long scale = 1;
        while (scale <= (1L << 52) / base) {
            scale *= base;
            digits++;
        }
        int[][] permutations = null;
        if (scramble) {
            SplittableRandom random = Seeds.stream(seed, j, Seeds.Purpose.QMC_SCRAMBLE);
            permutations = new int[digits][];
            for (int k = 0; k < digits; k++) {
                permutations[k] = shuffled(base, random);
            }
        }
        return new Coordinate(base, digits, scale, permutations);
    }

    private static int[] shuffled(int n, SplittableRandom random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int k = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[k];
            p[k] = t;
        }
        return p;
    }

    /** The {@code j}-th prime (0-based: 2, 3, 5, ...). */
    static int prime(int j) {
        int found = -1;
        int candidate = 1;
        while (found < j) {
            candidate++;
            boolean isPrime = true;
            for (int d = 2; (long) d * d <= candidate; d++) {
                if (candidate % d == 0) {
                    isPrime = false;
                    break;
                }
            }
            if (isPrime) {
                found++;
            }
        }
        return candidate;
    }
}
