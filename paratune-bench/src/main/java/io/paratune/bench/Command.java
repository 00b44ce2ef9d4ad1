package io.paratune.bench;

import java.io.PrintStream;
import java.util.List;

/** One benchmark subcommand of {@link BenchMain}. */
interface Command {

    /** The word that selects the command, for example {@code overhead}. */
    String name();

    /** One line for the command list. */
    String summary();

    /** The options, one per line. */
    String usage();

    /**
     * Runs the command.
     *
     * @param args the arguments after the command name
     * @param out where result lines (JSON) go
     * @param err where progress and summaries go
     * @return the exit code
     * @throws UsageException for a bad argument; the caller prints it with the usage
     */
    int run(List<String> args, PrintStream out, PrintStream err);
}
