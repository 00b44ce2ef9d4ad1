package io.paratune;

/** The root of Paratune's domain failures; each subclass is named for one failure. */
public abstract class ParatuneException extends RuntimeException {
    protected ParatuneException(String message) {
        super(message);
    }

    protected ParatuneException(String message, Throwable cause) {
        super(message, cause);
    }
}
