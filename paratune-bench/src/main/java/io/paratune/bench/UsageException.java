package io.paratune.bench;

/** A bad command line; the message names the option, the value and the fix. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
