package io.paratune.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paratune.StorageException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteBusyWaitTest {
    @TempDir
    Path dir;

    @Test
    void retriesWithShortPausesUntilTheTimeoutThenGivesUp() {
        SqliteBusyWait wait = SqliteBusyWait.forTest(Duration.ofMillis(60));
        long start = System.nanoTime();
        int tries = 0;
        while (wait.callback(tries) != 0) {
            tries++;
        }
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(elapsedMillis).isBetween(60L, 2_000L);
        assertThat(tries).as("it tried again, and not in one long sleep").isGreaterThan(1);
    }

    @Test
    void pausesStartAtATenthOfAMillisecondAndNeverExceedTwo() {
        assertThat(SqliteBusyWait.pauseCeilingNanos(0)).isEqualTo(100_000L);
        assertThat(SqliteBusyWait.pauseCeilingNanos(3)).isEqualTo(100_000L);
        assertThat(SqliteBusyWait.pauseCeilingNanos(4)).isEqualTo(200_000L);
        long total = 0;
        for (int tries = 0; tries < 1_000; tries++) {
            long pause = SqliteBusyWait.pauseCeilingNanos(tries);
            assertThat(pause).isBetween(100_000L, 2_000_000L);
            if (tries > 0) {
                assertThat(pause).isGreaterThanOrEqualTo(SqliteBusyWait.pauseCeilingNanos(tries - 1));
            }
            total += tries < 20 ? pause : 0;
        }
        assertThat(total)
                .as("the first 20 pauses together (so a 60 ms wait tries more than 20 times)")
                .isEqualTo(12_400_000L);
    }

    @Test
    void aNewWaitStartsItsOwnClock() {
        SqliteBusyWait wait = SqliteBusyWait.forTest(Duration.ofMillis(30));
        int tries = 0;
        while (wait.callback(tries) != 0) {
            tries++;
        }
        assertThat(wait.callback(0)).as("first call of the next wait").isEqualTo(1);
    }

    @Test
    void aStorageWaitsForAnotherProcessesWriteLockAndReportsItAfterTheBusyTimeout() throws Exception {
        Path file = dir.resolve("busy.db");
        Settings settings = new Settings(2, Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ZERO);
        try (JdbcStorage storage = JdbcStorage.open(StorageUrl.parse("sqlite:" + file), settings);
                Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = other.createStatement()) {
            s.execute("BEGIN IMMEDIATE"); // as another process would hold the write lock
            long start = System.nanoTime();
            assertThatThrownBy(() -> storage.createStudy(
                            "locked", java.util.List.of(io.paratune.Direction.MINIMIZE), java.time.Instant.now()))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("create study 'locked'");
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(elapsedMillis).isBetween(300L, 5_000L);
            s.execute("COMMIT");
            assertThat(storage.createStudy(
                                    "free", java.util.List.of(io.paratune.Direction.MINIMIZE), java.time.Instant.now())
                            .name())
                    .isEqualTo("free");
        }
    }
}
