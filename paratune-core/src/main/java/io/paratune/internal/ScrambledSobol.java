package io.paratune.internal;

import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.hipparchus.random.SobolSequenceGenerator;

/**
 * The Sobol sequence (Joe-Kuo direction numbers, from Hipparchus), optionally scrambled by a
 * random linear matrix scrambling plus a random digital shift per coordinate (Matoušek, "On the
 * L2-discrepancy for anchored boxes", J. Complexity 14, 1998; Owen, "Variance with alternative
 * scramblings of digital nets", ACM TOMACS 13, 2003), the scheme of {@code
 * scipy.stats.qmc.Sobol(scramble=True)}. Both keep the net properties: for {@code 2^m} points in
 * one coordinate, each interval {@code [k/2^m, (k+1)/2^m)} holds exactly one point.
 *
 * <p>Hipparchus computes 52-bit integers and returns them divided by {@code 2^52}, so the bits are
 * recovered exactly before scrambling. Its generator is stateful; one instance is shared under a
 * lock. Instances are thread-safe. Shared by the QMC sampler and the Bayesian-optimisation
 * samplers (initial designs, raw acquisition candidates); not part of the public API.
 */
public final class ScrambledSobol {
    /** The largest dimension the direction numbers support. */
    public static final int MAX_DIMENSION = 21201;

    private static final int BITS = 52;
    private static final long MASK = (1L << BITS) - 1;

    private final boolean scramble;
    private final long seed;
    private final ConcurrentHashMap<Integer, long[]> scrambles = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private SobolSequenceGenerator generator; // guarded by lock
    private int generatorDimension; // guarded by lock

    /** A sequence scrambled (or not) with the given seed. */
    public ScrambledSobol(boolean scramble, long seed) {
        this.scramble = scramble;
        this.seed = seed;
    }

    /**
     * The point with the given index in {@code [0, 1)^dimension}; coordinate {@code j} does not
     * depend on {@code dimension}.
     *
     * @throws IllegalArgumentException if {@code dimension} is outside {@code [1, MAX_DIMENSION]}
     * @throws IndexOutOfBoundsException if {@code index} is outside {@code [0, Integer.MAX_VALUE]}
     */
    public double[] point(long index, int dimension) {
        if (dimension < 1 || dimension > MAX_DIMENSION) {
            throw new IllegalArgumentException("Sobol dimension=" + dimension + " must be in [1, " + MAX_DIMENSION
                    + "]; use fewer jointly sampled parameters or the Halton sequence");
        }
        if (index < 0 || index > Integer.MAX_VALUE) {
            throw new IndexOutOfBoundsException(
                    "the Sobol sequence has " + Integer.MAX_VALUE + " points and point " + index + " was asked for");
        }
        double[] raw;
        synchronized (lock) {
            if (generatorDimension < dimension) {
                generator = new SobolSequenceGenerator(dimension);
                generatorDimension = dimension;
            }
            raw = generator.skipTo((int) index);
        }
        double[] out = new double[dimension];
        for (int j = 0; j < dimension; j++) {
            long bits = (long) Math.scalb(raw[j], BITS);
            if (scramble) {
                bits = scrambled(bits, scrambles.computeIfAbsent(j, this::newScramble));
            }
            out[j] = Math.scalb((double) bits, -BITS);
        }
        return out;
    }

    /**
     * Coordinate {@code j}'s scramble: rows 0..51 of a random lower-triangular binary matrix with
     * unit diagonal (row k, most significant bit first, as a mask over the input bits), then the
     * digital shift at index 52.
     */
    private long[] newScramble(int j) {
        SplittableRandom random = Seeds.stream(seed, j, Seeds.Purpose.QMC_SCRAMBLE);
        long[] rows = new long[BITS + 1];
        for (int k = 0; k < BITS; k++) {
            int position = BITS - 1 - k;
            long above = MASK & ~((1L << (position + 1)) - 1);
            rows[k] = (1L << position) | (random.nextLong() & above);
        }
        rows[BITS] = random.nextLong() & MASK;
        return rows;
    }

    private static long scrambled(long bits, long[] rows) {
        long out = 0;
        for (int k = 0; k < BITS; k++) {
            out |= (long) (Long.bitCount(bits & rows[k]) & 1) << (BITS - 1 - k);
        }
        return out ^ rows[BITS];
    }
}
