package io.paratune;

import io.paratune.sampler.Sampler;
import java.lang.System.Logger.Level;

/**
 * Where a study reports that its sampler failed and what it did instead: one WARNING per failure on
 * this class's logger ({@code io.paratune.SamplerFallback}), naming the sampler class, the call,
 * the trial and the cause, with the exception attached. Tests count these records to prove that no
 * sampler failed.
 */
final class SamplerFallback {
    static final System.Logger LOG = System.getLogger(SamplerFallback.class.getName());

    private SamplerFallback() {}

    /**
     * Whether an exception a sampler threw is contained by falling back: any runtime exception that
     * is not one of Paratune's domain failures (an exhausted sampler, a configuration that does not
     * fit, a storage failure, a trial finished elsewhere keep their meaning and reach the caller).
     */
    static boolean containable(RuntimeException e) {
        return !(e instanceof ParatuneException);
    }

    /**
     * @param subject what the sampler was proposing for: "trial 7", "parameter 'lr' of trial 7"
     * @param instead what the study does instead
     */
    static void warn(Sampler sampler, String call, String studyName, String subject, String instead, Throwable cause) {
        LOG.log(
                Level.WARNING,
                () -> "Sampler " + sampler.getClass().getSimpleName() + " failed in " + call + " for " + subject
                        + " of study '" + studyName + "' (" + cause + "); " + instead,
                cause);
    }
}
