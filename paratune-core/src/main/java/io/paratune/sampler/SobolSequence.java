package io.paratune.sampler;

import io.paratune.SamplerExhaustedException;
import io.paratune.internal.ScrambledSobol;

/**
 * The (optionally scrambled) Sobol sequence as a {@link LowDiscrepancySequence}; the numerics live
 * in {@link ScrambledSobol}, which other samplers share.
 */
final class SobolSequence implements LowDiscrepancySequence {
    static final int MAX_DIMENSION = ScrambledSobol.MAX_DIMENSION;

    private final ScrambledSobol sobol;

    SobolSequence(boolean scramble, long seed) {
        this.sobol = new ScrambledSobol(scramble, seed);
    }

    @Override
    public double[] point(long index, int dimension) {
        try {
            return sobol.point(index, dimension);
        } catch (IndexOutOfBoundsException e) {
            throw new SamplerExhaustedException(e.getMessage());
        }
    }
}
