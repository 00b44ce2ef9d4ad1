package io.paratune.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paratune.Direction;
import io.paratune.StorageException;
import io.paratune.TrialState;
import io.paratune.storage.StudyInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link JdbcStorage#openReadOnly} on a SQLite file: it reads, and creates and changes nothing. */
class SqliteReadOnlyTest {
    @TempDir
    Path dir;

    private final ReadOnlyFiles locked = new ReadOnlyFiles();

    @AfterEach
    void unlock() {
        locked.undo();
    }

    private Path studyFile() {
        Path file = dir.resolve("study.db");
        try (JdbcStorage s = JdbcStorage.open("sqlite:" + file)) {
            StudyInfo info = s.createStudy("read-me", List.of(Direction.MINIMIZE), Instant.now());
            s.createTrial(info.id(), TrialState.RUNNING, Map.of(), Instant.now());
        }
        return file;
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aMissingFileIsEmptyAndNotCreated() throws IOException {
        assertThat(JdbcStorage.openReadOnly("sqlite:" + dir.resolve("none.db"))).isEmpty();
        assertThat(files()).isEmpty();
    }

    @Test
    void aFileWithoutParatuneTablesIsEmptyAndStaysAsItWas() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.db"));
        assertThat(JdbcStorage.openReadOnly("sqlite:" + empty)).isEmpty();
        assertThat(files()).containsExactly("empty.db");
        assertThat(Files.size(empty)).isZero();
    }

    @Test
    void itReadsWithoutCreatingWalOrShmFilesAndRefusesWrites() throws IOException {
        Path file = studyFile();
        assertThat(files()).containsExactly("study.db");
        FileTime modified = Files.getLastModifiedTime(file);
        byte[] bytes = Files.readAllBytes(file);
        try (JdbcStorage s = JdbcStorage.openReadOnly("sqlite:" + file).orElseThrow()) {
            StudyInfo info = s.findStudy("read-me").orElseThrow();
            assertThat(s.trials(info.id(), java.util.EnumSet.allOf(TrialState.class), 0))
                    .hasSize(1);
            assertThatThrownBy(() -> s.createStudy("new", List.of(Direction.MINIMIZE), Instant.now()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("opened read-only");
            assertThat(files()).containsExactly("study.db");
        }
        assertThat(files()).containsExactly("study.db");
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(modified);
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
    }

    @Test
    void aReadOnlyFileAndFolderCanBeRead() throws IOException {
        Path file = studyFile();
        locked.make(file);
        locked.make(dir);
        assertThat(Files.isWritable(file)).isFalse();
        try (JdbcStorage s = JdbcStorage.openReadOnly("sqlite:" + file).orElseThrow()) {
            assertThat(s.studies()).extracting(StudyInfo::name).containsExactly("read-me");
        }
        assertThat(files()).containsExactly("study.db");
    }

    @Test
    void whileAWriterHasTheFileOpenItReadsWhatTheWriterCommitted() {
        Path file = studyFile();
        try (JdbcStorage writer = JdbcStorage.open("sqlite:" + file)) {
            writer.createStudy("second", List.of(Direction.MAXIMIZE), Instant.now());
            try (JdbcStorage reader = JdbcStorage.openReadOnly("sqlite:" + file).orElseThrow()) {
                assertThat(reader.studies()).extracting(StudyInfo::name).containsExactly("read-me", "second");
                writer.createStudy("third", List.of(Direction.MAXIMIZE), Instant.now());
                assertThat(reader.studies()).extracting(StudyInfo::name).contains("third");
            }
        }
    }

    @Test
    void aWriterThatOpensTheFileWhileItIsReadIsSeen() {
        Path file = studyFile();
        try (JdbcStorage reader = JdbcStorage.openReadOnly("sqlite:" + file).orElseThrow()) {
            assertThat(reader.studies()).hasSize(1);
            try (JdbcStorage writer = JdbcStorage.open("sqlite:" + file)) {
                writer.createStudy("second", List.of(Direction.MAXIMIZE), Instant.now());
                // the read notices the writer's log and reads again with shared locks
                assertThat(reader.findStudy("second")).isPresent();
            }
            assertThat(reader.studies()).extracting(StudyInfo::name).containsExactly("read-me", "second");
        }
    }

    @Test
    void anOlderSchemaIsNotUpgradedButNamed() throws Exception {
        Path file = studyFile();
        try (JdbcStorage s = JdbcStorage.open("sqlite:" + file);
                java.sql.Connection c = s.database().unpooledDataSource().getConnection();
                java.sql.Statement st = c.createStatement()) {
            st.execute("UPDATE paratune_meta SET meta_value = '1' WHERE meta_key = 'schema_version'");
        }
        assertThatThrownBy(() -> JdbcStorage.openReadOnly("sqlite:" + file))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("schema version 1, written by an older Paratune")
                .hasMessageContaining("Open it once for writing");
    }

    @Test
    void aFolderIsNamed() {
        assertThatThrownBy(() -> JdbcStorage.openReadOnly("sqlite:" + dir))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining(dir + " is a folder");
    }
}
