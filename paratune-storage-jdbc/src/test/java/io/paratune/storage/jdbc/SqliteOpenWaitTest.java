package io.paratune.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Opening a SQLite connection waits while the file is locked: the pragmas that open it run before
 * SQLite's own busy wait, so workers starting together on a new file would otherwise fail.
 */
class SqliteOpenWaitTest {

    private static Settings busyTimeout(Duration d) {
        return new Settings(1, Duration.ofSeconds(1), d, Duration.ZERO);
    }

    @Test
    void aLockedFileIsTriedAgainUntilItOpens() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        try (Connection c = DataSources.connectWaitingForLocks(
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
        assertThatThrownBy(() -> DataSources.connectWaitingForLocks(
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
        assertThatThrownBy(() -> DataSources.connectWaitingForLocks(
                        () -> {
                            throw new SQLiteException("database is locked", SQLiteErrorCode.SQLITE_BUSY);
                        },
                        busyTimeout(Duration.ofMillis(200))))
                .isInstanceOf(SQLiteException.class)
                .hasMessageContaining("locked");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }
}
