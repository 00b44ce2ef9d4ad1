package io.paratune.storage.jdbc;

import io.paratune.storage.Storage;
import io.paratune.testkit.StorageContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** A SQLite file against the shared storage contract. */
class SqliteStorageTest extends StorageContract {
    @TempDir
    Path dir;

    @Override
    protected Storage newStorage() {
        return JdbcStorage.open("sqlite:" + dir.resolve("study.db"));
    }
}
