package io.paratune.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OverheadCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** The one line of a usage error of {@code overhead ARGS}, after checking its exit code and silence on stdout. */
    private String refusal(String... args) {
        out.reset();
        err.reset();
        String[] all = new String[args.length + 1];
        all[0] = "overhead";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = BenchMain.run(
                all,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(BenchMain.USAGE);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        String text = err.toString(StandardCharsets.UTF_8);
        assertThat(text.lines()).hasSize(1);
        assertThat(text).startsWith("paratune-bench overhead: ").endsWith("; see 'paratune-bench overhead --help'\n");
        return text;
    }

    @Test
    void defaultsMeasureOneAndTwoThreadsOnStudiesOfFiftyThousandTrials() {
        OverheadCommand o = CommandLines.parse("overhead");
        assertThat(o.threads).containsExactly(1, 2);
        assertThat(o.trials).isEqualTo(50_000);
        assertThat(o.seconds).isEqualTo(60);
        assertThat(o.repeats).isEqualTo(5);
        assertThat(o.warmupSeconds).isEqualTo(5);
        assertThat(o.params).isEqualTo(10);
        assertThat(o.seed).isZero();
        assertThat(o.outFile).isNull();
    }

    @Test
    void parsesEveryOptionInBothSpellings() {
        OverheadCommand o = CommandLines.parse(
                "overhead",
                "--threads",
                "4,1",
                "--trials=1000",
                "--seconds",
                "2.5",
                "--repeats",
                "3",
                "--warmup-seconds=0",
                "--params",
                "3",
                "--seed",
                "-7",
                "--out",
                "r/o.jsonl");
        assertThat(o.threads).containsExactly(4, 1);
        assertThat(o.trials).isEqualTo(1000);
        assertThat(o.seconds).isEqualTo(2.5);
        assertThat(o.repeats).isEqualTo(3);
        assertThat(o.warmupSeconds).isZero();
        assertThat(o.params).isEqualTo(3);
        assertThat(o.seed).isEqualTo(-7);
        assertThat(o.outFile).isEqualTo(Path.of("r/o.jsonl"));
    }

    @Test
    void unknownOptionNamesTheKnownOnes() {
        assertThat(refusal("--thread", "2"))
                .contains("unknown option --thread; known options: --threads, --trials, --seconds,")
                .doesNotContain("--help,");
    }

    @Test
    void badValuesNameTheOptionTheValueAndTheFix() {
        assertThat(refusal("--threads", "1,x")).contains("--threads 'x' is not an integer; give a whole number >= 1");
        assertThat(refusal("--threads", "0")).contains("--threads 0 is too small; give a whole number >= 1");
        assertThat(refusal("--threads", "2,2")).contains("--threads 2,2 lists 2 twice; list each value once");
        assertThat(refusal("--trials", "0")).contains("--trials 0 is too small");
        assertThat(refusal("--seconds", "NaN")).contains("--seconds NaN is out of range; give a number >= 0.001");
        assertThat(refusal("--seconds", "soon")).contains("--seconds 'soon' is not a number; give a number >= 0.001");
        assertThat(refusal("--seed", "1.5")).contains("--seed '1.5' is not an integer; give a whole number;");
        assertThat(refusal("--out", " ")).contains("--out is blank");
    }

    @Test
    void missingRepeatedAndPositionalArgumentsAreUsageErrors() {
        assertThat(refusal("--trials")).contains("--trials needs a value, as in --trials N");
        assertThat(refusal("--trials", "--repeats", "2")).contains("--trials needs a value");
        assertThat(refusal("--trials", "5", "--trials=6")).contains("--trials is given twice; give it once");
        assertThat(refusal("1000")).contains("unexpected argument '1000'; options look like --name value");
    }
}
