package io.paratune.cli;

/**
 * A mistake in the user's input (study file, options, storage URL): its message is shown as one
 * line, without a stack trace, and the command exits with {@link #exitCode()}.
 */
final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    UserError(String message) {
        this(message, ExitCode.USAGE.code());
    }

    UserError(String message, int exitCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
