package io.paratune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.paratune.storage.StudyInfo;
import io.paratune.storage.jdbc.JdbcStorage;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PostgreSQL study through the real command and a real, password-protected server: the password
 * comes from the environment as libpq users expect, and is never printed or stored.
 */
class PostgresEnvIT {
    private static final String STUDY = """
            name: %s
            storage: %s
            search_space:
              x: {type: int, low: 1, high: 3}
            command: [sh, -c, "echo paratune: value={x}"]
            trials: 2
            """;

    @TempDir
    Path dir;

    private Path home;
    private int runs;

    @BeforeEach
    void home() throws Exception {
        home = Files.createDirectory(dir.resolve("home"));
    }

    /** Runs paratune with none of the PG variables of the test's own environment, HOME at the temp folder, and {@code env}. */
    private Cli.Result run(Map<String, String> env, String... args) throws Exception {
        ProcessBuilder pb = Cli.builder(dir, Map.of(), args);
        for (String v : List.of("PGPASSWORD", "PGPASSFILE", "PGUSER", "PGHOST", "PGPORT", "PGDATABASE")) {
            pb.environment().remove(v);
        }
        pb.environment().put("HOME", home.toString());
        pb.environment().putAll(env);
        String name = "pg-" + (runs++);
        pb.redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile());
        return Cli.finish(pb.start(), dir, name);
    }

    private static String url(String password, String database) {
        return "postgresql://" + CliPostgres.USER
                + (password == null ? "" : ":" + URLEncoder.encode(password, StandardCharsets.UTF_8)) + "@localhost:"
                + CliPostgres.port() + "/"
                + database;
    }

    private static void assertNoPassword(Cli.Result r) {
        assertThat(r.out() + r.err())
                .doesNotContain(CliPostgres.PASSWORD)
                .doesNotContain(URLEncoder.encode(CliPostgres.PASSWORD, StandardCharsets.UTF_8));
    }

    @Test
    void pgPasswordLogsInAndAMissingOrWrongPasswordIsNamedNotBlamedOnHostAndPort() throws Exception {
        String db = CliPostgres.newDatabase();
        Cli.write(dir, "study.yaml", STUDY.formatted("env-password", url(null, db)));

        Cli.Result none = run(Map.of(), "run", "study.yaml", "--no-progress");
        assertThat(none.code()).as(none.err()).isEqualTo(2);
        assertThat(none.err())
                .contains("PostgreSQL asks user tuner for a password and none was given")
                .contains("PGPASSWORD")
                .doesNotContain("host and port")
                .hasLineCount(1);

        Cli.Result wrong = run(Map.of("PGPASSWORD", "not-it"), "run", "study.yaml", "--no-progress");
        assertThat(wrong.code()).as(wrong.err()).isEqualTo(2);
        assertThat(wrong.err())
                .contains("PostgreSQL refused the login of user tuner with the password from" + " PGPASSWORD")
                .doesNotContain("not-it")
                .doesNotContain("host and port");

        Cli.Result ok = run(Map.of("PGPASSWORD", CliPostgres.PASSWORD), "run", "study.yaml", "--no-progress");
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("2 trials (2 complete)");
        assertNoPassword(ok);
    }

    @Test
    void thePasswordFileLogsInWithLibpqsRulesAndIsIgnoredWhenOthersCanReadIt() throws Exception {
        String db = CliPostgres.newDatabase();
        Cli.write(dir, "study.yaml", STUDY.formatted("pgpass", url(null, db)));
        Path pgpass = home.resolve(".pgpass");
        Files.writeString(
                pgpass,
                "# host:port:database:user:password\n*:*:" + db + ":" + CliPostgres.USER + ":"
                        + CliPostgres.PASSWORD.replace("\\", "\\\\").replace(":", "\\:") + "\n");
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-r--r--"));
        Cli.Result ignored = run(Map.of(), "run", "study.yaml", "--no-progress");
        assertThat(ignored.code()).isEqualTo(2);
        assertThat(ignored.err())
                .contains("none was given")
                .contains(pgpass + " has group or world access, so it" + " was ignored; run chmod 600 " + pgpass);

        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-------"));
        Cli.Result ok = run(Map.of(), "run", "study.yaml", "--no-progress");
        assertThat(ok.code()).as(ok.err()).isZero();
        Cli.Result best = run(Map.of(), "best", "study.yaml");
        assertThat(best.code()).as(best.err()).isZero();
        assertNoPassword(best);
    }

    @Test
    void aPasswordInTheStudyFileIsNeitherPrintedNorStored() throws Exception {
        String db = CliPostgres.newDatabase();
        String secretUrl = url(CliPostgres.PASSWORD, db);
        Cli.write(dir, "study.yaml", STUDY.formatted("in-the-file", secretUrl));
        Cli.Result check = run(Map.of(), "check", "study.yaml");
        assertThat(check.code()).as(check.err()).isZero();
        assertThat(check.out()).contains("storage postgresql://tuner:***@localhost:" + CliPostgres.port() + "/" + db);
        assertNoPassword(check);

        Cli.Result ok = run(Map.of(), "run", "study.yaml", "--no-progress");
        assertThat(ok.code()).as(ok.err()).isZero();
        assertNoPassword(ok);
        for (String[] read : new String[][] {
            {"studies", "show", "study.yaml"}, {"export", "study.yaml"}, {"studies", "list", "--storage", secretUrl}
        }) {
            Cli.Result r = run(Map.of(), read);
            assertThat(r.code()).as(r.err()).isZero();
            assertNoPassword(r);
        }
        Map<String, String> env = new HashMap<>(System.getenv());
        try (JdbcStorage storage = JdbcStorage.open(secretUrl)) {
            StudyInfo info = storage.findStudy("in-the-file").orElseThrow();
            String stored = String.valueOf(storage.studyAttributes(info.id()).get("cli.study_file"));
            assertThat(stored)
                    .contains("storage: postgresql://tuner:***@localhost:" + CliPostgres.port() + "/" + db)
                    .doesNotContain(CliPostgres.PASSWORD)
                    .doesNotContain(URLEncoder.encode(CliPostgres.PASSWORD, StandardCharsets.UTF_8));
        }
        assertThat(env).isNotNull();
    }
}
