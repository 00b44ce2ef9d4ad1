package io.paratune.bench;

import java.io.PrintStream;
import java.lang.reflect.Field;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A benchmark, a subcommand of {@link BenchMain} whose options are picocli options. Before {@link
 * #run} it checks the {@link AtLeast} bounds of the options; a {@link UsageException} from the
 * bounds or from the command itself is a usage error, reported as picocli reports its own (exit code
 * 2).
 */
abstract class BenchCommand implements Callable<Integer> {
    @ParentCommand
    BenchMain main;

    @Spec
    CommandSpec spec;

    /**
     * Runs the benchmark with its options parsed and checked.
     *
     * @param out where result lines (JSON) go
     * @param err where progress and summaries go
     * @return the exit code: {@link BenchMain#OK}, {@link BenchMain#FAILED} or {@link BenchMain#USAGE}
     * @throws UsageException for a bad option value
     */
    abstract int run(PrintStream out, PrintStream err);

    @Override
    public final Integer call() {
        try {
            checkBounds();
            return run(main.out, main.err);
        } catch (UsageException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    /** Refuses an option value below its {@link AtLeast} bound, and a list option that names a value twice. */
    void checkBounds() {
        for (OptionSpec o : spec.options()) {
            AtLeast bound = o.userObject() instanceof Field f ? f.getAnnotation(AtLeast.class) : null;
            Object value = o.getValue();
            if (bound == null || value == null) {
                continue;
            }
            List<?> values = value instanceof List<?> list ? list : List.of(value);
            String given = o.originalStringValues().isEmpty()
                    ? String.valueOf(value)
                    : String.join(",", o.originalStringValues());
            for (Object v : values) {
                double x = ((Number) v).doubleValue();
                if (v instanceof Double && (!Double.isFinite(x) || x < bound.value())) {
                    throw new UsageException(
                            o.longestName() + " " + given + " is out of range; give a number >= " + bound.value());
                }
                if (x < bound.value()) {
                    throw new UsageException(o.longestName() + " " + v + " is too small; give a whole number >= "
                            + (long) bound.value());
                }
                if (Collections.frequency(values, v) > 1) {
                    throw new UsageException(
                            o.longestName() + " " + given + " lists " + v + " twice; list each value once");
                }
            }
        }
    }
}
