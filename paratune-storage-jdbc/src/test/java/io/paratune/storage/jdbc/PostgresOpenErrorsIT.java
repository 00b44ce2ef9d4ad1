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
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each way to point a PostgreSQL URL at the wrong place gets one clear message, never the password. */
class PostgresOpenErrorsIT {

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
                .message().doesNotContain("wrong-secret");
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
            assertThatThrownBy(() -> Study.builder().storage(storage).name("missing").load())
                    .isInstanceOf(StudyNotFoundException.class)
                    .hasMessage("study 'missing' does not exist; create it first or check the name and storage");
        }
    }
}
