package io.paratune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code paratune run} checks everything {@code paratune check} checks before it creates anything:
 * a refused run leaves no database file and no log folder, and what check accepts runs.
 */
class RunValidationIT {
    private static final String STUDY = """
            name: %s
            search_space:
              x: {type: int, low: 1, high: 3}
            command: [sh, -c, "echo paratune: value={x}"]
            trials: 2
            """;

    @TempDir
    Path dir;

    private List<String> files() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            // leaving out the output files of the commands the test ran (cli-N.out, cli-N.err)
            return s.map(p -> p.getFileName().toString())
                    .filter(f -> !f.matches("cli-[0-9]+\\.(out|err)"))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void aRefusedRunCreatesNoDatabaseAndNoLogFolderAndCheckRefusesItToo() throws Exception {
        Cli.write(dir, "notes.txt", "a file where the log folder should go");
        String[][] cases = {
            {"cpus_per_trial: 100000\n", "cpus_per_trial=100000 but this machine has"},
            {"log_dir: notes.txt/logs\n", "notes.txt is a file, not a folder"},
            {"storage: mysql://u:hunter2@localhost/db\n", "unknown kind 'mysql'"},
        };
        for (String[] c : cases) {
            Cli.write(dir, "study.yaml", STUDY.formatted("refused") + c[0]);
            for (String command : new String[] {"check", "run"}) {
                Cli.Result r = Cli.run(dir, command, "study.yaml");
                assertThat(r.code()).as(command + " with " + c[0] + r.err()).isEqualTo(2);
                assertThat(r.err()).contains(c[1]).doesNotContain("hunter2").hasLineCount(1);
                assertThat(files()).as(command + " with " + c[0]).containsExactly("notes.txt", "study.yaml");
            }
        }
    }

    @Test
    void aThreeHundredCharacterNameRunsWhereCheckSaidOk() throws Exception {
        String name = "n".repeat(300);
        Cli.write(dir, "study.yaml", STUDY.formatted(name));
        Cli.Result check = Cli.run(dir, "check", "study.yaml");
        assertThat(check.code()).as(check.err()).isZero();
        Cli.Result run = Cli.run(dir, "run", "study.yaml", "--no-progress");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("2 trials (2 complete)");
        try (Stream<Path> logs = Files.list(dir.resolve("paratune-logs"))) {
            assertThat(logs.map(p -> p.getFileName().toString()))
                    .singleElement()
                    .asString()
                    .matches("n{40}-[0-9a-f]{8}");
        }
    }
}
