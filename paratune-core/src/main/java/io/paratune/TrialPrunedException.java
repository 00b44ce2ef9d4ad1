package io.paratune;

/**
 * Thrown by an objective (usually after {@link Trial#shouldPrune()} returned true) to stop its
 * trial early; the trial ends PRUNED with its last intermediate value, not FAIL.
 */
public final class TrialPrunedException extends ParatuneException {
    public TrialPrunedException() {
        super("trial pruned");
    }

    public TrialPrunedException(String message) {
        super(message);
    }
}
