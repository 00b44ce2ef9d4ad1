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
