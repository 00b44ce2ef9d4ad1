package io.paratune.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatementCacheTest {
    @TempDir
    Path dir;

    private Connection real;
    private Connection c;

    @BeforeEach
    void open() throws SQLException {
        real = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("cache.db"));
        c = StatementCache.wrap(real);
    }

    @AfterEach
    void close() throws SQLException {
        c.close();
    }

    private static PreparedStatement underlying(PreparedStatement s) throws SQLException {
        return s.unwrap(PreparedStatement.class);
    }

    private static Object selectOne(PreparedStatement s) throws SQLException {
        try (ResultSet r = s.executeQuery()) {
            r.next();
            return r.getObject(1);
        }
    }

    @Test
    void aClosedStatementIsHandedOutAgainForTheSameSql() throws SQLException {
        PreparedStatement first;
        try (PreparedStatement s = c.prepareStatement("SELECT ? + 1")) {
            s.setInt(1, 41);
            assertThat(selectOne(s)).isEqualTo(42);
            first = underlying(s);
        }
        try (PreparedStatement s = c.prepareStatement("SELECT ? + 1")) {
            assertThat(underlying(s)).isSameAs(first);
            assertThat(selectOne(s))
                    .as("the parameters of the last use are cleared")
                    .isNull();
            s.setInt(1, 1);
            assertThat(selectOne(s)).isEqualTo(2);
        }
        assertThat(StatementCache.of(c).size()).isEqualTo(1);
    }

    @Test
    void aBatchLeftUnexecutedIsNotCarriedIntoTheNextUse() throws SQLException {
        try (PreparedStatement create = c.prepareStatement("CREATE TABLE t (v INTEGER)")) {
            create.execute();
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO t (v) VALUES (?)")) {
            s.setInt(1, 1);
            s.addBatch(); // abandoned, as when building a batch fails half-way
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO t (v) VALUES (?)")) {
            s.setInt(1, 2);
            s.addBatch();
            assertThat(s.executeBatch()).containsExactly(1);
        }
        try (PreparedStatement s = c.prepareStatement("SELECT group_concat(v) FROM t")) {
            assertThat(selectOne(s)).isEqualTo("2");
        }
    }

    @Test
    void aStatementInUseIsNotShared() throws SQLException {
        try (PreparedStatement a = c.prepareStatement("SELECT ?");
                PreparedStatement b = c.prepareStatement("SELECT ?")) {
            assertThat(underlying(a)).isNotSameAs(underlying(b));
            a.setString(1, "a");
            b.setString(1, "b");
            assertThat(selectOne(a)).isEqualTo("a");
            assertThat(selectOne(b)).isEqualTo("b");
        }
        try (PreparedStatement s = c.prepareStatement("SELECT ?")) {
            s.setString(1, "again");
            assertThat(selectOne(s)).isEqualTo("again");
        }
    }

    @Test
    void aReturnedStatementCannotBeUsedThroughTheOldHandle() throws SQLException {
        PreparedStatement s = c.prepareStatement("SELECT 1");
        s.close();
        s.close(); // twice is harmless
        assertThat(s.isClosed()).isTrue();
        assertThatThrownBy(s::executeQuery).isInstanceOf(SQLException.class).hasMessageContaining("closed");
        try (PreparedStatement again = c.prepareStatement("SELECT 1")) {
            assertThat(selectOne(again)).isEqualTo(1);
            assertThat(again.getConnection()).isSameAs(c);
        }
    }

    @Test
    void keepsAtMostTheCapacityAndClosesWhatItDrops() throws SQLException {
        PreparedStatement eldest;
        try (PreparedStatement s = c.prepareStatement("SELECT 0")) {
            eldest = underlying(s);
        }
        for (int i = 1; i <= StatementCache.CAPACITY; i++) {
            try (PreparedStatement s = c.prepareStatement("SELECT " + i)) {
                assertThat(selectOne(s)).isEqualTo(i);
            }
        }
        assertThat(StatementCache.of(c).size()).isEqualTo(StatementCache.CAPACITY);
        assertThat(eldest.isClosed()).isTrue();
    }

    @Test
    void closingTheConnectionClosesTheKeptStatements() throws SQLException {
        PreparedStatement kept;
        try (PreparedStatement s = c.prepareStatement("SELECT 1")) {
            kept = underlying(s);
        }
        c.close();
        assertThat(kept.isClosed()).isTrue();
        assertThat(real.isClosed()).isTrue();
        assertThat(StatementCache.of(c).size()).isZero();
    }
}
