package io.paratune;

/**
 * The keys of the system attributes that Paratune itself writes on trials, named once: what a
 * trial's {@link FrozenTrial#systemAttributes()} may hold besides a sampler's or a launcher's own
 * keys. The values are part of the storage format: databases written by earlier versions hold them.
 */
public final class SystemAttributes {
    /** The parameters fixed before the trial started (enqueued, reserved by a sampler or re-run): a JSON object. */
    public static final String FIXED_PARAMS = "fixed_params";
    /** Of a re-run (see {@link Study#enqueueRetry}): the number of the trial it runs again. */
    public static final String RETRY_OF = "retry_of";
    /** Of a re-run: how many retries its chain has had, 1 for the first (see {@link Study#retryCount}). */
    public static final String RETRY_COUNT = "retry_count";
    /** The constraint values set by {@link Trial#setConstraints}: a JSON array, each feasible when {@code <= 0}. */
    public static final String CONSTRAINTS = "constraints";

    private SystemAttributes() {}
}
