package io.paratune.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code real-models}: tunes scikit-learn models on small public data sets through the {@code
 * paratune} command, for every sampler and seed given, and checks that no trial is lost to a
 * sampler or the CLI. One JSON line per study to standard output and {@code --out}; progress, the
 * normalised-score tables ({@link RealModelsTable}) and every sampler failure to standard error.
 * Exits 1 when any sampler failure happened, 2 when the suite cannot run (no scikit-learn).
 */
@Command(
        name = "real-models",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "tunes scikit-learn models through the paratune CLI with every sampler; no sampler failures allowed",
            "Run it from the repository root."
        })
final class RealModelsCommand extends BenchCommand {
    static final String DEFAULT_SAMPLERS = "random,tpe,cmaes,gp,qmc,grid,nsga2";

    @Option(
            names = "--samplers",
            paramLabel = "LIST",
            defaultValue = DEFAULT_SAMPLERS,
            description = "comma-separated; name or name+option=value+... (default: ${DEFAULT-VALUE})")
    String samplerList;

    @Option(
            names = "--problems",
            paramLabel = "LIST",
            description = "comma-separated problem names (default: all in problems.py)")
    String problemList;

    @Option(
            names = "--seeds",
            paramLabel = "RANGE",
            defaultValue = "0-2",
            description = "seeds as 0-2 or 0,3,5 (default: ${DEFAULT-VALUE})")
    String seedRange;

    @Option(
            names = "--rounds",
            paramLabel = "N",
            defaultValue = "16",
            description = "rounds of --batch trials per study (default: ${DEFAULT-VALUE})")
    @AtLeast(1)
    int rounds;

    @Option(
            names = "--batch",
            paramLabel = "N",
            defaultValue = "8",
            description = "the study's parallelism (default: ${DEFAULT-VALUE})")
    @AtLeast(1)
    int batch;

    @Option(
            names = "--python",
            paramLabel = "PATH",
            defaultValue = "/usr/bin/python3",
            description = "a python3 with scikit-learn (default: ${DEFAULT-VALUE})")
    String python;

    @Option(
            names = "--cli",
            paramLabel = "COMMAND",
            defaultValue = "bin/paratune",
            description = "how to start paratune, words split at spaces (default: ${DEFAULT-VALUE})")
    String cliCommand;

    @Option(
            names = "--models-dir",
            paramLabel = "DIR",
            defaultValue = "paratune-bench/real-models",
            description = "the folder with model_server.py (default: ${DEFAULT-VALUE})")
    Path modelsFolder;

    @Option(
            names = "--work",
            paramLabel = "DIR",
            description = "study files, database and logs go here and are kept (default: a temporary folder, deleted"
                    + " when no sampler failed)")
    String workOption;

    @Option(names = "--out", paramLabel = "FILE", description = "JSON lines are appended here too (default: none)")
    String outFile;

    @Option(
            names = "--table",
            paramLabel = "FILE",
            description = "the score tables in Markdown are written here (default: none)")
    String tableFile;

    @Option(
            names = "--checkpoints",
            split = ",",
            paramLabel = "N",
            defaultValue = "32,64,128",
            description = "trial counts the scores are given at (default: ${DEFAULT-VALUE} up to the budget)")
    @AtLeast(1)
    List<Integer> checkpointList;

    @Option(
            names = "--study-timeout",
            paramLabel = "MIN",
            defaultValue = "30",
            description = "minutes before a study is stopped and counted as crashed (default: ${DEFAULT-VALUE})")
    @AtLeast(1)
    int studyTimeout;

    @Override
    int run(PrintStream out, PrintStream err) {
        List<RealModelStudy.SamplerSpec> samplers = Arrays.stream(samplerList.split(","))
                .map(RealModelStudy.SamplerSpec::parse)
                .toList();
        List<Long> seeds = QualityCommand.seeds(seedRange);
        int budget = rounds * batch;
        List<Integer> checkpoints = checkpoints(checkpointList, budget);
        Path modelsDir = modelsFolder.toAbsolutePath().normalize();
        List<String> cli = cliWords(cliCommand);
        Duration timeout = Duration.ofMinutes(studyTimeout);

        List<RealModelProblem> known;
        try {
            known = ModelServer.describe(python, modelsDir);
        } catch (ModelServer.Unavailable e) {
            err.println("real-models: " + e.getMessage());
            return BenchMain.USAGE;
        }
        List<RealModelProblem> problems = problems(problemList, known);
        if (workOption != null && Files.exists(Path.of(workOption, "paratune.db"))) {
            throw new UsageException("--work " + workOption + " already holds paratune.db from an earlier run, whose"
                    + " studies would be resumed; give an empty or new folder");
        }
        // Ctrl-C or kill: the running study and the model server stop too, rather than run on orphaned
        Thread stopChildren = new Thread(
                () -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy), "real-models-stop");
        Runtime.getRuntime().addShutdownHook(stopChildren);
        try {
            Path work = workOption == null
                    ? Files.createTempDirectory("paratune-real-models")
                    : Files.createDirectories(Path.of(workOption)).toAbsolutePath();
            Path socketDir = Files.createTempDirectory("paratune-rm");
            List<RealModelRun> runs;
            try (ModelServer server = ModelServer.start(
                    python,
                    modelsDir,
                    problems.stream().map(RealModelProblem::name).toList(),
                    socketDir,
                    work.resolve("evaluations.jsonl"))) {
                err.printf(
                        Locale.ROOT,
                        "real-models: %d problems x %d samplers x %d seeds, %d rounds of %d; model"
                                + " server: %s; work folder %s%n",
                        problems.size(),
                        samplers.size(),
                        seeds.size(),
                        rounds,
                        batch,
                        server.banner(),
                        work);
                RealModelStudy.Setup setup =
                        new RealModelStudy.Setup(cli, python, modelsDir.resolve("trial.py"), work, timeout);
                runs = runAll(
                        problems,
                        samplers,
                        seeds,
                        rounds,
                        batch,
                        setup,
                        server,
                        outFile,
                        "python " + server.banner(),
                        out,
                        err);
            } catch (ModelServer.Unavailable e) {
                err.println("real-models: " + e.getMessage());
                return BenchMain.USAGE;
            } finally {
                deleteTree(socketDir);
            }
            String table = new RealModelsTable(runs).markdown(checkpoints);
            err.println();
            err.print(table);
            if (tableFile != null) {
                Files.writeString(Path.of(tableFile), table, StandardCharsets.UTF_8);
            }
            int failures = runs.stream().mapToInt(RealModelRun::samplerFailures).sum();
            if (failures > 0) {
                err.println("real-models: " + failures + " sampler failure(s), the suite requires none:");
                runs.stream()
                        .filter(r -> r.samplerFailures() > 0)
                        .forEach(r -> err.printf(
                                Locale.ROOT,
                                "  %s %s seed %d: %s%n",
                                r.problem(),
                                r.sampler(),
                                r.seed(),
                                String.join("; ", r.issues())));
                err.println("study files, logs and the database are kept in " + work);
                return BenchMain.FAILED;
            }
            if (workOption == null) {
                deleteTree(work);
            }
            return BenchMain.OK;
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopChildren);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running
            }
        }
    }

    private static List<RealModelRun> runAll(
            List<RealModelProblem> problems,
            List<RealModelStudy.SamplerSpec> samplers,
            List<Long> seeds,
            int rounds,
            int batch,
            RealModelStudy.Setup setup,
            ModelServer server,
            String file,
            String environment,
            PrintStream out,
            PrintStream err)
            throws IOException, InterruptedException {
        List<RealModelRun> runs = new ArrayList<>();
        String system = "paratune " + QualityCommand.version();
        try (ResultFiles.Sink sink = ResultFiles.sink(file, out)) {
            for (RealModelProblem problem : problems) {
                for (long seed : seeds) {
                    for (RealModelStudy.SamplerSpec sampler : samplers) {
                        RealModelRun r = RealModelStudy.run(problem, sampler, seed, rounds, batch, setup, server);
                        runs.add(r);
                        sink.emit(r.toJson(system, environment));
                        err.printf(
                                Locale.ROOT,
                                "%-22s %-10s seed %d: best %.5f after %d trials, %d sampler"
                                        + " failures, %d model failures, %.0f s%s%n",
                                problem.name(),
                                sampler.label(),
                                seed,
                                r.bestAfter(r.values().length),
                                r.values().length,
                                r.samplerFailures(),
                                r.modelFailures(),
                                r.wallSeconds(),
                                r.issues().isEmpty() ? "" : "; " + r.issues().get(0));
                        if (!server.alive()) {
                            throw new IllegalStateException("the model server ended; see "
                                    + setup.workDir().resolve("model-server.err"));
                        }
                    }
                }
            }
        }
        return runs;
    }

    /** The checkpoints up to the budget, with the budget itself last. */
    static List<Integer> checkpoints(List<Integer> asked, int budget) {
        List<Integer> out =
                new ArrayList<>(asked.stream().filter(n -> n < budget).sorted().toList());
        out.add(budget);
        return out;
    }

    private static List<RealModelProblem> problems(String text, List<RealModelProblem> known) {
        if (text == null) {
            return known;
        }
        Map<String, RealModelProblem> byName = new LinkedHashMap<>();
        known.forEach(p -> byName.put(p.name(), p));
        List<RealModelProblem> out = new ArrayList<>();
        for (String name : text.split(",")) {
            RealModelProblem p = byName.get(name.trim());
            if (p == null) {
                throw new UsageException("--problems: '" + name.trim() + "' is not a problem; known: "
                        + String.join(", ", byName.keySet()));
            }
            out.add(p);
        }
        return out;
    }

    /** The --cli words; a relative program path (bin/paratune) is made absolute, as studies run in the work folder. */
    static List<String> cliWords(String text) {
        List<String> words = new ArrayList<>(Arrays.asList(text.trim().split("\\s+")));
        if (words.get(0).contains("/")) {
            words.set(0, Path.of(words.get(0)).toAbsolutePath().normalize().toString());
        }
        for (int i = 1; i < words.size(); i++) {
            if (words.get(i - 1).equals("-jar")) {
                words.set(i, Path.of(words.get(i)).toAbsolutePath().normalize().toString());
            }
        }
        return words;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
