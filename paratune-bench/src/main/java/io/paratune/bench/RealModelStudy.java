package io.paratune.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one real-model study through the {@code paratune} command, as a user would: writes the
 * study file, runs {@code paratune run}, reads every trial back with {@code paratune export
 * --format json} and sorts each trial's outcome against the model server's log of evaluations.
 *
 * <p>A trial counts as a <em>sampler failure</em> when it failed without the model failing (no
 * evaluation logged, or the server found its parameters outside the search space or different from
 * {@code PARATUNE_PARAMS}), when its stored value differs from the evaluated one, or when it is left
 * in any state but COMPLETE or FAIL. A study that exits non-zero, ends with another number of trials
 * than asked for, or logs a warning or error (the CLI runs with {@code PARATUNE_DEBUG=1}, so a
 * sampler's fallback warnings and stack traces reach its standard error) adds one each.
 */
final class RealModelStudy {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * How to run studies.
     *
     * @param cli the words that start the paratune command, for example {@code [bin/paratune]}
     * @param python the python with scikit-learn that runs trial.py
     * @param trialScript trial.py
     * @param workDir where study files, the database and logs go
     * @param timeout the longest a study may run before it is stopped and counted as crashed
     */
    record Setup(List<String> cli, String python, Path trialScript, Path workDir, Duration timeout) {
        Setup {
            cli = List.copyOf(cli);
        }
    }

    /**
     * A sampler as given to {@code --samplers}: {@code name} or {@code name+option=value+...}. The
     * option {@code scales=linear} is the benchmark's own: the study's logit-scaled parameters become
     * linear (to measure what the logit scale gives a sampler); the others go to the sampler.
     */
    record SamplerSpec(String label, String name, Map<String, String> options) {
        static final String SCALES = "scales";

        SamplerSpec {
            options = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(options));
        }

        static SamplerSpec parse(String text) {
            String[] parts = text.trim().split("\\+");
            Map<String, String> options = new java.util.LinkedHashMap<>();
            for (int i = 1; i < parts.length; i++) {
                int eq = parts[i].indexOf('=');
                if (eq <= 0) {
                    throw new UsageException("--samplers " + text + ": option '" + parts[i] + "' needs a value; write"
                            + " name+option=value, as in gp+deterministic=true");
                }
                options.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
            }
            if (parts[0].isEmpty()) {
                throw new UsageException("--samplers has an empty entry; list names such as random,tpe,gp");
            }
            String scales = options.get(SCALES);
            if (scales != null && !scales.equals("linear")) {
                throw new UsageException("--samplers " + text + ": scales=" + scales + " is not known; the one"
                        + " value is scales=linear (logit parameters on a linear scale)");
            }
            return new SamplerSpec(text.trim(), parts[0], options);
        }
    }

    private RealModelStudy() {}

    /** The study's name: unique per problem, sampler and seed, and a valid folder name. */
    static String studyName(RealModelProblem problem, SamplerSpec sampler, long seed) {
        return ("rm-" + problem.name() + "-" + sampler.label() + "-s" + seed).replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    /** The study file. */
    static String studyFile(
            RealModelProblem problem,
            SamplerSpec sampler,
            long seed,
            int trials,
            int parallelism,
            Setup setup,
            Path socket) {
        StringBuilder options = new StringBuilder("{seed: " + seed);
        sampler.options().forEach((k, v) -> {
            if (!k.equals(SamplerSpec.SCALES)) {
                options.append(", ").append(k).append(": ").append(v);
            }
        });
        if (sampler.options().containsKey(SamplerSpec.SCALES)) {
            problem = problem.withoutLogit();
        }
        if (sampler.name().equals("grid") && !sampler.options().containsKey("values")) {
            options.append(", values: ").append(problem.gridYaml(trials));
        }
        options.append('}');
        List<String> command = new ArrayList<>(List.of(
                setup.python(),
                "-I",
                "-S",
                setup.trialScript().toString(),
                "--socket",
                socket.toString(),
                "--problem",
                problem.name()));
        command.addAll(problem.parameterWords());
        return "# " + problem + ", loss: " + problem.loss() + "\n"
                + "name: " + studyName(problem, sampler, seed) + "\n"
                + "direction: minimize\n"
                + problem.searchSpaceYaml()
                + "command: " + String.join(" ", command) + "\n"
                + "trials: " + trials + "\n"
                + "parallelism: " + parallelism + "\n"
                + "trial_timeout: 5m\n"
                + "sampler: {name: " + sampler.name() + ", options: " + options + "}\n";
    }

    /** Runs the study and sorts out its trials; never throws for a failing study, it records it. */
    static RealModelRun run(
            RealModelProblem problem,
            SamplerSpec sampler,
            long seed,
            int rounds,
            int batch,
            Setup setup,
            ModelServer server)
            throws IOException, InterruptedException {
        int trials = rounds * batch;
        String name = studyName(problem, sampler, seed);
        Path file = setup.workDir().resolve(name + ".yaml");
        Files.writeString(
                file, studyFile(problem, sampler, seed, trials, batch, setup, server.socket()), StandardCharsets.UTF_8);
        long start = System.nanoTime();
        List<String> issues = new ArrayList<>();
        int samplerFailures = 0;
        Outcome run = command(setup, List.of("run", file.toString()), name + ".run", setup.timeout());
        if (run.code() != 0) {
            samplerFailures++;
            issues.add("paratune run exited " + run.code() + ": " + errorLine(run.err()));
        }
        Logged logged = Logged.of(run.err());
        samplerFailures += logged.sampler().size();
        logged.sampler().stream().limit(3).forEach(w -> issues.add("logged: " + w));
        Outcome export = command(
                setup, List.of("export", file.toString(), "--format", "json"), name + ".export", Duration.ofMinutes(5));
        List<JsonNode> rows = new ArrayList<>();
        if (export.code() != 0) {
            samplerFailures++;
            issues.add("paratune export exited " + export.code() + ": " + lastLines(export.err(), 3));
        } else {
            JSON.readTree(export.out()).forEach(rows::add);
        }
        double wall = (System.nanoTime() - start) / 1e9;
        Trials sorted = Trials.sort(rows, server.evaluations(name), export.code() == 0 ? trials : -1);
        samplerFailures += sorted.samplerFailures();
        issues.addAll(sorted.issues());
        logged.other().stream().limit(2).forEach(w -> issues.add("warning (not counted): " + w));
        List<String> kept =
                issues.size() > RealModelRun.MAX_ISSUES ? issues.subList(0, RealModelRun.MAX_ISSUES) : issues;
        return new RealModelRun(
                problem.name(),
                sampler.label(),
                seed,
                trials,
                batch,
                sorted.values(),
                sorted.complete(),
                sorted.modelFailures(),
                samplerFailures,
                logged.other().size(),
                run.code(),
                kept,
                wall);
    }

    /**
     * A study's trials sorted out against the model server's log.
     *
     * @param values each trial's loss by trial number, NaN where it has none
     * @param complete trials with a value
     * @param modelFailures trials the model failed
     * @param samplerFailures trials lost otherwise, plus one when the count differs from the budget
     * @param issues one line per sampler failure
     */
    record Trials(double[] values, int complete, int modelFailures, int samplerFailures, List<String> issues) {
        Trials {
            values = values.clone();
            issues = List.copyOf(issues);
        }

        /**
         * Sorts the exported trials.
         *
         * @param rows {@code paratune export --format json}'s trials
         * @param evaluated the model server's log lines by trial number
         * @param budget the trials asked for; negative: do not check the count
         */
        static Trials sort(List<JsonNode> rows, Map<Integer, JsonNode> evaluated, int budget) {
            int maxNumber =
                    rows.stream().mapToInt(r -> r.path("number").asInt()).max().orElse(-1);
            double[] values = new double[maxNumber + 1];
            Arrays.fill(values, Double.NaN);
            int complete = 0;
            int modelFailures = 0;
            List<String> issues = new ArrayList<>();
            for (JsonNode row : rows) {
                int number = row.path("number").asInt();
                String state = row.path("state").asText();
                JsonNode evaluation = evaluated.get(number);
                String problem = null;
                if (state.equals("COMPLETE")) {
                    double value = row.path("values").path(0).asDouble(Double.NaN);
                    values[number] = value;
                    complete++;
                    if (evaluation == null || !evaluation.has("value")) {
                        problem = "COMPLETE with value " + value + " but the model server did not evaluate it";
                    } else if (evaluation.path("value").asDouble() != value) {
                        problem = "stored value " + value + " differs from the evaluated "
                                + evaluation.path("value").asDouble();
                    }
                } else if (state.equals("FAIL")
                        && evaluation != null
                        && evaluation.path("kind").asText().equals("model")) {
                    modelFailures++;
                } else if (state.equals("FAIL")) {
                    problem = "FAIL: "
                            + (evaluation != null
                                    ? evaluation.path("error").asText()
                                    : row.path("failure_message").asText());
                } else {
                    problem = "left " + state;
                }
                if (problem != null) {
                    issues.add("trial " + number + " " + problem);
                }
            }
            int failures = issues.size();
            if (budget >= 0 && rows.size() != budget) {
                failures++;
                issues.add("the study has " + rows.size() + " trials, " + budget + " were asked for");
            }
            return new Trials(values, complete, modelFailures, failures, issues);
        }
    }

    /**
     * The warnings and errors in a debug-mode standard error ({@code java.util.logging} lines).
     *
     * @param sampler those naming a sampler or an exception: a sampler that threw, even where the
     *     study went on without it, is a failure of the suite
     * @param other the rest, reported but not counted (for example a heartbeat that found its trial
     *     already finished)
     */
    record Logged(List<String> sampler, List<String> other) {
        Logged {
            sampler = List.copyOf(sampler);
            other = List.copyOf(other);
        }

        static Logged of(String err) {
            List<String> sampler = new ArrayList<>();
            List<String> other = new ArrayList<>();
            for (String line : err.split("\n")) {
                if (line.startsWith("WARNING:") || line.startsWith("SEVERE:")) {
                    String lower = line.toLowerCase(Locale.ROOT);
                    (lower.contains("sampl") || lower.contains("exception") ? sampler : other).add(line.strip());
                }
            }
            return new Logged(sampler, other);
        }
    }

    /** The CLI's own error line ({@code paratune: ...}), else the last lines of its standard error. */
    static String errorLine(String err) {
        List<String> own = Arrays.stream(err.split("\n"))
                .filter(l -> l.startsWith("paratune: "))
                .toList();
        return own.isEmpty() ? lastLines(err, 3) : own.get(own.size() - 1);
    }

    private static String lastLines(String text, int n) {
        List<String> lines = Arrays.stream(text.strip().split("\n"))
                .filter(l -> !l.isBlank())
                .toList();
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    /** A finished paratune command. */
    record Outcome(int code, String out, String err) {}

    private static Outcome command(Setup setup, List<String> args, String name, Duration timeout)
            throws IOException, InterruptedException {
        List<String> words = new ArrayList<>(setup.cli());
        words.addAll(args);
        Path out = setup.workDir().resolve(name + ".out");
        Path err = setup.workDir().resolve(name + ".err");
        ProcessBuilder pb = new ProcessBuilder(words)
                .directory(setup.workDir().toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("PARATUNE_DEBUG", "1");
        Process p = pb.start();
        int code;
        if (p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            code = p.exitValue();
        } else {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor();
            code = 124;
            Files.writeString(
                    err,
                    String.format(Locale.ROOT, "%nstopped after %d s%n", timeout.toSeconds()),
                    StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND);
        }
        return new Outcome(
                code, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
