package io.paratune.bench;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code paratune-bench} command: {@code java -jar paratune-bench.jar <command> [options]}.
 * Each benchmark is a subcommand ({@code overhead}, {@code storage}; {@code quality} and others join
 * the same table). Results go to standard output as JSON lines, progress and summaries to standard error.
 */
public final class BenchMain {
    static final int OK = 0;
    static final int USAGE = 2;
    static final int FAILED = 1;

    /** Held so that the level set by {@link #quietParatuneLogs()} is not lost to garbage collection. */
    private static final java.util.logging.Logger PARATUNE_LOG = java.util.logging.Logger.getLogger("io.paratune");

    private BenchMain() {}

    /** Study logs every finished trial at INFO; benchmarks measure the library, not the console. */
    static void quietParatuneLogs() {
        PARATUNE_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    /** Runs a subcommand and exits with its code: 0 success, 1 benchmark failure, 2 usage error. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static Map<String, Command> commands() {
        Map<String, Command> commands = new LinkedHashMap<>();
        for (Command c : List.of(
                new OverheadCommand(),
                new QualityCommand(),
                new AskTimeCommand(),
                new GpTimeCommand(),
                new HvTimeCommand(),
                new MoQualityCommand(),
                new StorageCommand(),
                new StorageWorkerCommand(),
                new PostgresServerCommand(),
                new RecordCurvesCommand(),
                new EarlyStoppingCommand(),
                new RealModelsCommand(),
                new RealModelsTableCommand(),
                new LargeCommand())) {
            commands.put(c.name(), c);
        }
        return commands;
    }

    /** Runs {@code args} and returns the exit code; never calls {@link System#exit}. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, Command> commands = commands();
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            usage(args.length == 0 ? err : out, commands);
            return args.length == 0 ? USAGE : OK;
        }
        Command command = commands.get(args[0]);
        if (command == null) {
            err.println("unknown command '" + args[0] + "'; use one of " + commands.keySet());
            return USAGE;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        if (rest.contains("--help") || rest.contains("-h")) {
            out.println(command.usage());
            return OK;
        }
        try {
            return command.run(rest, out, err);
        } catch (UsageException e) {
            err.println(command.name() + ": " + e.getMessage());
            err.println(command.usage());
            return USAGE;
        } catch (RuntimeException e) {
            err.println(command.name() + " failed: " + e.getMessage());
            e.printStackTrace(err);
            return FAILED;
        }
    }

    private static void usage(PrintStream to, Map<String, Command> commands) {
        to.println("usage: java -jar paratune-bench.jar <command> [options]   (<command> --help for its options)");
        commands.values().forEach(c -> to.printf("  %-16s %s%n", c.name(), c.summary()));
    }
}
