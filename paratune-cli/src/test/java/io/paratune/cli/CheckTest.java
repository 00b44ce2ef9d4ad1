package io.paratune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code paratune check} runs every check {@code paratune run} makes before it creates anything,
 * and creates nothing itself.
 */
class CheckTest {
    private static final String GOOD = """
            name: s
            search_space:
              lr: {type: float, low: 1.0e-5, high: 0.1, log: true}
              layers: {type: int, low: 1, high: 4}
              opt: {type: categorical, choices: [adam, sgd]}
              momentum: {type: float, low: 0.0, high: 0.99, when: {opt: sgd}}
            command: sh train.sh --lr {lr} --layers {layers} --opt {opt} --momentum={momentum} --trial {trial}
            trials: 5
            """;

    @TempDir
    Path dir;

    private final ReadOnlyFiles locked = new ReadOnlyFiles();

    @AfterEach
    void unlock() {
        locked.undo();
    }

    private record Outcome(int code, String out, String err) {}

    private Outcome check(String yaml) throws IOException {
        Files.writeString(dir.resolve("study.yaml"), yaml);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(
                new String[] {"check", dir.resolve("study.yaml").toString()},
                new PrintWriter(out),
                new PrintWriter(err),
                Map.of(),
                false);
        return new Outcome(code, out.toString(), err.toString());
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static Stream<Arguments> whatRunRefuses() {
        return Stream.of(
                Arguments.of(
                        "more CPUs per trial than the machine has",
                        GOOD + "cpus_per_trial: 100000\n",
                        "study.yaml: cpus_per_trial=100000 but this machine has "
                                + Runtime.getRuntime().availableProcessors() + " CPUs; lower cpus_per_trial"),
                Arguments.of(
                        "an unknown storage kind",
                        GOOD + "storage: mysql://u:hunter2@localhost/db\n",
                        "cannot open storage mysql://u:***@localhost/db: storage URL 'mysql://u:***@localhost/db':"
                                + " unknown kind 'mysql'"),
                Arguments.of(
                        "a SQLite folder that does not exist",
                        GOOD + "storage: sqlite:no/such/dir/x.db\n",
                        "/no/such/dir does not exist; create it"),
                Arguments.of(
                        "a log folder under a file",
                        GOOD + "log_dir: notes.txt/logs\n",
                        "log_dir: the trial logs cannot be written to " + "%DIR%/notes.txt/logs: %DIR%/notes.txt is"
                                + " a file, not a folder"),
                Arguments.of(
                        "a name over the storage's limit",
                        GOOD.replace("name: s", "name: " + "n".repeat(600)),
                        "study.yaml:1: name: the name is 600 characters long; the limit is 512"),
                Arguments.of(
                        "a log folder name over the file system's limit",
                        GOOD + "log_dir: " + "l".repeat(300) + "\n",
                        "is longer than 255 bytes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("whatRunRefuses")
    void checkRefusesWhatRunRefusesAndCreatesNothing(String what, String yaml, String expected) throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "a file where a folder should be");
        Outcome o = check(yaml);
        assertThat(o.code()).as(o.err()).isEqualTo(2);
        assertThat(o.err())
                .startsWith("paratune: ")
                .contains(expected.replace("%DIR%", dir.toString()))
                .doesNotContain("hunter2")
                .doesNotContain("\tat ");
        assertThat(o.err().strip()).doesNotContain("\n");
        assertThat(files()).containsExactly("notes.txt", "study.yaml");
    }

    @Test
    void aReadOnlyLogFolderIsRefused() throws IOException {
        Path logs = Files.createDirectory(dir.resolve("logs"));
        locked.make(logs);
        Outcome o = check(GOOD + "log_dir: logs/s\n");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err())
                .contains("log_dir: the trial logs cannot be written to " + logs.resolve("s") + ": " + logs
                        + " is not writable");
    }

    @Test
    void aGoodFileIsOkAndItsFirstCommandHasTheValuesFilledIn() throws IOException {
        Outcome o = check(GOOD);
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out())
                .contains("OK — study 's', 4 parameter(s), sampler auto, pruner none, storage sqlite:"
                        + dir.resolve("paratune.db") + " (new; run creates it)");
        assertThat(o.out()).contains("trial logs: " + dir.resolve("paratune-logs/s"));
        String first = o.out()
                .lines()
                .filter(l -> l.startsWith("first trial would run: "))
                .findFirst()
                .orElseThrow();
        assertThat(first)
                .doesNotContain("{")
                .doesNotContain("}")
                .matches("first trial would run: sh train\\.sh --lr [0-9.e-]+ --layers [1-4] --opt (adam|sgd)"
                        + "( --momentum=[0-9.]+)? --trial 0");
        assertThat(files()).containsExactly("study.yaml");
    }

    @Test
    void aStoredStudyIsCheckedAgainstTheFileAndAnOlderSchemaIsNoReasonToRefuse() throws Exception {
        try (io.paratune.storage.jdbc.JdbcStorage s =
                io.paratune.storage.jdbc.JdbcStorage.open("sqlite:" + dir.resolve("paratune.db"))) {
            s.createStudy("s", List.of(io.paratune.Direction.MAXIMIZE), java.time.Instant.now());
        }
        Outcome other = check(GOOD);
        assertThat(other.code()).isEqualTo(2);
        assertThat(other.err())
                .contains("study 's' exists in sqlite:" + dir.resolve("paratune.db")
                        + " with directions [MAXIMIZE], not [MINIMIZE]");

        Outcome same = check(GOOD.replace("name: s", "name: t"));
        assertThat(same.code()).as(same.err()).isZero();
        assertThat(same.out()).contains("(new study)");

        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("paratune.db"));
                java.sql.Statement st = c.createStatement()) {
            st.execute("UPDATE paratune_meta SET meta_value = '1' WHERE meta_key = 'schema_version'");
        }
        Outcome older = check(GOOD.replace("name: s", "name: t"));
        assertThat(older.code()).as(older.err()).isZero();
        assertThat(older.out()).contains("(written by an older Paratune; run upgrades it)");
    }

    @Test
    void aLongNameIsFineBecauseItsLogFolderIsShort() throws IOException {
        Outcome o = check(GOOD.replace("name: s", "name: " + "n".repeat(300)));
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).containsPattern("trial logs: .*/paratune-logs/n{40}-[0-9a-f]{8}\n");
    }

    @Test
    void thePasswordOfThePrintedStorageIsMasked() throws IOException {
        // an unreachable server: check fails, and neither message shows the password
        Outcome o = check(GOOD + "storage: postgresql://u:hunter2@127.0.0.1:1/db\n");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("postgresql://u:***@127.0.0.1:1/db").doesNotContain("hunter2");
    }
}
