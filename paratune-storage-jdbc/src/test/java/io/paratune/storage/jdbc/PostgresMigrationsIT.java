package io.paratune.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paratune.Direction;
import io.paratune.StorageException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Schema versions on PostgreSQL: shared databases, racing first opens, newer schemas refused. */
class PostgresMigrationsIT {

    private static void sql(String database, String statement) {
        TestPostgres.executeIn(database, statement);
    }

    private static String url(String database) {
        return "postgresql://postgres@localhost:" + TestPostgres.port() + "/" + database;
    }

    @Test
    void aNewerSchemaIsRefused() {
        String db = TestPostgres.newDatabase();
        JdbcStorage.open(url(db)).close();
        int newer = Migrations.LATEST + 1;
        sql(db, "UPDATE paratune_meta SET meta_value = '" + newer + "' WHERE meta_key = 'schema_version'");
        assertThatThrownBy(() -> JdbcStorage.open(url(db)))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("has schema version " + newer + ", written by a newer Paratune")
                .hasMessageContaining("Upgrade Paratune");
    }

    @Test
    void aVersionOneDatabaseIsUpgradedAndItsTrialsGoOn() {
        String db = TestPostgres.newDatabase();
        org.flywaydb.core.Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(TestPostgres.server().getDatabase("postgres", db))
                .locations(Migrations.LOCATION)
                .table(Migrations.HISTORY_TABLE)
                .placeholders(java.util.Map.of("id_pk", Dialect.POSTGRESQL.idPrimaryKey()))
                .target("1")
                .load()
                .migrate();
        sql(
                db,
                "INSERT INTO paratune_study (name, directions, created_ns, trial_count) VALUES ('old', 'MINIMIZE', 0, 1)");
        sql(
                db,
                "INSERT INTO paratune_trial (study_id, number, state, started_ns) SELECT id, 0, 'RUNNING', 0"
                        + " FROM paratune_study");
        assertThat(TestPostgres.queryInt(db, "SELECT CAST(meta_value AS INTEGER) FROM paratune_meta"))
                .isEqualTo(1);

        try (JdbcStorage s = JdbcStorage.open(url(db))) {
            long study = s.findStudy("old").orElseThrow().id();
            assertThat(s.failStaleTrials(study, Instant.now(), java.time.Duration.ofMinutes(1), "stale", t -> null))
                    .singleElement()
                    .satisfies(t -> assertThat(t.number()).isZero());
            assertThat(s.createTrial(study, io.paratune.TrialState.RUNNING, java.util.Map.of(), Instant.now())
                            .number())
                    .isEqualTo(1);
        }
        assertThat(TestPostgres.queryInt(db, "SELECT CAST(meta_value AS INTEGER) FROM paratune_meta"))
                .isEqualTo(Migrations.LATEST);
    }

    @Test
    void aDatabaseWithOtherTablesGetsParatunesBesideThem() {
        String db = TestPostgres.newDatabase();
        sql(db, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");
        sql(db, "INSERT INTO customers VALUES (1, 'kept')");
        try (JdbcStorage s = JdbcStorage.open(url(db))) {
            s.createStudy("beside", List.of(Direction.MINIMIZE), Instant.now());
            assertThat(s.findStudy("beside")).isPresent();
        }
        assertThat(TestPostgres.queryInt(db, "SELECT COUNT(*) FROM customers")).isEqualTo(1);
    }

    @Test
    void storagesOpeningANewDatabaseAtOnceAllSucceed() throws Exception {
        String db = TestPostgres.newDatabase();
        List<JdbcStorage> opened = new ArrayList<>();
        try {
            JdbcBehaviour.runConcurrently(4, i -> {
                JdbcStorage s = JdbcStorage.open(url(db));
                synchronized (opened) {
                    opened.add(s);
                }
                return null;
            });
            assertThat(opened).hasSize(4);
        } finally {
            opened.forEach(JdbcStorage::close);
        }
        assertThat(TestPostgres.queryInt(db, "SELECT CAST(meta_value AS INTEGER) FROM paratune_meta"))
                .isEqualTo(Migrations.LATEST);
    }
}
