package io.paratune.bench;

import java.io.OutputStream;
import java.io.PrintStream;
import picocli.CommandLine.ParseResult;

/** Parses {@code paratune-bench} command lines without running them, for the tests of options. */
final class CommandLines {
    private CommandLines() {}

    /**
     * The subcommand that {@code args} name, its options set from them and their bounds checked.
     *
     * @throws picocli.CommandLine.ParameterException for a line picocli refuses
     * @throws UsageException for a value out of its bounds
     */
    @SuppressWarnings("unchecked")
    static <T extends BenchCommand> T parse(String... args) {
        PrintStream none = new PrintStream(OutputStream.nullOutputStream());
        ParseResult parsed = BenchMain.commandLine(none, none).parseArgs(args);
        T command = (T) parsed.subcommand().commandSpec().userObject();
        command.checkBounds();
        return command;
    }
}
