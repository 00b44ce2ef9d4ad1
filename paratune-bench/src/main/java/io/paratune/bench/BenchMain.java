package io.paratune.bench;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Field;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.OverwrittenOptionException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code paratune-bench} command: {@code java -jar paratune-bench.jar <command> [options]}.
 * Each benchmark is a subcommand ({@link BenchCommand}); {@code --help} lists them, {@code <command>
 * --help} gives a command's options. Results go to standard output as JSON lines, progress and
 * summaries to standard error.
 */
@Command(
        name = "paratune-bench",
        mixinStandardHelpOptions = true,
        description = "Paratune's benchmarks: result lines (JSON) to standard output, progress and summaries to"
                + " standard error.",
        subcommands = {
            OverheadCommand.class,
            QualityCommand.class,
            AskTimeCommand.class,
            GpTimeCommand.class,
            HvTimeCommand.class,
            MoQualityCommand.class,
            StorageCommand.class,
            StorageWorkerCommand.class,
            PostgresServerCommand.class,
            RecordCurvesCommand.class,
            EarlyStoppingCommand.class,
            RealModelsCommand.class,
            RealModelsTableCommand.class,
            LargeCommand.class,
            HelpCommand.class
        },
        footer = {
            "",
            "A command's options: paratune-bench <command> --help.",
            "Exit codes: 0 done, 1 the benchmark failed, 2 a usage error."
        })
public final class BenchMain implements Callable<Integer> {
    static final int OK = 0;
    static final int USAGE = 2;
    static final int FAILED = 1;

    /** Columns of the help texts: wide enough for every command's description on its line of the list. */
    private static final int USAGE_WIDTH = 120;

    /** Held so that the level set by {@link #quietParatuneLogs()} is not lost to garbage collection. */
    private static final java.util.logging.Logger PARATUNE_LOG = java.util.logging.Logger.getLogger("io.paratune");

    /** Where the commands print their result lines. */
    final PrintStream out;

    /** Where the commands print progress, summaries and errors. */
    final PrintStream err;

    @Spec
    CommandSpec spec;

    private BenchMain(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Study logs every finished trial at INFO; benchmarks measure the library, not the console. */
    static void quietParatuneLogs() {
        PARATUNE_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    /** Runs a subcommand and exits with its code: 0 success, 1 benchmark failure, 2 usage error. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs {@code args} and returns the exit code; never calls {@link System#exit}. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        int code = commandLine(out, err).execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The command with its subcommands, printing to {@code out} and {@code err}, its error handlers set. */
    static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new BenchMain(out, err));
        String version = "paratune-bench " + QualityCommand.version();
        cl.getCommandSpec().version(version);
        cl.getSubcommands().values().forEach(c -> c.getCommandSpec().version(version));
        cl.setUsageHelpWidth(USAGE_WIDTH);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setParameterExceptionHandler((ex, args) -> {
            String name = ex.getCommandLine().getCommandSpec().qualifiedName();
            err.println(name + ": " + describe(ex) + "; see '" + name + " --help'");
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            err.println(c.getCommandSpec().qualifiedName() + " failed: " + ex.getMessage());
            ex.printStackTrace(err);
            return FAILED;
        });
        return cl;
    }

    /** Without a command: the command list, as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(err);
        return USAGE;
    }

    /** A usage error in words that name the option, the value and the fix. */
    static String describe(ParameterException ex) {
        CommandSpec command = ex.getCommandLine().getCommandSpec();
        if (ex instanceof UnmatchedArgumentException u) {
            String arg = u.getUnmatched().isEmpty() ? "" : u.getUnmatched().get(0);
            if (arg.startsWith("-")) {
                String known = command.options().stream()
                        .filter(o -> !o.usageHelp() && !o.versionHelp())
                        .map(OptionSpec::longestName)
                        .collect(Collectors.joining(", "));
                return "unknown option " + arg.split("=", 2)[0]
                        + (known.isEmpty() ? "; give a command first, then its options" : "; known options: " + known);
            }
            if (!command.subcommands().isEmpty()) {
                return "unknown command '" + arg + "'; use one of "
                        + String.join(", ", command.subcommands().keySet());
            }
            return "unexpected argument '" + arg + "'; options look like --name value";
        }
        if (ex instanceof OverwrittenOptionException o) {
            return name(o.getOverwritten()) + " is given twice; give it once";
        }
        if (ex instanceof MissingParameterException m) {
            List<ArgSpec> absent = m.getMissing().stream()
                    .filter(a -> a.required() && a.originalStringValues().isEmpty())
                    .toList();
            if (absent.size() == m.getMissing().size()) {
                return absent.stream().map(a -> name(a) + " " + a.paramLabel()).collect(Collectors.joining(" and "))
                        + (absent.size() == 1 ? " is missing; give it" : " are missing; give them");
            }
            ArgSpec a = m.getMissing().get(0);
            return name(a) + " needs a value, as in " + name(a) + " " + a.paramLabel();
        }
        if (ex.getCause() instanceof TypeConversionException && ex.getArgSpec() instanceof OptionSpec o) {
            Class<?> type = o.auxiliaryTypes()[0];
            boolean whole = type == int.class || type == Integer.class || type == long.class || type == Long.class;
            AtLeast bound = o.userObject() instanceof Field f ? f.getAnnotation(AtLeast.class) : null;
            String atLeast = bound == null ? "" : " >= " + (whole ? (Object) (long) bound.value() : bound.value());
            return o.longestName() + " '" + ex.getValue() + "' is not "
                    + (whole ? "an integer; give a whole number" : "a number; give a number") + atLeast;
        }
        return ex.getMessage();
    }

    private static String name(ArgSpec spec) {
        return spec instanceof OptionSpec o ? o.longestName() : spec.paramLabel();
    }
}
