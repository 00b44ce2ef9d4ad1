package io.paratune.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return BenchMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void noCommandPrintsTheCommandListAndExitsWithUsage() {
        assertThat(run()).isEqualTo(BenchMain.USAGE);
        assertThat(err()).contains("overhead").contains("usage:");
    }

    @Test
    void unknownCommandNamesTheKnownOnes() {
        assertThat(run("qualty")).isEqualTo(BenchMain.USAGE);
        assertThat(err()).contains("unknown command 'qualty'; use one of [overhead, quality, ask-time, gp-time]");
    }

    @Test
    void badOptionPrintsOneLineAndTheUsageWithoutStackTrace() {
        assertThat(run("overhead", "--trials", "-3")).isEqualTo(BenchMain.USAGE);
        assertThat(err()).startsWith("overhead: --trials -3 is too small").contains("--warmup-seconds")
                .doesNotContain("Exception");
        assertThat(out()).isEmpty();
    }

    @Test
    void helpGoesToStandardOutput() {
        assertThat(run("overhead", "--help")).isZero();
        assertThat(out()).contains("--threads LIST");
    }

    @Test
    void overheadWritesOneJsonLinePerRepeatAndThreadCount(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("sub/overhead.jsonl");
        int code = run("overhead", "--threads", "1,2", "--trials", "400", "--repeats", "2", "--warmup-seconds", "0",
                "--out", file.toString());
        assertThat(code).as(err()).isZero();
        List<String> lines = out().lines().toList();
        assertThat(lines).hasSize(4).allMatch(l -> l.startsWith("{\"system\": \"paratune ")
                && l.contains("\"benchmark\": \"overhead\"") && l.contains("\"trials\": 400,")
                && l.contains("\"trials_per_second\": ") && l.contains("\"tell_us_p99\": "));
        assertThat(lines.get(0)).contains("\"threads\": 1,", "\"repeat\": 0,");
        assertThat(lines.get(3)).contains("\"threads\": 2,", "\"repeat\": 1,");
        assertThat(Files.readAllLines(file)).isEqualTo(lines);
        assertThat(err()).contains("threads=1: ", "threads=2: ", "study of 400 trials");
    }
}
