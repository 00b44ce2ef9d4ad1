package io.paratune;

/**
 * A finished trial was to be changed: told again, or given a parameter or intermediate value after
 * it finished (for example after another worker or a heartbeat check failed it).
 */
public final class TrialAlreadyFinishedException extends ParatuneException {
    private final int number;
    private final TrialState state;

    public TrialAlreadyFinishedException(String study, int number, TrialState state, String attempted) {
        this(study, number, state, attempted, null);
    }

    /**
     * @param reason why the trial finished (its failure message), shown in the message; may be null
     */
    public TrialAlreadyFinishedException(String study, int number, TrialState state, String attempted, String reason) {
        super("cannot " + attempted + " trial " + number + " of study '" + study + "': it is already " + state
                + (reason == null ? "" : " (" + reason + ")") + "; a finished trial never changes");
        this.number = number;
        this.state = state;
    }

    /** The trial's number in its study. */
    public int number() {
        return number;
    }

    /** The state the trial finished in. */
    public TrialState state() {
        return state;
    }
}
