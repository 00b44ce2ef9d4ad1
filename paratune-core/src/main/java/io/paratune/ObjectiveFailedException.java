package io.paratune;

/**
 * Raised by {@link Study#optimize} when a trial failed and the options asked to stop on the first
 * failure; the cause is the objective's own exception, if it threw one.
 */
public final class ObjectiveFailedException extends ParatuneException {
    public ObjectiveFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
