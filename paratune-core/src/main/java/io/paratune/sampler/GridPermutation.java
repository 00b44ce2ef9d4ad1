package io.paratune.sampler;

import io.paratune.internal.Seeds;

/**
 * A seeded bijection on {@code [0, size)} that needs no table: a four-round balanced Feistel
 * network on the smallest even number of bits covering {@code size}, restricted to {@code [0,
 * size)} by cycle walking (Black and Rogaway, "Ciphers with Arbitrary Finite Domains", 2002). The
 * domain is at most four times {@code size}, so a call takes a few rounds on average.
 */
final class GridPermutation {
    private static final int ROUNDS = 4;

    private final long size;
    private final int halfBits;
    private final long halfMask;
    private final long[] keys = new long[ROUNDS];

    GridPermutation(long size, long seed) {
        if (size < 1) {
            throw new IllegalArgumentException("permutation size=" + size + " must be at least 1");
        }
        this.size = size;
        int bits = Math.max(2, 64 - Long.numberOfLeadingZeros(size - 1));
        this.halfBits = (bits + 1) / 2;
        this.halfMask = halfBits == 32 ? 0xFFFF_FFFFL : (1L << halfBits) - 1;
        long state = seed;
        for (int i = 0; i < ROUNDS; i++) {
            state += 0x9E3779B97F4A7C15L;
            keys[i] = Seeds.mix64(state);
        }
    }

    /** The image of {@code index}, which must lie in {@code [0, size)}. */
    long apply(long index) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("index " + index + " is outside [0, " + size + ")");
        }
        long x = index;
        do {
            x = encrypt(x);
        } while (Long.compareUnsigned(x, size) >= 0);
        return x;
    }

    private long encrypt(long x) {
        long left = (x >>> halfBits) & halfMask;
        long right = x & halfMask;
        for (long key : keys) {
            long next = left ^ (Seeds.mix64(right ^ key) & halfMask);
            left = right;
            right = next;
        }
        return (left << halfBits) | right;
    }
}
