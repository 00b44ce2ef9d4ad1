package io.paratune;

/**
 * The sampler has nothing left to propose (for example every point of a grid was handed out);
 * {@link Study#optimize} treats it as the normal end of the study.
 */
public final class SamplerExhaustedException extends ParatuneException {
    public SamplerExhaustedException(String message) {
        super(message);
    }
}
