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
import java.util.Set;

/**
 * {@code real-models-table}: the normalised-score tables ({@link RealModelsTable}) of one or more
 * {@code real-models} results files together, in Markdown on standard output; results of several
 * runs (say, a new sampler setting beside the defaults) share one best-known loss per problem.
 */
final class RealModelsTableCommand implements Command {
    private static final Set<String> OPTIONS = Set.of("results", "checkpoints");

    @Override
    public String name() {
        return "real-models-table";
    }

    @Override
    public String summary() {
        return "normalised-score tables of real-models results files";
    }

    @Override
    public String usage() {
        return String.join(
                "\n",
                "usage: real-models-table --results a.jsonl[,b.jsonl...] [--checkpoints 32,64,128]",
                "  --results LIST      comma-separated results files of real-models (JSON lines)",
                "  --checkpoints LIST  trial counts the scores are given at (default: 32,64,128 up to the budget)");
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Args a = Args.parse(args, OPTIONS);
        String files = a.string("results", null);
        if (files == null) {
            throw new UsageException("--results is missing; give the results files of real-models, as in --results"
                    + " runs/real-models/results.jsonl");
        }
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
        out.print(new RealModelsTable(runs)
                .markdown(RealModelsCommand.checkpoints(a.integers("checkpoints", List.of(32, 64, 128), 1), budget)));
        return BenchMain.OK;
    }
}
