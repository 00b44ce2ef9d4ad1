package io.paratune.cli;

import io.paratune.Direction;
import io.paratune.storage.jdbc.JdbcStorage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A study file, read and checked: everything {@code paratune run} and {@code paratune worker} need
 * to run a study. Every bad setting is a {@link UserError} naming file, line, field and fix. The
 * objective, the GPUs and the paths have readers of their own ({@link ObjectiveFields}, {@link
 * GpuFields}, {@link StudyPaths}); the checks that span sections are here.
 *
 * @param file the study file (absolute), for messages and relative paths
 * @param text the file's text, stored with the study so workers can read the same settings
 * @param trials trials to run in all, counting earlier runs; 0 for no limit
 * @param timeout how long one run or worker may start trials; null for no limit
 * @param parallelism trials at once; 0 to take the number of GPU slots (or 1)
 * @param trialTimeout how long one trial may run; null for no limit
 * @param retries how often a failed trial is run again with the same parameters
 * @param gpus null for CPU only, an empty list for auto-detection, else the device ids
 * @param gpusPerTrial GPUs per trial: a whole number, or 1/k to share a GPU between k trials
 * @param cpusPerTrial CPUs per trial, 0 for no limit
 * @param killGrace how long a stopped trial process may take to exit before it is killed
 * @param heartbeatInterval how often a running trial's heartbeat is recorded
 * @param heartbeatGrace how long a trial may go without a heartbeat before it counts as lost (its
 *     worker died) and is failed and run again
 * @param maxInitialFailures how many trials may fail one after another, before any trial of the study
 *     succeeded, until the run stops; 0 never stops
 * @param loadIfExists whether a study of the same name started from another study file may be joined
 * @param paramsInCommand whether every parameter must appear in the command ({@code params_in_command:
 *     false} for a command that reads them from {@code PARATUNE_PARAMS})
 * @param enqueue configurations to enqueue once, when the study is created, each checked against the
 *     search space (see {@link ParamValues})
 */
record StudyConfig(
        Path file,
        String text,
        String name,
        String storage,
        List<Direction> directions,
        List<String> metrics,
        List<ParamSpec> params,
        CommandTemplate command,
        Path workdir,
        Map<String, String> env,
        int trials,
        Duration timeout,
        int parallelism,
        Duration trialTimeout,
        int retries,
        Components.Spec sampler,
        Components.Spec pruner,
        List<String> gpus,
        double gpusPerTrial,
        double cpusPerTrial,
        Path logDir,
        Duration killGrace,
        Duration heartbeatInterval,
        Duration heartbeatGrace,
        int maxInitialFailures,
        boolean loadIfExists,
        boolean paramsInCommand,
        List<Map<String, Object>> enqueue) {

    static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(10);
    static final Duration DEFAULT_HEARTBEAT_GRACE = Duration.ofMinutes(1);
    static final int DEFAULT_MAX_INITIAL_FAILURES = 5;

    /** Reads a study file from disk. */
    static StudyConfig load(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(abs)) {
            throw new UserError(file + ": no such study file; give the path of a study YAML file");
        }
        String text;
        try {
            text = Files.readString(abs, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserError(file + ": cannot read the study file (" + e.getMessage() + "); check its permissions");
        }
        return parse(text, abs);
    }

    /** Reads study-file text as if it were the file {@code file}. */
    static StudyConfig parse(String text, Path file) {
        String label = file.getFileName().toString();
        Yaml.Value root = Yaml.parse(text, label);
        Fields f = new Fields(root);
        Path dir = file.getParent();

        String name = f.requiredString("name", "my-study");
        if (name.length() > JdbcStorage.MAX_STUDY_NAME_LENGTH) {
            throw f.get("name")
                    .error("the name is " + name.length() + " characters long; the limit is "
                            + JdbcStorage.MAX_STUDY_NAME_LENGTH + ", choose a shorter name");
        }
        String storage = StudyPaths.storageUrl(f.string("storage", null), dir);
        List<Direction> directions = ObjectiveFields.directions(f);
        List<String> metrics = ObjectiveFields.metrics(f, directions.size());
        Yaml.Value spaceNode = f.get("search_space");
        if (spaceNode == null) {
            throw f.missing("search_space", "{lr: {type: float, low: 1.0e-5, high: 0.1, log: true}}");
        }
        List<ParamSpec> params = ParamSpec.readAll(spaceNode);
        Yaml.Value commandNode = f.get("command");
        if (commandNode == null) {
            throw f.missing("command", "python3 train.py --lr {lr}");
        }
        CommandTemplate command = CommandTemplate.read(commandNode);
        boolean paramsInCommand = f.bool("params_in_command", true);
        command.check(commandNode, params, paramsInCommand);
        List<Map<String, Object>> enqueue = enqueue(f.get("enqueue"), params);

        Path workdir = StudyPaths.workdir(f, dir, label);
        Map<String, String> env = env(f);
        int trials = Math.toIntExact(f.integer("trials", 0, 1));
        Duration timeout = f.duration("timeout", null);
        int parallelism = Math.toIntExact(f.integer("parallelism", 0, 1));
        Duration trialTimeout = f.duration("trial_timeout", null);
        int retries = Math.toIntExact(f.integer("retries", 0, 0));
        Components.Spec sampler =
                Components.readSpec(f.get("sampler"), "auto", Components.SAMPLERS.keySet(), "sampler");
        Components.Spec pruner = Components.readSpec(f.get("pruner"), "none", Components.PRUNERS.keySet(), "pruner");
        List<String> gpus = GpuFields.gpus(f);
        double gpusPerTrial = GpuFields.perTrial(f, gpus);
        double cpusPerTrial = f.number("cpus_per_trial", 0);
        if (cpusPerTrial < 0) {
            throw f.get("cpus_per_trial").error("must be 0 (no limit) or more, got " + cpusPerTrial);
        }
        Path logDir = dir.resolve(f.string("log_dir", "paratune-logs/" + StudyPaths.logFolder(name)))
                .normalize();
        Duration killGrace = f.duration("kill_grace", Duration.ofSeconds(5));
        Duration[] heartbeat = heartbeat(f);
        int maxInitialFailures = Math.toIntExact(f.integer("max_initial_failures", DEFAULT_MAX_INITIAL_FAILURES, 0));
        boolean loadIfExists = f.bool("load_if_exists", false);
        f.finish();

        if (trials == 0 && timeout == null && !sampler.name().equals("grid")) {
            throw new UserError(label + ": trials and timeout are both missing; add 'trials: 50' or"
                    + " 'timeout: 2h' (or both) so the study knows when to stop");
        }
        if (directions.size() > 1 && !pruner.name().equals("none")) {
            throw pruner.where()
                    .error("pruning needs a single objective, and this study has " + directions.size()
                            + " directions; use pruner: none");
        }
        StudyPaths.checkProgram(commandNode, command.words().get(0), workdir, env);
        StudyConfig config = new StudyConfig(
                file,
                text,
                name,
                storage,
                directions,
                metrics,
                params,
                command,
                workdir,
                env,
                trials,
                timeout,
                parallelism,
                trialTimeout,
                retries,
                sampler,
                pruner,
                gpus,
                gpusPerTrial,
                cpusPerTrial,
                logDir,
                killGrace,
                heartbeat[0],
                heartbeat[1],
                maxInitialFailures,
                loadIfExists,
                paramsInCommand,
                enqueue);
        Components.sampler(sampler, params, directions.size(), config.defaultSeed(), 0); // checks the options now
        Components.pruner(pruner);
        return config;
    }

    /** This configuration with other heartbeat settings (a worker's options). */
    StudyConfig withHeartbeat(Duration interval, Duration grace) {
        return new StudyConfig(
                file,
                text,
                name,
                storage,
                directions,
                metrics,
                params,
                command,
                workdir,
                env,
                trials,
                timeout,
                parallelism,
                trialTimeout,
                retries,
                sampler,
                pruner,
                gpus,
                gpusPerTrial,
                cpusPerTrial,
                logDir,
                killGrace,
                interval,
                grace,
                maxInitialFailures,
                loadIfExists,
                paramsInCommand,
                enqueue);
    }

    /**
     * Checks heartbeat settings: the grace period must be at least two intervals, so that one late
     * heartbeat never fails a trial whose worker is alive.
     *
     * @return null when they fit, else what is wrong and how to fix it
     */
    static String heartbeatProblem(Duration interval, Duration grace) {
        if (grace.compareTo(interval.multipliedBy(2)) < 0) {
            return "grace " + Durations.format(grace) + " must be at least twice the interval "
                    + Durations.format(interval) + ", so that a late heartbeat does not fail a live trial; for example"
                    + " heartbeat: {interval: 10s, grace: 1m}";
        }
        return null;
    }

    /**
     * Reads {@code enqueue:}, a list of configurations (parameter name to value), each checked
     * against the search space; a mistake names the entry's line and parameter.
     */
    private static List<Map<String, Object>> enqueue(Yaml.Value v, List<ParamSpec> params) {
        if (v == null) {
            return List.of();
        }
        if (!v.isList()) {
            throw v.error(
                    "expected a list of parameter maps, e.g. enqueue: [{lr: 0.001, layers: 2}], got " + v.shown());
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Yaml.Value entry : v.list()) {
            if (!entry.isMap()) {
                throw entry.error(
                        "expected a map of parameter values, e.g. {lr: 0.001, layers: 2}, got " + entry.shown());
            }
            Map<String, Object> given = new LinkedHashMap<>();
            entry.map().forEach((name, value) -> {
                if (value.isMap() || value.isList()) {
                    throw value.error("a parameter value must be a number, string or boolean, got " + value.shown());
                }
                given.put(name, value.value());
            });
            try {
                out.add(Collections.unmodifiableMap(ParamValues.check(given, params, false)));
            } catch (ParamValues.Problem p) {
                Yaml.Value at = p.param() != null && entry.map().containsKey(p.param())
                        ? entry.map().get(p.param())
                        : entry;
                throw at.error(p.getMessage());
            }
        }
        return List.copyOf(out);
    }

    private static Duration[] heartbeat(Fields root) {
        Yaml.Value v = root.get("heartbeat");
        if (v == null) {
            return new Duration[] {DEFAULT_HEARTBEAT_INTERVAL, DEFAULT_HEARTBEAT_GRACE};
        }
        if (!v.isMap()) {
            throw v.error("expected a map such as {interval: 10s, grace: 1m}, got " + v.shown());
        }
        Fields f = new Fields(v);
        Duration interval = f.duration("interval", DEFAULT_HEARTBEAT_INTERVAL);
        Duration grace = f.duration("grace", DEFAULT_HEARTBEAT_GRACE);
        f.finish();
        String problem = heartbeatProblem(interval, grace);
        if (problem != null) {
            Yaml.Value at = f.get("grace") != null ? f.get("grace") : f.get("interval");
            throw at.error(problem);
        }
        return new Duration[] {interval, grace};
    }

    /** The sampler seed when the file sets none: fixed per study name, so every worker agrees. */
    long defaultSeed() {
        return name.hashCode();
    }

    /**
     * The study-file text to keep with the study: the text with the password of its storage URL
     * masked, so that the database never holds it ({@code paratune worker} is given its own
     * {@code --storage}).
     */
    String storedText() {
        String masked = JdbcStorage.maskPassword(storage);
        if (masked.equals(storage)) {
            return text;
        }
        String[] lines = text.split("\n", -1);
        Yaml.Value at = Yaml.parse(text, file.getFileName().toString()).map().get("storage");
        int line = at == null ? 0 : at.line() - 1;
        if (line >= 0 && line < lines.length && lines[line].contains(storage)) {
            lines[line] = lines[line].replace(storage, masked);
            return String.join("\n", lines);
        }
        // written across lines or with escapes: mask every URL password of the text
        return JdbcStorage.maskPassword(text);
    }

    private static Map<String, String> env(Fields f) {
        Yaml.Value v = f.get("env");
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null) {
            return out;
        }
        if (!v.isMap()) {
            throw v.error("expected a map of variables, e.g. env: {PYTHONUNBUFFERED: \"1\"}");
        }
        v.map().forEach((k, value) -> {
            if (value.isMap() || value.isList()) {
                throw value.error("an environment variable needs a single value, got " + value.shown());
            }
            out.put(k, value.value() == null ? "" : String.valueOf(value.value()));
        });
        return out;
    }
}
