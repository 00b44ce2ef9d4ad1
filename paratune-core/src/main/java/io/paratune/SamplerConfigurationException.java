package io.paratune;

/**
 * A sampler's settings do not fit the study: a parameter its grid does not have, more objectives
 * than its acquisition takes, a study run before with other settings. Unlike any other exception a
 * sampler throws while proposing (which the study contains by falling back to simpler sampling, see
 * {@link Study}), this one reaches the caller: the trial fails and the message names the fix.
 */
public final class SamplerConfigurationException extends ParatuneException {
    public SamplerConfigurationException(String message) {
        super(message);
    }

    public SamplerConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
