package io.paratune.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;

/**
 * The {@code paratune} command: tunes any program from a YAML study file ({@code paratune run
 * study.yaml}), joins studies from other machines ({@code paratune worker}), hands trials to a shell
 * ({@code paratune ask}, {@code tell}, {@code enqueue}, {@code create}) and reads results ({@code
 * paratune studies}, {@code best}, {@code export}). {@code paratune --help} lists it all.
 */
public final class Main {
    private Main() {}

    /** Runs the command and exits with its exit code. */
    public static void main(String[] args) {
        if (System.getenv("PARATUNE_DEBUG") == null) {
            Logger.getLogger("").setLevel(Level.SEVERE);
            showSamplerFallbacks();
        }
        int code = execute(
                args,
                new PrintWriter(System.out, true),
                new PrintWriter(System.err, true),
                System.getenv(),
                System.console() != null);
        System.exit(code);
    }

    /** Held so that the settings of {@link #showSamplerFallbacks()} are not lost to garbage collection. */
    private static final Logger SAMPLER_FALLBACK = Logger.getLogger("io.paratune.SamplerFallback");

    /**
     * A sampler that failed and was replaced for a trial (the study goes on) is worth one line on
     * the console, without the stack trace that PARATUNE_DEBUG=1 shows.
     */
    private static void showSamplerFallbacks() {
        SAMPLER_FALLBACK.setLevel(Level.WARNING);
        SAMPLER_FALLBACK.setUseParentHandlers(false);
        SAMPLER_FALLBACK.addHandler(new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                if (isLoggable(record)) {
                    System.err.println("paratune: warning: " + record.getMessage());
                }
            }

            @Override
            public void flush() {
                System.err.flush();
            }

            @Override
            public void close() {
                flush();
            }
        });
    }

    /**
     * Runs a command line without exiting.
     *
     * @param env the environment trial processes start from
     * @param terminal whether stderr is an interactive terminal (draws a live progress bar)
     * @return the exit code ({@link ExitCode}): 0 done, 1 every trial failed, 2 bad input, 3 the first trials
     *     all failed (a broken command), 70 an internal error, 75 the storage stayed unreachable, 130 stopped
     *     by Ctrl-C
     */
    static int execute(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env, boolean terminal) {
        CommandLine cl = new CommandLine(new ParatuneCommand(env, terminal));
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            err.println("paratune " + c.getCommandSpec().qualifiedName().replaceFirst("^paratune ?", "") + ": "
                    + ex.getMessage() + "; see '" + c.getCommandSpec().qualifiedName() + " --help'");
            err.flush();
            return ExitCode.USAGE.code();
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof UserError u) {
                err.println("paratune: " + u.getMessage());
                err.flush();
                return u.exitCode();
            }
            if (ex instanceof io.paratune.SamplerConfigurationException s) {
                err.println("paratune: the sampler's settings do not fit this study: " + s.getMessage()
                        + "; change the sampler's options in the study file");
                err.flush();
                return ExitCode.USAGE.code();
            }
            err.println("paratune: internal error: " + ex + " (set PARATUNE_DEBUG=1 for details)");
            if (env.containsKey("PARATUNE_DEBUG")) {
                ex.printStackTrace(err);
            }
            err.flush();
            return ExitCode.INTERNAL.code();
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }
}
