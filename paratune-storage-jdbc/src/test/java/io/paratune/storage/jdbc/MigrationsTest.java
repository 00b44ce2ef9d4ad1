package io.paratune.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paratune.Direction;
import io.paratune.FrozenTrial;
import io.paratune.StorageException;
import io.paratune.TrialState;
import io.paratune.storage.StudyInfo;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schema versions on SQLite: older files open and upgrade, newer ones are refused untouched. */
class MigrationsTest {
    @TempDir
    Path dir;

    /**
     * A library user without an SLF4J provider must not get Flyway's INFO lines on stderr, as
     * Flyway's own fallback to {@code java.util.logging} printed them on every first open.
     */
    @Test
    void flywayLogsThroughSlf4jOnly() {
        try (JdbcStorage storage = JdbcStorage.open("sqlite:" + dir.resolve("logs.db"))) {
            assertThat(Migrations.flyway(storage.database()).getConfiguration().getLoggers())
                    .containsExactly("slf4j");
        }
    }

    @Test
    void latestIsTheNewestMigrationScript() throws IOException, URISyntaxException {
        URL folder = getClass().getClassLoader().getResource("io/paratune/storage/jdbc/migration");
        assertThat(folder).isNotNull();
        Pattern script = Pattern.compile("V(\\d+)__\\w+\\.sql");
        List<Integer> versions = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
            files.forEach(f -> {
                Matcher m = script.matcher(f.getFileName().toString());
                assertThat(m.matches())
                        .as("migration file name %s", f.getFileName())
                        .isTrue();
                versions.add(Integer.parseInt(m.group(1)));
            });
        }
        assertThat(versions).hasSize(Migrations.LATEST);
        assertThat(versions.stream().mapToInt(Integer::intValue).max().orElse(0))
                .isEqualTo(Migrations.LATEST);
    }

    @Test
    void everyOlderSchemaVersionHasACommittedFileThatOpens() throws Exception {
        for (int version = 1; version <= Migrations.LATEST; version++) {
            Path file = copyAsset(version);
            try (JdbcStorage s = JdbcStorage.open("sqlite:" + file)) {
                StudyInfo study = s.findStudy("upgrade").orElseThrow();
                assertThat(study.created()).isEqualTo(UpgradeAssets.T0);
                assertThat(s.studyAttributes(study.id()))
                        .containsEntry("search_space", Map.of("x", List.of(-1.0, 1.0)));
                List<FrozenTrial> trials = s.trials(study.id());
                assertThat(trials)
                        .extracting(FrozenTrial::state)
                        .containsExactly(TrialState.COMPLETE, TrialState.FAIL, TrialState.RUNNING, TrialState.WAITING);
                FrozenTrial done = trials.get(0);
                assertThat(done.params())
                        .containsExactly(Map.entry("x", 0.5), Map.entry("n", 3L), Map.entry("opt", "adam"));
                assertThat(done.value()).isEqualTo(0.25);
                assertThat(done.intermediateValues()).containsExactly(Map.entry(0, 0.9));
                assertThat(done.userAttributes()).containsEntry("host", "node-1");
                assertThat(trials.get(1).failureMessage()).isEqualTo("boom");
                assertThat(trials.get(3).systemAttributes()).containsEntry("fixed_params", Map.of("x", 0.0));

                // the study goes on where it stopped, with what newer schemas added
                assertThat(s.recordHeartbeat(trials.get(2).id(), Instant.now())).isTrue();
                assertThat(s.claimWaitingTrial(study.id(), Instant.now()))
                        .map(FrozenTrial::number)
                        .contains(3);
                assertThat(s.createTrial(study.id(), TrialState.RUNNING, Map.of(), Instant.now())
                                .number())
                        .isEqualTo(4);
                assertThat(s.nextSequenceValue(study.id(), "grid")).isEqualTo(1);
            }
            assertThat(schemaVersion(file)).isEqualTo(Migrations.LATEST);
        }
    }

    @Test
    void aNewerSchemaIsRefusedWithoutTouchingTheFile() throws Exception {
        Path file = dir.resolve("newer.db");
        try (JdbcStorage s = JdbcStorage.open("sqlite:" + file)) {
            s.createStudy("from-the-future", List.of(Direction.MINIMIZE), Instant.now());
        }
        int newer = Migrations.LATEST + 1;
        sql(file, "UPDATE paratune_meta SET meta_value = '" + newer + "' WHERE meta_key = 'schema_version'");
        sql(file, "CREATE TABLE paratune_future (x INTEGER)");

        assertThatThrownBy(() -> JdbcStorage.open("sqlite:" + file))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("has schema version " + newer + ", written by a newer Paratune")
                .hasMessageContaining("up to " + Migrations.LATEST)
                .hasMessageContaining("Upgrade Paratune");
        assertThat(schemaVersion(file)).isEqualTo(newer);
    }

    @Test
    void reopeningDoesNotMigrateAgain() throws Exception {
        Path file = dir.resolve("twice.db");
        JdbcStorage.open("sqlite:" + file).close();
        JdbcStorage.open("sqlite:" + file).close();
        assertThat(count(file, "SELECT COUNT(*) FROM " + Migrations.HISTORY_TABLE + " WHERE success = 1"))
                .isEqualTo(Migrations.LATEST);
    }

    @Test
    void storagesOpeningANewFileAtOnceAllSucceed() throws Exception {
        Path file = dir.resolve("racing.db");
        List<JdbcStorage> opened = new ArrayList<>();
        try {
            // as many as workers starting together on a new file (see DataSources.connectWaitingForLocks)
            JdbcBehaviour.runConcurrently(12, i -> {
                JdbcStorage s = JdbcStorage.open("sqlite:" + file);
                synchronized (opened) {
                    opened.add(s);
                }
                return null;
            });
            assertThat(opened).hasSize(12);
            long study = opened.get(0)
                    .createStudy("shared", List.of(Direction.MINIMIZE), Instant.now())
                    .id();
            assertThat(opened.get(11).study(study).name()).isEqualTo("shared");
        } finally {
            opened.forEach(JdbcStorage::close);
        }
        assertThat(schemaVersion(file)).isEqualTo(Migrations.LATEST);
    }

    private Path copyAsset(int version) throws IOException {
        Path file = dir.resolve(UpgradeAssets.fileName(version));
        try (InputStream in = getClass().getResourceAsStream("upgrade/" + UpgradeAssets.fileName(version))) {
            assertThat(in).as("committed file of schema version %d", version).isNotNull();
            Files.copy(in, file);
        }
        return file;
    }

    private static int schemaVersion(Path file) throws SQLException {
        return count(file, "SELECT CAST(meta_value AS INTEGER) FROM paratune_meta WHERE meta_key = 'schema_version'");
    }

    private static int count(Path file, String query) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(query)) {
            r.next();
            return r.getInt(1);
        }
    }

    private static void sql(Path file, String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
