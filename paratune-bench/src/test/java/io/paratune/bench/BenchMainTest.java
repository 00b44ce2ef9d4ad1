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
        return BenchMain.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Every command, in the order of the list; the scripts and docs/benchmarks.md use these names. */
    private static final List<String> COMMANDS = List.of(
            "overhead",
            "quality",
            "ask-time",
            "gp-time",
            "hv-time",
            "mo-quality",
            "storage",
            "storage-worker",
            "postgres-server",
            "record-curves",
            "early-stopping",
            "real-models",
            "real-models-table",
            "large",
            "help");

    @Test
    void noCommandPrintsTheCommandListAndExitsWithUsage() {
        assertThat(run()).isEqualTo(BenchMain.USAGE);
        assertThat(err()).startsWith("Usage: paratune-bench [-hV] [COMMAND]").contains("  quality ");
        assertThat(out()).isEmpty();
    }

    @Test
    void helpListsEveryCommandWithItsOneLineDescription() {
        assertThat(run("--help")).isZero();
        var commands = BenchMain.commandLine(System.out, System.err).getSubcommands();
        assertThat(commands.keySet()).containsExactlyElementsOf(COMMANDS);
        List<String> listed = out().lines()
                .dropWhile(l -> !l.equals("Commands:"))
                .skip(1)
                .takeWhile(l -> !l.isBlank())
                .toList();
        assertThat(listed).hasSize(COMMANDS.size());
        for (int i = 0; i < COMMANDS.size(); i++) {
            var usage = commands.get(COMMANDS.get(i)).getCommandSpec().usageMessage();
            String description = usage.header().length > 0 ? usage.header()[0] : usage.description()[0];
            assertThat(listed.get(i).trim().split("\\s+", 2))
                    .as("the command list names each command with the first line of its description")
                    .containsExactly(COMMANDS.get(i), description);
        }
        assertThat(err()).isEmpty();
    }

    @Test
    void aCommandsHelpListsItsOptionsWithTheirDefaults() {
        assertThat(run("quality", "--help")).isZero();
        String help = out();
        assertThat(help)
                .startsWith("Usage: paratune-bench quality ")
                .contains("--sampler=NAME", "--config=NAME", "--function=LIST", "--mode=LIST", "--seeds=RANGE")
                .contains("--budget=N", "evaluations per run (default: 64, the protocol's)")
                .contains("--out=FILE", "(default: 0-9)");
        out.reset();
        assertThat(run("help", "quality")).isZero();
        assertThat(out()).isEqualTo(help);
    }

    @Test
    void hvTimePrintsOneLinePerCaseWithTheExactVolume() {
        assertThat(run("hv-time", "--objectives", "2,4", "--points", "1,40", "--repeats", "1"))
                .isEqualTo(BenchMain.OK);
        String[] lines = out().strip().split("\n");
        assertThat(lines).hasSize(4);
        // one point on the unit sphere: its box up to (1.1, 1.1)
        java.util.List<double[]> one = HvTimeCommand.sphere(2, 1);
        double box = (1.1 - one.get(0)[0]) * (1.1 - one.get(0)[1]);
        assertThat(lines[0])
                .contains(
                        "\"objectives\": 2",
                        "\"points\": 1",
                        String.format(java.util.Locale.ROOT, "\"hypervolume\": %.9f", box)
                                .replaceAll("0+$", ""));
        assertThat(lines[3]).contains("\"objectives\": 4", "\"points\": 40", "median_ms");
        assertThat(HvTimeCommand.sphere(3, 50))
                .allMatch(p -> Math.abs(p[0] * p[0] + p[1] * p[1] + p[2] * p[2] - 1) < 1e-12);
    }

    @Test
    void unknownCommandNamesTheKnownOnes() {
        assertThat(run("qualty", "--sampler", "tpe")).isEqualTo(BenchMain.USAGE);
        assertThat(err())
                .isEqualTo("paratune-bench: unknown command 'qualty'; use one of " + String.join(", ", COMMANDS)
                        + "; see 'paratune-bench --help'\n");
        assertThat(out()).isEmpty();
    }

    @Test
    void badOptionValueIsOneLineNamingTheOptionTheValueAndTheFix() {
        assertThat(run("overhead", "--trials", "-3")).isEqualTo(BenchMain.USAGE);
        assertThat(err())
                .isEqualTo("paratune-bench overhead: --trials -3 is too small; give a whole number >= 1;"
                        + " see 'paratune-bench overhead --help'\n");
        assertThat(out()).isEmpty();
    }

    @Test
    void unknownOptionIsAUsageErrorNamingTheOption() {
        assertThat(run("quality", "--sampler", "tpe", "--seed", "3")).isEqualTo(BenchMain.USAGE);
        assertThat(err())
                .startsWith("paratune-bench quality: unknown option --seed; known options: --sampler, --config,")
                .contains("--seeds");
        assertThat(out()).isEmpty();
    }

    @Test
    void aFailingBenchmarkExitsOneWithItsError(@TempDir Path dir) throws IOException {
        Path results = dir.resolve("results.jsonl");
        Files.writeString(results, "not json\n");
        assertThat(run("real-models-table", "--results", results.toString())).isEqualTo(BenchMain.FAILED);
        assertThat(err()).startsWith("paratune-bench real-models-table failed: reading " + results);
    }

    @Test
    void overheadWritesOneJsonLinePerRepeatAndThreadCount(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("sub/overhead.jsonl");
        int code = run(
                "overhead",
                "--threads",
                "1,2",
                "--trials",
                "400",
                "--repeats",
                "2",
                "--warmup-seconds",
                "0",
                "--out",
                file.toString());
        assertThat(code).as(err()).isZero();
        List<String> lines = out().lines().toList();
        assertThat(lines)
                .hasSize(4)
                .allMatch(l -> l.startsWith("{\"system\": \"paratune ")
                        && l.contains("\"benchmark\": \"overhead\"")
                        && l.contains("\"trials\": 400,")
                        && l.contains("\"trials_per_second\": ")
                        && l.contains("\"tell_us_p99\": "));
        assertThat(lines.get(0)).contains("\"threads\": 1,", "\"repeat\": 0,");
        assertThat(lines.get(3)).contains("\"threads\": 2,", "\"repeat\": 1,");
        assertThat(Files.readAllLines(file)).isEqualTo(lines);
        assertThat(err()).contains("threads=1: ", "threads=2: ", "study of 400 trials");
    }

    @Test
    void storageWorkerNeedsItsOptions() {
        assertThat(run("storage-worker", "--study", "s")).isEqualTo(BenchMain.USAGE);
        assertThat(err())
                .startsWith("paratune-bench storage-worker: --url URL and --result FILE are missing; give them;");
    }

    @Test
    void storageMeasuresWorkerProcessesOnSqliteAndAskTime(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("storage.jsonl");
        int code = run(
                "storage",
                "--backends",
                "sqlite",
                "--processes",
                "1,2",
                "--trials",
                "30",
                "--ask-at",
                "0,20",
                "--ask-samples",
                "3",
                "--dir",
                dir.resolve("work").toString(),
                "--out",
                file.toString());
        assertThat(code).as(err()).isZero();
        List<String> lines = out().lines().toList();
        assertThat(lines).hasSize(2 + 4);
        assertThat(lines.subList(0, 2))
                .allMatch(l -> l.contains("\"benchmark\": \"storage\"")
                        && l.contains("\"mode\": \"throughput\"")
                        && l.contains("\"backend\": \"sqlite\"")
                        && l.contains("\"trials\": 30,")
                        && l.contains("\"trials_per_second\": "));
        assertThat(lines.get(0)).contains("\"processes\": 1,");
        assertThat(lines.get(1)).contains("\"processes\": 2,");
        assertThat(lines.subList(2, 6))
                .allMatch(l -> l.contains("\"mode\": \"ask-time\"") && l.contains("\"samples\": 3,"));
        assertThat(lines.get(2)).contains("\"finished_trials\": 0,", "\"sampler\": \"random\"");
        assertThat(lines.get(5))
                .contains("\"finished_trials\": 20,", "\"sampler\": \"history\"", "\"cold_ask_suggest_us\": ");
        assertThat(Files.readAllLines(file)).isEqualTo(lines);
        assertThat(err()).contains("throughput sqlite processes=2 x threads=1: 30 trials");
        try (var left = Files.list(dir.resolve("work"))) {
            assertThat(left.filter(p -> p.toString().endsWith(".db")))
                    .as("databases removed")
                    .isEmpty();
        }
    }
}
