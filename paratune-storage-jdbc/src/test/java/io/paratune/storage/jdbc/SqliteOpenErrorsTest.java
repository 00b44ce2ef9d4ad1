package io.paratune.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paratune.StorageException;
import io.paratune.Study;
import io.paratune.StudyNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each way to point a SQLite URL at the wrong place gets one clear message. */
class SqliteOpenErrorsTest {
    @TempDir
    Path dir;

    @Test
    void missingFolder() {
        Path file = dir.resolve("no/such/folder/study.db");
        assertThatThrownBy(() -> JdbcStorage.open("sqlite:" + file))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("the folder " + file.getParent() + " does not exist")
                .hasMessageContaining("mkdir -p");
        assertThat(file.getParent()).doesNotExist();
    }

    @Test
    void readOnlyFolder() throws IOException {
        Path folder;
        if ("root".equals(System.getProperty("user.name"))) {
            folder = Path.of("/proc"); // permissions do not stop root; /proc refuses new files even to root
        } else {
            folder = Files.createDirectory(dir.resolve("read-only"));
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
        }
        Path file = folder.resolve("paratune-study.db");
        assertThatThrownBy(() -> JdbcStorage.open("sqlite:" + file))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining(file.toString())
                .hasMessageMatching("(?s).*(is read-only|cannot create or write the file).*")
                .hasMessageContaining("choose another path");
        assertThat(file).doesNotExist();
    }

    @Test
    void pathIsAFolder() {
        assertThatThrownBy(() -> JdbcStorage.open("sqlite:" + dir))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining(dir + " is a folder; give a file path such as " + dir.resolve("study.db"));
    }

    @Test
    void parentIsAFile() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "hello");
        assertThatThrownBy(() -> JdbcStorage.open("sqlite:" + file.resolve("study.db")))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining(file + " is a file, not a folder");
    }

    @Test
    void fileThatIsNotADatabase() throws IOException {
        Path file = Files.writeString(dir.resolve("study.db"), "this is not a database, just text. ".repeat(100));
        assertThatThrownBy(() -> JdbcStorage.open("sqlite:" + file))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining(file + " is not a SQLite database");
        assertThat(Files.readString(file)).startsWith("this is not a database");
    }

    @Test
    void loadingAStudyThatDoesNotExistNamesItAndTheFix() {
        try (JdbcStorage storage = JdbcStorage.open("sqlite:" + dir.resolve("study.db"))) {
            assertThatThrownBy(() ->
                            Study.builder().storage(storage).name("missing").load())
                    .isInstanceOf(StudyNotFoundException.class)
                    .hasMessage("study 'missing' does not exist; create it first or check the name and storage");
        }
    }
}
