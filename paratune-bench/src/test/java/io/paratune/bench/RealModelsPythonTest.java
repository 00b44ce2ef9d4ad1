package io.paratune.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs the real-model suite's Python checks (real-models/test_problems.py; they need no scikit-learn). */
class RealModelsPythonTest {
    static final String PYTHON = System.getProperty("paratune.python", "/usr/bin/python3");

    @Test
    void problemDefinitionsPassTheirPythonChecks() throws Exception {
        assumeTrue(Files.isExecutable(Path.of(PYTHON)), PYTHON + " is missing; the real-model suite needs Debian's"
                + " python3 (set -Dparatune.python=PATH for another)");
        Process p = new ProcessBuilder(PYTHON, "real-models/test_problems.py").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("OK");
    }
}
