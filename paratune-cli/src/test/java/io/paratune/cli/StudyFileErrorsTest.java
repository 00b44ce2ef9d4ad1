package io.paratune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad study file gives one line naming file, line, field, value and fix, and exit
 * code 2, through the same entry point as the real command.
 */
class StudyFileErrorsTest {
    private static final String GOOD = """
            name: s
            search_space:
              lr: {type: float, low: 1.0e-5, high: 0.1, log: true}
              layers: {type: int, low: 1, high: 4}
              opt: {type: categorical, choices: [adam, sgd]}
              momentum: {type: float, low: 0.0, high: 0.99, when: {opt: sgd}}
            command: sh train.sh --lr {lr} --layers {layers} --opt {opt} --momentum={momentum}
            trials: 5
            """;

    @TempDir
    Path dir;

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of(
                        "unknown key with a hint",
                        GOOD + "paralelism: 2\n",
                        "study.yaml:9: paralelism: unknown key 'paralelism'; did you mean 'parallelism'?"),
                Arguments.of(
                        "unknown key in a parameter",
                        GOOD.replace("log: true", "lgo: true"),
                        "study.yaml:3: search_space.lr.lgo: unknown key 'lgo'; did you mean 'log'?"),
                Arguments.of(
                        "wrong type",
                        GOOD.replace("trials: 5", "trials: many"),
                        "study.yaml:8: trials: expected a whole number, got \"many\""),
                Arguments.of(
                        "not a number",
                        GOOD.replace("high: 0.1", "high: 1e-3x"),
                        "search_space.lr.high: expected a number, got \"1e-3x\""),
                Arguments.of(
                        "range the wrong way round",
                        GOOD.replace("low: 1, high: 4", "low: 4, high: 1"),
                        "study.yaml:4: search_space.layers.low: low=4 is greater than high=1; swap low and high"),
                Arguments.of(
                        "log scale from zero",
                        GOOD.replace("low: 1.0e-5", "low: 0"),
                        "search_space.lr.low: low=0 must be > 0 with log: true"),
                Arguments.of(
                        "logit scale reaching 1",
                        GOOD.replace("low: 0.0, high: 0.99, when", "low: 0.5, high: 1.0, logit: true, when"),
                        "study.yaml:6: search_space.momentum.high: logit: true needs 0 < low and high < 1, got [0.5, 1];"
                                + " use bounds strictly inside (0, 1)"),
                Arguments.of(
                        "logit scale from zero",
                        GOOD.replace("high: 0.99, when", "high: 0.99, logit: true, when"),
                        "search_space.momentum.low: logit: true needs 0 < low and high < 1, got [0, 0.99]"),
                Arguments.of(
                        "log and logit together",
                        GOOD.replace("log: true}", "log: true, logit: true}"),
                        "search_space.lr.logit: log: true and logit: true cannot be combined"),
                Arguments.of(
                        "logit with a step",
                        GOOD.replace("low: 0.0, high: 0.99, when", "low: 0.1, high: 0.9, step: 0.1, logit: true, when"),
                        "search_space.momentum.step: step and logit: true cannot be combined; drop one"),
                Arguments.of(
                        "logit on an int",
                        GOOD.replace("low: 1, high: 4", "low: 1, high: 4, logit: true"),
                        "search_space.layers.logit: unknown key 'logit'"),
                Arguments.of(
                        "unknown type",
                        GOOD.replace("type: int", "type: itn"),
                        "search_space.layers.type: unknown value \"itn\"; did you mean 'int'?"),
                Arguments.of(
                        "placeholder without a parameter",
                        GOOD.replace("{layers} --opt", "{layres} --opt"),
                        "study.yaml:7: command: placeholder {layres} names no parameter; did you mean 'layers'?"),
                Arguments.of(
                        "parameter never used",
                        GOOD.replace(" --layers {layers}", ""),
                        "command: parameter 'layers' is never used in the command; add {layers}"),
                Arguments.of(
                        "conditional parameter after a separate flag",
                        GOOD.replace("--momentum={momentum}", "--momentum {momentum}"),
                        "write --momentum={momentum} so the flag is left out"),
                Arguments.of(
                        "condition on an unknown parameter",
                        GOOD.replace("when: {opt: sgd}", "when: {optim: sgd}"),
                        "parameter 'momentum' depends on 'optim', which is not defined above it; did you mean 'opt'?"),
                Arguments.of(
                        "condition on an impossible value",
                        GOOD.replace("when: {opt: sgd}", "when: {opt: sdg}"),
                        "\"sdg\" is not a possible value of 'opt'"),
                Arguments.of(
                        "command that does not exist",
                        GOOD.replace("sh train.sh", "no-such-program-xyz train.sh"),
                        "command: program 'no-such-program-xyz' was not found on PATH; install it, fix its name"),
                Arguments.of(
                        "script path that does not exist",
                        GOOD.replace("sh train.sh", "./train.sh"),
                        "command: program ./train.sh does not exist"),
                Arguments.of(
                        "workdir that does not exist",
                        GOOD + "workdir: no/such/dir\n",
                        "study.yaml:9: workdir: directory "),
                Arguments.of(
                        "unknown sampler",
                        GOOD + "sampler: tpee\n",
                        "study.yaml:9: sampler: unknown sampler \"tpee\"; did you mean 'tpe'?"),
                Arguments.of(
                        "unknown TPE bandwidth",
                        GOOD + "sampler: {name: tpe, options: {bandwidth: scot}}\n",
                        "sampler.options.bandwidth: unknown value \"scot\"; did you mean 'scott'?"),
                Arguments.of(
                        "negative auto switch time",
                        GOOD + "sampler: {name: auto, options: {switch_after: -5s}}\n",
                        "sampler.options.switch_after"),
                Arguments.of(
                        "unknown pruner option",
                        GOOD + "pruner: {name: median, options: {startup_trial: 3}}\n",
                        "pruner.options.startup_trial: unknown key 'startup_trial'; did you mean 'startup_trials'?"),
                Arguments.of(
                        "bad sampler option value",
                        GOOD + "sampler: {name: cmaes, options: {restart: ipopp}}\n",
                        "sampler.options.restart: unknown value \"ipopp\"; did you mean 'ipop'?"),
                Arguments.of(
                        "grid over a continuous parameter",
                        GOOD + "sampler: grid\n",
                        "the grid sampler needs finitely many values of 'lr'"),
                Arguments.of(
                        "fractional GPU share that is not 1/k",
                        GOOD + "gpus: [0]\ngpus_per_trial: 0.3\n",
                        "gpus_per_trial: gpus_per_trial=0.3 must be a whole number (1, 2, ...) or a fraction 1/k"),
                Arguments.of(
                        "GPUs per trial without GPUs",
                        GOOD + "gpus_per_trial: 2\n",
                        "study.yaml:9: gpus_per_trial: gpus_per_trial needs GPUs, and this study has none; add 'gpus:"
                                + " auto'"),
                Arguments.of(
                        "heartbeat grace shorter than two intervals",
                        GOOD + "heartbeat: {interval: 10s, grace: 15s}\n",
                        "study.yaml:9: heartbeat.grace: grace 15.0 s must be at least twice the interval 10.0 s,"
                                + " so that a late heartbeat does not fail a live trial"),
                Arguments.of(
                        "heartbeat as a single value",
                        GOOD + "heartbeat: 10s\n",
                        "study.yaml:9: heartbeat: expected a map such as {interval: 10s, grace: 1m}, got \"10s\""),
                Arguments.of(
                        "heartbeat key misspelt",
                        GOOD + "heartbeat: {intervall: 5s}\n",
                        "heartbeat.intervall: unknown key 'intervall'; did you mean 'interval'?"),
                Arguments.of(
                        "heartbeat interval not a duration",
                        GOOD + "heartbeat: {interval: soon}\n",
                        "heartbeat.interval: expected a duration, got \"soon\""),
                Arguments.of(
                        "negative initial failures",
                        GOOD + "max_initial_failures: -1\n",
                        "study.yaml:9: max_initial_failures: must be at least 0, got -1"),
                Arguments.of(
                        "load_if_exists not a boolean",
                        GOOD + "load_if_exists: maybe\n",
                        "study.yaml:9: load_if_exists: expected true or false, got \"maybe\""),
                Arguments.of(
                        "no stopping rule",
                        GOOD.replace("trials: 5\n", ""),
                        "trials and timeout are both missing; add 'trials: 50' or 'timeout: 2h'"),
                Arguments.of(
                        "bad duration",
                        GOOD + "trial_timeout: 10 minutes\n",
                        "trial_timeout: expected a duration, got \"10 minutes\""),
                Arguments.of(
                        "duplicate key",
                        GOOD + "trials: 6\n",
                        "study.yaml:9: trials: the key appears twice (first on line 8); keep one"),
                Arguments.of("YAML syntax", GOOD + "env: [a\n", "study.yaml:10: not valid YAML"),
                Arguments.of(
                        "missing command",
                        GOOD.replace("command:", "comand:"),
                        "study.yaml:7: comand: unknown key 'comand'; did you mean 'command'?"),
                Arguments.of(
                        "reduction factor below two",
                        GOOD + "pruner: {name: asha, options: {min_resource: 3, reduction_factor: 1}}\n",
                        "pruner.options.reduction_factor: "),
                Arguments.of(
                        "hyperband with max below min",
                        GOOD + "pruner: {name: hyperband, options: {min_resource: 9, max_resource: 3}}\n",
                        "pruner hyperband: "),
                Arguments.of(
                        "unknown asha option",
                        GOOD + "pruner: {name: asha, options: {eta: 3}}\n",
                        "pruner.options.eta: unknown key 'eta'"),
                Arguments.of(
                        "gp reference point with one objective",
                        GOOD + "sampler: {name: gp, options: {reference_point: [1, 2]}}\n",
                        "study.yaml:9: sampler.options.reference_point: a reference point needs several objectives"),
                Arguments.of(
                        "gp reference point of the wrong length",
                        GOOD + "directions: [minimize, maximize]\n"
                                + "sampler: {name: gp, options: {reference_point: [1]}}\n",
                        "reference_point: expected a list of 2 numbers, one per direction, got 1 value(s); write for"
                                + " example [1.0, 1.0]"),
                Arguments.of(
                        "gp ehvi beyond three objectives",
                        GOOD + "directions: [minimize, minimize, minimize,"
                                + " minimize]\nsampler: {name: gp, options: {multi_objective: ehvi}}\n",
                        "sampler.options.multi_objective: ehvi takes 2 or 3 directions and this study has 4; use"
                                + " multi_objective: chebyshev"),
                Arguments.of(
                        "gp exploitation out of range",
                        GOOD + "directions: [minimize, maximize]\n"
                                + "sampler: {name: gp, options: {exploitation: 1.5}}\n",
                        "sampler gp: exploitation=1.5 must be in [0, 1]"),
                Arguments.of(
                        "gp trust region threshold below one",
                        GOOD + "sampler: {name: gp, options: {trust_region_above: 0}}\n",
                        "sampler.options.trust_region_above"),
                Arguments.of(
                        "gp threads below one",
                        GOOD + "sampler: {name: gp, options: {threads: 0}}\n",
                        "sampler.options.threads"),
                Arguments.of(
                        "gp max observations below the model's least",
                        GOOD + "sampler: {name: gp, options: {max_observations: 10}}\n",
                        "sampler.options.max_observations"),
                Arguments.of(
                        "gp prior mean misspelt",
                        GOOD + "sampler: {name: gp, options: {prior_mean: quadratc}}\n",
                        "sampler.options.prior_mean: unknown value \"quadratc\"; did you mean 'quadratic'?"),
                Arguments.of(
                        "parameter never used names the flag that allows it",
                        GOOD.replace(" --layers {layers}", ""),
                        "or set params_in_command: false if the command reads its parameters from PARATUNE_PARAMS"),
                Arguments.of(
                        "params_in_command not a boolean",
                        GOOD + "params_in_command: env\n",
                        "study.yaml:9: params_in_command: expected true or false, got \"env\""),
                Arguments.of(
                        "params_in_command: false keeps unknown placeholders an error",
                        GOOD.replace("{layers} --opt", "{layres} --opt") + "params_in_command: false\n",
                        "study.yaml:7: command: placeholder {layres} names no parameter; did you mean 'layers'?"),
                Arguments.of(
                        "enqueue not a list",
                        GOOD + "enqueue: {lr: 0.01}\n",
                        "study.yaml:9: enqueue: expected a list of parameter maps, e.g. enqueue: [{lr: 0.001,"
                                + " layers: 2}]"),
                Arguments.of(
                        "enqueue entry not a map",
                        GOOD + "enqueue: [0.01]\n",
                        "study.yaml:9: enqueue[0]: expected a map of parameter values"),
                Arguments.of(
                        "enqueue with an unknown parameter",
                        GOOD + "enqueue:\n  - {lrr: 0.01, layers: 2, opt: adam}\n",
                        "study.yaml:10: enqueue[0].lrr: unknown parameter 'lrr'; did you mean 'lr'? (the search space"
                                + " has lr, layers, opt, momentum)"),
                Arguments.of(
                        "enqueue outside the range",
                        GOOD + "enqueue:\n  - {lr: 0.5, layers: 2, opt: adam}\n",
                        "study.yaml:10: enqueue[0].lr: parameter 'lr': value 0.5 is outside [1.0E-5, 0.1]"),
                Arguments.of(
                        "enqueue with a missing parameter",
                        GOOD + "enqueue:\n  - {lr: 0.01, opt: sgd}\n",
                        "study.yaml:10: enqueue[0]: missing parameters layers, momentum (as opt is sgd); give a value"
                                + " for each parameter of the search space"),
                Arguments.of(
                        "enqueue with a parameter its condition excludes",
                        GOOD + "enqueue:\n  - {lr: 0.01, layers: 2, opt: adam, momentum: 0.5}\n",
                        "enqueue[0].momentum: parameter 'momentum' exists only when opt is sgd, and this"
                                + " configuration has opt = adam; leave 'momentum' out"),
                Arguments.of(
                        "enqueue with a wrong type",
                        GOOD + "enqueue:\n  - {lr: 0.01, layers: two, opt: adam}\n",
                        "enqueue[0].layers: parameter 'layers': \"two\" is not a whole number; give an integer of"
                                + " int [1, 4]"),
                Arguments.of(
                        "enqueue off the grid",
                        GOOD.replace("low: 1, high: 4}", "low: 1, high: 5, step: 2}")
                                + "enqueue:\n  - {lr: 0.01, layers: 2, opt: adam}\n",
                        "enqueue[0].layers: parameter 'layers': value 2 is not an integer of [1, 5] on step 2"),
                Arguments.of(
                        "enqueue with a choice that does not exist",
                        GOOD + "enqueue:\n  - {lr: 0.01, layers: 2, opt: adma}\n",
                        "enqueue[0].opt: parameter 'opt': \"adma\" is not one of its choices [adam, sgd]; did you"
                                + " mean 'adam'?"),
                Arguments.of(
                        "enqueue with a list as a value",
                        GOOD + "enqueue:\n  - {lr: [0.01], layers: 2, opt: adam}\n",
                        "study.yaml:10: enqueue[0].lr: a parameter value must be a number, string or boolean"),
                Arguments.of(
                        "pruning with several objectives",
                        GOOD + "directions: [minimize, maximize]\npruner: median\n",
                        "pruning needs a single objective"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void aBadStudyFileIsOneClearLineAndExitCodeTwo(String what, String yaml, String expected) throws Exception {
        Files.writeString(dir.resolve("study.yaml"), yaml);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(
                new String[] {"check", dir.resolve("study.yaml").toString()},
                new PrintWriter(out),
                new PrintWriter(err),
                Map.of(),
                false);
        assertThat(code).as(err.toString()).isEqualTo(2);
        assertThat(err.toString())
                .startsWith("paratune: ")
                .contains(expected)
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        assertThat(err.toString().strip()).doesNotContain("\n");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void theGoodFileIsAccepted() throws Exception {
        assertThat(checkAccepts(GOOD)).contains("OK — study 's', 4 parameter(s), sampler auto, pruner none");
    }

    @Test
    void aFractionOnTheLogitScaleIsAccepted() throws Exception {
        assertThat(checkAccepts(GOOD.replace("low: 0.0, high: 0.99, when", "low: 0.01, high: 0.99, logit: true, when")))
                .contains("OK — study 's', 4 parameter(s)");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {
                "{name: asha, options: {min_resource: 3, reduction_factor: 3}}",
                "{name: hyperband, options: {min_resource: 1, max_resource: 27, reduction_factor: 3}}",
                "{name: threshold, options: {upper: 10.0, warmup_steps: 1}}",
                "{name: patient, options: {patience: 2}}"
            })
    void everyPrunerOfTheLibraryCanBeNamed(String pruner) throws Exception {
        assertThat(checkAccepts(GOOD + "pruner: " + pruner + "\n"))
                .contains("pruner " + pruner.substring(7, pruner.indexOf(',')));
    }

    @Test
    void aCommandThatReadsParatuneParamsMayLeaveParametersOut() throws Exception {
        assertThat(checkAccepts(GOOD.replace(" --layers {layers}", "").replace(" --lr {lr}", "")
                        + "params_in_command: false\n"))
                .contains("OK — study 's', 4 parameter(s)");
    }

    @Test
    void enqueueTakesCompleteConfigurationsOfTheSearchSpace() throws Exception {
        assertThat(checkAccepts(GOOD + "enqueue:\n  - {lr: 0.01, layers: 2, opt: adam}\n"
                        + "  - {lr: 1.0e-3, layers: 4.0, opt: sgd, momentum: 0.9}\n"))
                .contains("OK — study 's'");
        StudyConfig c = StudyConfig.parse(
                GOOD + "enqueue:\n  - {lr: 0.01, layers: 2, opt: adam}\n"
                        + "  - {lr: 1.0e-3, layers: 4.0, opt: sgd, momentum: 0.9}\n",
                dir.resolve("study.yaml"));
        assertThat(c.enqueue())
                .containsExactly(
                        Map.of("lr", 0.01, "layers", 2L, "opt", "adam"),
                        Map.of("lr", 1.0e-3, "layers", 4L, "opt", "sgd", "momentum", 0.9));
    }

    @Test
    void aMultiObjectiveStudyMayUseNsgaII() throws Exception {
        assertThat(checkAccepts(GOOD + "directions: [minimize, maximize]\n"
                        + "sampler: {name: nsga2, options: {population_size: 16, crossover_probability: 0.8}}\n"))
                .contains("sampler nsga2");
    }

    @Test
    void aMultiObjectiveStudyMayUseTheGpWithItsMultiObjectiveOptions() throws Exception {
        assertThat(checkAccepts(GOOD + "directions: [minimize, maximize]\n"
                        + "sampler: {name: gp, options: {reference_point: [1.0, 0.0], deterministic: true,"
                        + " prior_mean: quadratic, exploitation: 0.875, multi_objective: ehvi}}\n"))
                .contains("sampler gp");
    }

    @Test
    void aGpStudyMaySetItsTrustRegionThreshold() throws Exception {
        assertThat(checkAccepts(GOOD + "sampler: {name: gp, options: {trust_region_above: 500}}\n"))
                .contains("sampler gp");
    }

    /** Runs {@code paratune check} on a study file with this text, asserts exit code 0; returns stdout. */
    private String checkAccepts(String yaml) throws Exception {
        Files.writeString(dir.resolve("study.yaml"), yaml);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(
                new String[] {"check", dir.resolve("study.yaml").toString()},
                new PrintWriter(out),
                new PrintWriter(err),
                Map.of(),
                false);
        assertThat(code).as(err.toString()).isZero();
        return out.toString();
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {
                "",
                "run",
                "worker",
                "studies",
                "studies list",
                "studies show",
                "studies delete",
                "best",
                "export",
                "check",
                "create",
                "ask",
                "tell",
                "enqueue"
            })
    void everyCommandHasHelp(String command) {
        StringWriter out = new StringWriter();
        String[] args = (command + " --help").strip().split(" ");
        int code = Main.execute(args, new PrintWriter(out), new PrintWriter(new StringWriter()), Map.of(), false);
        assertThat(code).isZero();
        assertThat(out.toString()).startsWith("Usage: paratune").contains("--help");
    }

    @Test
    void badCommandLineOptionsAreOneLineWithExitCodeTwo() {
        StringWriter err = new StringWriter();
        int code = Main.execute(
                new String[] {"run", "--trails", "5", "x.yaml"},
                new PrintWriter(new StringWriter()),
                new PrintWriter(err),
                Map.of(),
                false);
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown options: '--trails'").contains("paratune run --help");
        StringWriter err2 = new StringWriter();
        int code2 = Main.execute(
                new String[] {"export", "--storage", "sqlite:" + dir.resolve("x.db"), "--study", "s", "--format", "xml"
                },
                new PrintWriter(new StringWriter()),
                new PrintWriter(err2),
                Map.of(),
                false);
        assertThat(code2).isEqualTo(2);
        assertThat(err2.toString()).contains("--format xml: unknown format (use csv or json)");
    }
}
