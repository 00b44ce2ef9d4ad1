package io.paratune.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code quality}: the shared quality protocol (shared/bench/README.md) for one sampler
 * configuration. One JSON line per run, in the shared results format, to standard output and
 * appended to {@code --out}; the median final best value per function and mode to standard error.
 */
@Command(
        name = "quality",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "optimiser quality on the shared protocol (branin2, hartmann6, ackley10; seq, batch8)")
final class QualityCommand extends BenchCommand {
    @Option(names = "--sampler", paramLabel = "NAME", description = "tpe, cmaes, random or gp")
    String sampler;

    @Option(
            names = "--config",
            paramLabel = "NAME",
            defaultValue = "default",
            description = "tpe: default (multivariate, constant liar), neighbour (kernel widths from the neighbour"
                    + " gaps), univariate; cmaes: default, ipop; random: default; gp: default (Monte-Carlo batch),"
                    + " kb (kriging believer), quadratic (a quadratic prior mean) (default: ${DEFAULT-VALUE})")
    String config;

    @Option(
            names = "--function",
            paramLabel = "LIST",
            defaultValue = "branin2,hartmann6,ackley10",
            description = "comma-separated: branin2,hartmann6,ackley10, or the large protocol's ackleyD, rastriginD,"
                    + " rosenbrockD, griewankD at a dimension D, as ackley20 (default: ${DEFAULT-VALUE})")
    String functionList;

    @Option(
            names = "--mode",
            paramLabel = "LIST",
            defaultValue = "seq,batch8",
            description = "comma-separated: seq,batch8 (default: ${DEFAULT-VALUE})")
    String modeList;

    @Option(
            names = "--seeds",
            paramLabel = "RANGE",
            defaultValue = "0-9",
            description = "seeds as 0-9 or 0,3,5 (default: ${DEFAULT-VALUE})")
    String seedRange;

    @Option(
            names = "--budget",
            paramLabel = "N",
            defaultValue = "64",
            description = "evaluations per run (default: ${DEFAULT-VALUE}, the protocol's)")
    @AtLeast(1)
    int budget;

    @Option(names = "--out", paramLabel = "FILE", description = "JSON lines are appended here too (default: none)")
    String file;

    @Override
    int run(PrintStream out, PrintStream err) {
        BenchMain.quietParatuneLogs();
        SamplerChoice choice = SamplerChoice.of(sampler, config);
        List<Objective> functions = new ArrayList<>();
        for (String id : functionList.split(",")) {
            functions.add(Objective.byId(id.trim()));
        }
        List<String> modes =
                Arrays.stream(modeList.split(",")).map(String::trim).toList();
        for (String mode : modes) {
            if (!mode.equals("seq") && !mode.equals("batch8")) {
                throw new UsageException("--mode " + mode + " is not known; give seq, batch8 or seq,batch8");
            }
        }
        List<Long> seeds = seeds(seedRange);
        String system = "paratune " + version();
        try (ResultFiles.Sink sink = ResultFiles.sink(file, out)) {
            for (Objective f : functions) {
                for (String mode : modes) {
                    double[] finals = new double[seeds.size()];
                    for (int i = 0; i < seeds.size(); i++) {
                        QualityRun r = QualityRun.run(choice, f, mode, seeds.get(i), budget);
                        String line = r.toJson(system);
                        sink.emit(line);
                        finals[i] = r.finalBest();
                    }
                    Arrays.sort(finals);
                    err.printf(
                            Locale.ROOT,
                            "%s %s [%s] %s %s: median best %.6g over %d seeds%n",
                            system,
                            choice.className(),
                            choice.config(),
                            f.id(),
                            mode,
                            finals[finals.length / 2],
                            finals.length);
                }
            }
        }
        return BenchMain.OK;
    }

    /** Seeds written as {@code 0-9}, {@code 3} or {@code 0,3,5-7}. */
    static List<Long> seeds(String text) {
        List<Long> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            try {
                int dash = p.indexOf('-', 1);
                if (dash > 0) {
                    long lo = Long.parseLong(p.substring(0, dash));
                    long hi = Long.parseLong(p.substring(dash + 1));
                    if (hi < lo) {
                        throw new UsageException("--seeds " + text + ": range " + p + " is empty; write LOW-HIGH");
                    }
                    for (long s = lo; s <= hi; s++) {
                        out.add(s);
                    }
                } else {
                    out.add(Long.parseLong(p));
                }
            } catch (NumberFormatException e) {
                throw new UsageException("--seeds " + text + " is not a list of seeds; write 0-9 or 0,3,5");
            }
        }
        return out;
    }

    static String version() {
        String v = QualityCommand.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
