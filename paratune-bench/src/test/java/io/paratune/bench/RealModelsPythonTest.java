package io.paratune.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real-model suite's checks that need python but no scikit-learn: real-models/test_problems.py,
 * and the command's refusals of bad input.
 */
class RealModelsPythonTest {
    static final String PYTHON = System.getProperty("paratune.python", "/usr/bin/python3");

    @Test
    void problemDefinitionsPassTheirPythonChecks() throws Exception {
        assumeTrue(
                Files.isExecutable(Path.of(PYTHON)),
                PYTHON + " is missing; the real-model suite needs Debian's"
                        + " python3 (set -Dparatune.python=PATH for another)");
        Process p = new ProcessBuilder(PYTHON, "real-models/test_problems.py")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("OK");
    }

    private static String refusal(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 5];
        all[0] = "real-models";
        all[1] = "--python";
        all[2] = PYTHON;
        all[3] = "--models-dir";
        all[4] = "real-models";
        System.arraycopy(args, 0, all, 5, args.length);
        int code = BenchMain.run(
                all,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(BenchMain.USAGE);
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void badProblemsAndReusedWorkFoldersAreRefusedBeforeAnythingRuns(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of(PYTHON)), PYTHON + " is missing");
        assertThat(refusal("--problems", "svm-digits,svm-digts"))
                .contains("--problems: 'svm-digts' is not a" + " problem; known: svm-digits, tree-breast-cancer,");
        Files.writeString(dir.resolve("paratune.db"), "");
        assertThat(refusal("--work", dir.toString())).contains("already holds paratune.db from an earlier run");
        assertThat(refusal("--samplers", "tpe+seed")).contains("option 'seed' needs a value");
    }
}
