package io.paratune.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paratune.Direction;
import io.paratune.TrialState;
import io.paratune.storage.StudyInfo;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link JdbcStorage#openReadOnly} on PostgreSQL: it reads as a role that may only read, and creates nothing. */
class PostgresReadOnlyIT {
    private static final String READER = "paratune_reader";
    private static final String READER_PASSWORD = "r3ad-only";
    private static boolean readerCreated;

    private static synchronized void createReader() {
        if (!readerCreated) {
            TestPostgres.execute("CREATE ROLE " + READER + " LOGIN PASSWORD '" + READER_PASSWORD + "'");
            readerCreated = true;
        }
    }

    @Test
    void aRoleThatMayOnlyReadReadsTheStudyAndWritesAreRefused() {
        String url = TestPostgres.newUrl();
        String database = url.substring(url.lastIndexOf('/') + 1);
        try (JdbcStorage writer = JdbcStorage.open(url)) {
            StudyInfo info = writer.createStudy("shared", List.of(Direction.MINIMIZE), Instant.now());
            writer.createTrial(info.id(), TrialState.RUNNING, Map.of(), Instant.now());
        }
        createReader();
        TestPostgres.executeIn(database, "GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + READER);
        String readerUrl =
                "postgresql://" + READER + ":" + READER_PASSWORD + "@localhost:" + TestPostgres.port() + "/" + database;
        try (JdbcStorage reader = JdbcStorage.openReadOnly(readerUrl).orElseThrow()) {
            StudyInfo info = reader.findStudy("shared").orElseThrow();
            assertThat(reader.trials(info.id(), EnumSet.allOf(TrialState.class), 0))
                    .hasSize(1);
            assertThat(reader.url()).doesNotContain(READER_PASSWORD);
            assertThatThrownBy(() -> reader.createStudy("other", List.of(Direction.MINIMIZE), Instant.now()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("opened read-only");
        }
        try (JdbcStorage writable = JdbcStorage.open(readerUrl)) {
            assertThatThrownBy(() -> writable.createStudy("x", List.of(Direction.MINIMIZE), Instant.now()))
                    .as("the role really may only read")
                    .hasMessageContaining("permission denied");
        }
    }

    @Test
    void aDatabaseWithoutParatuneTablesIsEmptyAndGetsNone() {
        String database = TestPostgres.newDatabase();
        String url = "postgresql://postgres@localhost:" + TestPostgres.port() + "/" + database;
        assertThat(JdbcStorage.openReadOnly(url)).isEmpty();
        assertThat(TestPostgres.queryInt(
                        database, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"))
                .isZero();
    }
}
