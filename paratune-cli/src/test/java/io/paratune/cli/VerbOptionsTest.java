package io.paratune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad options of create, ask, tell and enqueue: one line naming the option and the fix, exit code 2. */
class VerbOptionsTest {
    static Stream<Arguments> badOptions() {
        return Stream.of(
                Arguments.of(
                        new String[] {"ask", "s.yaml", "--format", "xml"},
                        "paratune: --format xml: unknown format (use json, env or shell)"),
                Arguments.of(
                        new String[] {"ask", "s.yaml", "--format", "jsno"},
                        "paratune: --format jsno: unknown format; did you mean 'json'?"),
                Arguments.of(
                        new String[] {"ask", "s.yaml", "-n", "0"},
                        "paratune: -n 0: ask between 1 and 1000 trials at once"),
                Arguments.of(
                        new String[] {"ask", "s.yaml", "-n", "2", "--format", "shell"},
                        "paratune: --format shell prints one trial, and -n is 2; use -n 1, or --format json"),
                Arguments.of(
                        new String[] {"ask"},
                        "paratune: no study given; pass a study file (STUDY.yaml), or"
                                + " --storage URL and --study NAME"),
                Arguments.of(
                        new String[] {"ask", "s.yaml", "--study", "x"},
                        "paratune: give a study file, or --storage URL with --study NAME, not both"),
                Arguments.of(new String[] {"ask", "--storage", "sqlite:x.db"}, "paratune: no study given"),
                Arguments.of(
                        new String[] {"tell", "s.yaml", "--trial", "1"},
                        "paratune: say how trial 1 ended: --value X (or --values a,b for several directions) for a"
                                + " result, or --state fail|pruned"),
                Arguments.of(
                        new String[] {"tell", "s.yaml", "--trial", "1", "--value", "1", "--state", "fail"},
                        "paratune: give only one of --value, --values and --state"),
                Arguments.of(
                        new String[] {"tell", "s.yaml", "--trial", "1", "--value", "1", "--message", "m"},
                        "paratune: --message is the reason of a failed trial; use it with --state fail"),
                Arguments.of(
                        new String[] {"tell", "s.yaml", "--trial", "1", "--state", "complete"},
                        "paratune: --state complete: give the result with --value X"),
                Arguments.of(
                        new String[] {"tell", "s.yaml", "--trial", "1", "--state", "faild"},
                        "paratune: --state faild: unknown state; did you mean 'fail'?"),
                Arguments.of(
                        new String[] {"tell", "s.yaml", "--value", "1"},
                        "paratune tell: Missing required option: '--trial=N'"),
                Arguments.of(
                        new String[] {"tell", "s.yaml", "--trial", "one", "--value", "1"},
                        "paratune tell: Invalid value for option '--trial': 'one' is not an int"),
                Arguments.of(
                        new String[] {"enqueue", "s.yaml"},
                        "paratune: give the configuration to enqueue: --params '{\"lr\": 0.01}' or -p lr=0.01"),
                Arguments.of(
                        new String[] {"enqueue", "s.yaml", "--params", "{\"a\": 1}", "-p", "a=1"},
                        "paratune: give --params or -p, not both"),
                Arguments.of(
                        new String[] {"enqueue", "s.yaml", "--params", "{\"a\": 1"},
                        "paratune: --params: not valid JSON at column"),
                Arguments.of(
                        new String[] {"enqueue", "s.yaml", "--params", "[1, 2]"},
                        "paratune: --params: expected a JSON object of parameter values such as '{\"lr\": 0.01}' (or a"
                                + " list of them), got 1"),
                Arguments.of(
                        new String[] {"enqueue", "s.yaml", "--params", "{\"a\": [1]}"},
                        "paratune: --params: parameter 'a' has the value [1]; give a number, string or boolean"),
                Arguments.of(
                        new String[] {"enqueue", "s.yaml", "-p", "lr"},
                        "paratune: -p lr: expected NAME=VALUE, e.g. -p lr=0.01"),
                Arguments.of(
                        new String[] {"enqueue", "s.yaml", "-p", "lr=1", "-p", "lr=2"},
                        "paratune: -p lr=2: parameter 'lr' is given twice; give it once"),
                Arguments.of(new String[] {"create"}, "paratune create: Missing required parameter: 'STUDY.yaml'"),
                Arguments.of(
                        new String[] {"create", "no-such-study.yaml"},
                        "paratune: no-such-study.yaml: no such study file"));
    }

    @ParameterizedTest
    @MethodSource("badOptions")
    void aBadOptionIsOneClearLineAndExitCodeTwo(String[] args, String expected) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(args, new PrintWriter(out), new PrintWriter(err), Map.of(), false);
        assertThat(code).as(err.toString()).isEqualTo(2);
        assertThat(err.toString())
                .startsWith(expected)
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        assertThat(err.toString().strip()).doesNotContain("\n");
        assertThat(out.toString()).isEmpty();
    }
}
