package io.paratune.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Opening a SQLite connection waits while the file is locked: the pragmas that open it run before
 * SQLite's own busy wait, so workers starting together on a new file would otherwise fail.
 */
class SqliteOpenWaitTest {
    @TempDir
    Path dir;

    private static Settings busyTimeout(Duration d) {
        return new Settings(1, Duration.ofSeconds(1), d, Duration.ZERO);
    }

    @Test
    void aLockedFileIsTriedAgainUntilItOpens() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        try (Connection c = Database.connectWaitingForLocks(
                () -> {
                    if (tries.incrementAndGet() <= 3) {
                        throw new SQLiteException("database is locked", SQLiteErrorCode.SQLITE_BUSY);
                    }
                    return DriverManager.getConnection("jdbc:sqlite::memory:");
                },
                busyTimeout(Duration.ofSeconds(5)))) {
            assertThat(c.isValid(1)).isTrue();
        }
        assertThat(tries).hasValue(4);
    }

    @Test
    void anotherFailureIsNotTriedAgain() {
        AtomicInteger tries = new AtomicInteger();
        assertThatThrownBy(() -> Database.connectWaitingForLocks(
                        () -> {
                            tries.incrementAndGet();
                            throw new SQLiteException("unable to open", SQLiteErrorCode.SQLITE_CANTOPEN);
                        },
                        busyTimeout(Duration.ofSeconds(5))))
                .isInstanceOf(SQLiteException.class);
        assertThat(tries).hasValue(1);
    }

    @Test
    void aFileLockedForLongerThanTheBusyTimeoutFails() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> Database.connectWaitingForLocks(
                        () -> {
                            throw new SQLiteException("database is locked", SQLiteErrorCode.SQLITE_BUSY);
                        },
                        busyTimeout(Duration.ofMillis(200))))
                .isInstanceOf(SQLiteException.class)
                .hasMessageContaining("locked");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void manyStoragesOpeningOneNewFileAtOnceAllSucceed() throws Exception {
        Path file = dir.resolve("crowd.db");
        List<JdbcStorage> opened = new ArrayList<>();
        try {
            JdbcBehaviour.runConcurrently(12, i -> {
                JdbcStorage s = JdbcStorage.open("sqlite:" + file);
                synchronized (opened) {
                    opened.add(s);
                }
                return null;
            });
            assertThat(opened).hasSize(12);
        } finally {
            opened.forEach(JdbcStorage::close);
        }
    }
}
