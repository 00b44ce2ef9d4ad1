package io.paratune.sampler;

/**
 * A (possibly scrambled) low-discrepancy sequence in {@code [0, 1)^d}. Coordinate {@code j} of a
 * point does not depend on the dimension asked for, so prefixes of the sequence in more dimensions
 * agree with those in fewer. Implementations are thread-safe.
 */
interface LowDiscrepancySequence {

    /** The point with the given index (0, 1, 2, ...) in {@code dimension} dimensions. */
    double[] point(long index, int dimension);
}
