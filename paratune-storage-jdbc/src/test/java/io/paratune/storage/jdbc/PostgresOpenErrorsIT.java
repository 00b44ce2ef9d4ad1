package io.paratune.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paratune.Direction;
import io.paratune.StorageException;
import io.paratune.Study;
import io.paratune.StudyNotFoundException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each way to point a PostgreSQL URL at the wrong place gets one clear message, never the password. */
class PostgresOpenErrorsIT {
    @TempDir
    Path home;

    private static String userUrl(String password, String database) {
        return "postgresql://" + TestPostgres.USER + ":" + URLEncoder.encode(password, StandardCharsets.UTF_8)
                + "@localhost:" + TestPostgres.port() + "/" + database;
    }

    @Test
    void rightPasswordWithSpecialCharactersLogsIn() {
        try (JdbcStorage s = JdbcStorage.open(userUrl(TestPostgres.PASSWORD, TestPostgres.newDatabase()))) {
            s.createStudy("logged-in", List.of(Direction.MINIMIZE), Instant.now());
            assertThat(s.url()).contains(TestPostgres.USER + ":***@").doesNotContain("s3cret");
        }
    }

    @Test
    void wrongPassword() {
        String url = userUrl("wrong-secret", TestPostgres.newDatabase());
        assertThatThrownBy(() -> JdbcStorage.open(url))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("PostgreSQL refused the login")
                .hasMessageContaining("check the user and password")
                .message()
                .doesNotContain("wrong-secret");
    }

    /** The password-protected user's URL without a password, read with {@code env} (and HOME=the temp folder). */
    private JdbcStorage openWithEnv(String database, String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        String url = "postgresql://" + TestPostgres.USER + "@localhost:" + TestPostgres.port() + "/" + database;
        return JdbcStorage.open(StorageUrl.parse(url, env), Settings.DEFAULTS);
    }

    private Path pgpass(String line, String mode) throws IOException {
        Path file = home.resolve(".pgpass");
        Files.writeString(file, "# a comment\nlocalhost:1:*:*:wrong-port\n" + line + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    private static String escaped(String s) {
        return s.replace("\\", "\\\\").replace(":", "\\:");
    }

    @Test
    void pgPasswordFromTheEnvironmentLogsIn() {
        try (JdbcStorage s = openWithEnv(TestPostgres.newDatabase(), "PGPASSWORD", TestPostgres.PASSWORD)) {
            s.createStudy("env-password", List.of(Direction.MINIMIZE), Instant.now());
            assertThat(s.url())
                    .isEqualTo("postgresql://" + TestPostgres.USER + "@localhost:" + TestPostgres.port() + "/"
                            + s.url().substring(s.url().lastIndexOf('/') + 1));
        }
    }

    @Test
    void theDatabaseAndPortMayComeFromTheEnvironmentToo() {
        String db = TestPostgres.newDatabase();
        Map<String, String> env = Map.of(
                "HOME",
                home.toString(),
                "PGPASSWORD",
                TestPostgres.PASSWORD,
                "PGUSER",
                TestPostgres.USER,
                "PGPORT",
                Integer.toString(TestPostgres.port()),
                "PGDATABASE",
                db,
                "PGHOST",
                "localhost");
        try (JdbcStorage s = JdbcStorage.open(StorageUrl.parse("postgresql://", env), Settings.DEFAULTS)) {
            assertThat(s.studies()).isEmpty();
        }
    }

    @Test
    void aPasswordFileLineWithEscapedSeparatorsLogsIn() throws IOException {
        String db = TestPostgres.newDatabase();
        pgpass(
                "localhost:" + TestPostgres.port() + ":" + db + ":" + TestPostgres.USER + ":"
                        + escaped(TestPostgres.PASSWORD),
                "rw-------");
        try (JdbcStorage s = openWithEnv(db)) {
            s.createStudy("pgpass", List.of(Direction.MINIMIZE), Instant.now());
        }
    }

    @Test
    void noPasswordAnywhereSaysSoAndNotHostAndPort() {
        assertThatThrownBy(() -> openWithEnv(TestPostgres.newDatabase()))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining(
                        "PostgreSQL asks user " + TestPostgres.USER + " for a password and none was given")
                .hasMessageContaining("PGPASSWORD")
                .hasMessageContaining("~/.pgpass")
                .message()
                .doesNotContain("host and port")
                .doesNotContain("reach");
    }

    @Test
    void aPasswordFileOthersCanReadIsIgnoredAndTheMessageSaysWhy() throws IOException {
        String db = TestPostgres.newDatabase();
        Path file = pgpass("*:*:*:*:" + escaped(TestPostgres.PASSWORD), "rw-r--r--");
        assertThatThrownBy(() -> openWithEnv(db))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("none was given")
                .hasMessageContaining(file + " has group or world access, so it was ignored; run chmod 600")
                .message()
                .doesNotContain("s3cret");
    }

    @Test
    void aWrongPasswordFromTheEnvironmentNamesWhereItCameFrom() {
        assertThatThrownBy(() -> openWithEnv(TestPostgres.newDatabase(), "PGPASSWORD", "wrong-secret"))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("PostgreSQL refused the login of user " + TestPostgres.USER
                        + " with the password from PGPASSWORD")
                .message()
                .doesNotContain("wrong-secret")
                .doesNotContain("host and port");
    }

    @Test
    void serverNotReachable() throws IOException {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        assertThatThrownBy(() -> JdbcStorage.open("postgresql://u:pw@127.0.0.1:" + freePort + "/db"))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("cannot open storage postgresql://u:***@127.0.0.1:" + freePort + "/db")
                .hasMessageContaining("cannot reach the PostgreSQL server")
                .hasMessageContaining("check that it runs and that host and port in the URL are right");
    }

    @Test
    void unknownHost() {
        assertThatThrownBy(() -> JdbcStorage.open("postgresql://u:pw@no-such-host.invalid/db"))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("unknown host")
                .hasMessageContaining("check the host name");
    }

    @Test
    void databaseDoesNotExist() {
        String url = "postgresql://postgres@localhost:" + TestPostgres.port() + "/no_such_database";
        assertThatThrownBy(() -> JdbcStorage.open(url))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("the database does not exist")
                .hasMessageContaining("no_such_database")
                .hasMessageContaining("create it");
    }

    @Test
    void loadingAStudyThatDoesNotExistNamesItAndTheFix() {
        try (JdbcStorage storage = JdbcStorage.open(TestPostgres.newUrl())) {
            assertThatThrownBy(() ->
                            Study.builder().storage(storage).name("missing").load())
                    .isInstanceOf(StudyNotFoundException.class)
                    .hasMessage("study 'missing' does not exist; create it first or check the name and storage");
        }
    }
}
