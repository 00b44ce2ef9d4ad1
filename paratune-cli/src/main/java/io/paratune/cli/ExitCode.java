package io.paratune.cli;

/** The exit codes of the {@code paratune} command, named once. */
enum ExitCode {
    /** The command did what was asked (a run: its budget is spent, or nothing was left to run). */
    OK(0),
    /** A run ended with every trial failed. */
    ALL_FAILED(1),
    /** Bad input: the study file, an option or the storage URL (the message names the fix). */
    USAGE(2),
    /** The study's first {@code max_initial_failures} trials all failed: the command looks broken. */
    BROKEN_COMMAND(3),
    /** A bug in paratune (sysexits' EX_SOFTWARE). */
    INTERNAL(70),
    /** The storage stayed unreachable while a trial's end was being recorded (sysexits' EX_TEMPFAIL). */
    STORAGE_UNREACHABLE(75),
    /** Stopped by Ctrl-C (or SIGTERM); running trials were enqueued again. */
    INTERRUPTED(130);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    /** The process exit status. */
    int code() {
        return code;
    }
}
