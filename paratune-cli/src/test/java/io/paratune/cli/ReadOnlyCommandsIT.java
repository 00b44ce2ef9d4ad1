package io.paratune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands that only read create nothing, and read a read-only database file in a read-only folder. */
class ReadOnlyCommandsIT {
    @TempDir
    Path dir;

    private final ReadOnlyFiles locked = new ReadOnlyFiles();

    @AfterEach
    void unlock() {
        locked.undo();
    }

    private static List<String> files(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            // leaving out the output files of the commands the test ran (cli-N.out, cli-N.err)
            return s.map(p -> p.getFileName().toString())
                    .filter(f -> !f.matches("cli-[0-9]+\\.(out|err)"))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void aMissingDatabaseIsNamedWithTheFixAndNotCreated() throws Exception {
        String[][] commands = {
            {"studies", "list", "--storage", "sqlite:missing.db"},
            {"studies", "show", "--storage", "sqlite:missing.db", "--study", "s"},
            {"studies", "delete", "--storage", "sqlite:missing.db", "--study", "s", "--yes"},
            {"best", "--storage", "sqlite:missing.db", "--study", "s"},
            {"export", "--storage", "sqlite:missing.db", "--study", "s"},
            {"worker", "--storage", "sqlite:missing.db", "--study", "s"},
        };
        for (String[] c : commands) {
            Cli.Result r = Cli.run(dir, c);
            assertThat(r.code()).as(String.join(" ", c) + ": " + r.err()).isEqualTo(2);
            assertThat(r.err())
                    .as(String.join(" ", c))
                    .contains("no Paratune database at sqlite:missing.db")
                    .contains("run 'paratune run STUDY.yaml' first")
                    .hasLineCount(1);
            assertThat(files(dir)).as(String.join(" ", c)).noneMatch(f -> f.startsWith("missing.db"));
        }
    }

    @Test
    void aReadOnlyDatabaseInAReadOnlyFolderIsRead() throws Exception {
        Path study = Files.createDirectory(dir.resolve("study"));
        Cli.write(study, "study.yaml", """
                name: frozen
                search_space:
                  x: {type: int, low: 1, high: 3}
                command: [sh, -c, "echo paratune: value={x}"]
                trials: 3
                sampler: {name: random, options: {seed: 2}}
                """);
        Cli.Result run = Cli.run(study, "run", "study.yaml", "--no-progress");
        assertThat(run.code()).as(run.err()).isZero();
        Path db = study.resolve("paratune.db");
        Files.move(dir.resolve("study/paratune-logs"), dir.resolve("logs")); // the logs stay writable elsewhere
        assertThat(files(study)).containsExactly("paratune.db", "study.yaml");
        byte[] before = Files.readAllBytes(db);
        locked.make(db);
        locked.make(study);

        Cli.Result list = Cli.run(dir, "studies", "list", "--storage", "sqlite:" + db);
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out()).contains("frozen\t[MINIMIZE]\t3 complete\tbest");
        Cli.Result one = Cli.run(dir, "studies", "list", "--storage", "sqlite:" + db, "--study", "frozen");
        assertThat(one.code()).as(one.err()).isZero();
        assertThat(one.out().lines()).hasSize(1).first().asString().startsWith("frozen\t");
        Cli.Result unknown = Cli.run(dir, "studies", "list", "--storage", "sqlite:" + db, "--study", "thawed");
        assertThat(unknown.code()).isEqualTo(ExitCode.USAGE.code());
        assertThat(unknown.err()).contains("--study thawed: no such study").contains("leave out --study");
        Cli.Result show = Cli.run(dir, "studies", "show", "study/study.yaml");
        assertThat(show.code()).as(show.err()).isZero();
        assertThat(show.out()).contains("trials: 3 complete");
        Cli.Result best = Cli.run(dir, "best", "study/study.yaml");
        assertThat(best.code()).as(best.err()).isZero();
        assertThat(best.out()).startsWith("trial ").contains("value ");
        Cli.Result export = Cli.run(dir, "export", "study/study.yaml");
        assertThat(export.code()).as(export.err()).isZero();
        assertThat(export.out().lines()).hasSize(4);
        Cli.Result check = Cli.run(dir, "check", "study/study.yaml");
        assertThat(check.err()).contains("paratune.db is read-only");

        assertThat(files(study)).as("no -wal or -shm file appeared").containsExactly("paratune.db", "study.yaml");
        assertThat(Files.readAllBytes(db)).isEqualTo(before);
    }
}
