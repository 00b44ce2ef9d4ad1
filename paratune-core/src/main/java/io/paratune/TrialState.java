package io.paratune;

/**
 * The life cycle of a trial: {@code WAITING} (enqueued, not started) or {@code RUNNING}, then
 * exactly one of the finished states {@code COMPLETE}, {@code PRUNED} or {@code FAIL}.
 */
public enum TrialState {
    /** Enqueued with fixed parameters; becomes RUNNING when a worker claims it. */
    WAITING,
    /** Being evaluated; samplers treat its parameters as pending. */
    RUNNING,
    /** Finished with values. */
    COMPLETE,
    /** Stopped early by a pruner; keeps its last intermediate value. */
    PRUNED,
    /** The objective threw, returned a non-finite value, or the trial was interrupted. */
    FAIL;

    /** Whether the state is final; a finished trial never changes again. */
    public boolean isFinished() {
        return this == COMPLETE || this == PRUNED || this == FAIL;
    }
}
