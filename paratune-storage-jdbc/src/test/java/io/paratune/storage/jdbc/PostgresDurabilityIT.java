package io.paratune.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.paratune.Direction;
import io.paratune.FrozenTrial;
import io.paratune.TrialState;
import io.paratune.space.FloatDistribution;
import io.paratune.storage.StudyInfo;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL, writes during a trial commit without waiting for the disk, and finishing a trial
 * waits until it, with everything written before it, is flushed: read from the server's WAL
 * positions, with the server committing synchronously by default (as in production) and its WAL
 * writer slowed down so that nothing else flushes in between.
 */
class PostgresDurabilityIT {

    @BeforeEach
    void productionCommitsAndASlowWalWriter() {
        TestPostgres.execute("ALTER SYSTEM SET synchronous_commit = on");
        TestPostgres.execute("ALTER SYSTEM SET wal_writer_delay = '10s'");
        TestPostgres.execute("SELECT pg_reload_conf()");
    }

    @AfterEach
    void restore() {
        TestPostgres.execute("ALTER SYSTEM RESET synchronous_commit");
        TestPostgres.execute("ALTER SYSTEM RESET wal_writer_delay");
        TestPostgres.execute("SELECT pg_reload_conf()");
    }

    /** The WAL insert position now, and whether everything up to {@code lsn} is flushed. */
    private static String[] wal(String lsn) {
        try (Connection c = TestPostgres.server().getPostgresDatabase().getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT pg_current_wal_insert_lsn()::text, pg_current_wal_flush_lsn() >= '"
                        + (lsn == null ? "0/0" : lsn) + "'::pg_lsn")) {
            r.next();
            return new String[] {r.getString(1), String.valueOf(r.getBoolean(2))};
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aTrialsWritesWaitForTheDiskOnlyWhenItFinishes() {
        try (JdbcStorage s = JdbcStorage.open(TestPostgres.newUrl())) {
            StudyInfo study = s.createStudy("durable", List.of(Direction.MINIMIZE), Instant.now());
            FrozenTrial t = s.createTrial(study.id(), TrialState.RUNNING, Map.of(), Instant.now());
            s.setParam(t.id(), "x", 0.5, FloatDistribution.of("x", 0, 1));
            String afterParam = wal(null)[0];
            assertThat(wal(afterParam)[1])
                    .as("the parameter's commit is not flushed yet")
                    .isEqualTo("false");

            FrozenTrial done = s.finishTrial(t.id(), TrialState.COMPLETE, new double[] {0.25}, null, Instant.now());

            assertThat(done.params()).containsEntry("x", 0.5);
            assertThat(wal(afterParam)[1])
                    .as("finishing flushed the trial and the parameter")
                    .isEqualTo("true");
        }
    }
}
