package io.paratune;

/**
 * The keys of the system attributes that Paratune writes on trials, named once: the core's, the
 * samplers' ({@code sampler.NAME:...}), the pruners' ({@code asha:...}, {@code hyperband:...}) and
 * the CLI's ({@code cli.…}). No other file writes these keys as literals (a test checks it). The
 * values are part of the storage format: databases written by earlier versions hold them, and the
 * {@code LEGACY_} keys are still read.
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

    /** CMA-ES: the generation (and restart) a trial was proposed in. */
    public static final String CMAES_GENERATION = "sampler.cmaes:generation";
    /** What {@link #CMAES_GENERATION} was called in databases written before the keys were namespaced. */
    public static final String LEGACY_CMAES_GENERATION = "cmaes";
    /** NSGA-II/III: the generation a trial belongs to and its parents. */
    public static final String NSGA_GENERATION = "sampler.nsga:generation";
    /** What {@link #NSGA_GENERATION} was called in databases written before the keys were namespaced. */
    public static final String LEGACY_NSGA_GENERATION = "nsga";
    /** The auto sampler: which sampler proposed the trial ({@code gp} or {@code tpe}). */
    public static final String AUTO_SAMPLER = "sampler.auto:sampler";
    /** The auto sampler: why it changed samplers at this trial, on the first trial after a change. */
    public static final String AUTO_REASON = "sampler.auto:reason";

    /** Successive halving (ASHA): followed by the rung index, the trial's value at that rung. */
    public static final String ASHA_RUNG_PREFIX = "asha:rung_";
    /** Hyperband: followed by the bracket index, {@code :rung_} and the rung index. */
    public static final String HYPERBAND_BRACKET_PREFIX = "hyperband:bracket_";

    /** The CLI: a new trial, counted toward the study file's {@code trials:} budget. */
    public static final String CLI_NEW_TRIAL = "cli.new_trial";
    /** The CLI: a trial started by {@code paratune ask}, to be finished by {@code paratune tell}. */
    public static final String CLI_ASKED = "cli.asked";

    private SystemAttributes() {}
}
