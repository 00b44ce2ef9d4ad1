package io.paratune.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code real-models-table}: the normalised-score tables ({@link RealModelsTable}) of one or more
 * {@code real-models} results files together, in Markdown on standard output; results of several
 * runs (say, a new sampler setting beside the defaults) share one best-known loss per problem.
 */
@Command(
        name = "real-models-table",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "normalised-score tables of real-models results files")
final class RealModelsTableCommand extends BenchCommand {
    @Option(
            names = "--results",
            paramLabel = "LIST",
            required = true,
            description = "comma-separated results files of real-models (JSON lines), as in"
                    + " runs/real-models/results.jsonl")
    String files;

    @Option(
            names = "--checkpoints",
            split = ",",
            paramLabel = "N",
            defaultValue = "32,64,128",
            description = "trial counts the scores are given at (default: ${DEFAULT-VALUE} up to the budget)")
    @AtLeast(1)
    List<Integer> checkpoints;

    @Override
    int run(PrintStream out, PrintStream err) {
        ObjectMapper json = new ObjectMapper();
        List<RealModelRun> runs = new ArrayList<>();
        for (String f : files.split(",")) {
            Path p = Path.of(f.trim());
            if (!Files.isRegularFile(p)) {
                throw new UsageException("--results: " + p + " does not exist; give results files of real-models");
            }
            try {
                for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        runs.add(RealModelRun.fromJson(json.readTree(line)));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + p + " failed: " + e.getMessage(), e);
            }
        }
        if (runs.isEmpty()) {
            throw new UsageException("--results " + files + " holds no results lines");
        }
        int budget = runs.stream().mapToInt(RealModelRun::budget).max().orElse(1);
        out.print(new RealModelsTable(runs).markdown(RealModelsCommand.checkpoints(checkpoints, budget)));
        return BenchMain.OK;
    }
}
