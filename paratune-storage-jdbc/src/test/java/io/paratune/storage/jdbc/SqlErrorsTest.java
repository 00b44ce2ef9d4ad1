package io.paratune.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Driver exceptions are passed on with the storage's password masked in every message of the chain. */
class SqlErrorsTest {
    private final StorageUrl url =
            StorageUrl.parse("postgresql://bob:hunter2x@db.example.org/hpo", Map.of("HOME", "/nonexistent"));

    @Test
    void aChainThatShowsThePasswordIsCopiedWithItMasked() {
        SQLException e = new SQLException(
                "login as bob with hunter2x failed",
                "28P01",
                new IOException("while opening jdbc:postgresql://db.example.org/hpo?password=hunter2x&ssl=true"));
        Throwable safe = SqlErrors.scrubbed(e, url);
        StringBuilder all = new StringBuilder();
        for (Throwable t = safe; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
            assertThat(t.getStackTrace()).isNotEmpty();
        }
        assertThat(all.toString())
                .doesNotContain("hunter2x")
                .contains("java.sql.SQLException: login as bob with *** failed")
                .contains(
                        "java.io.IOException: while opening jdbc:postgresql://db.example.org/hpo?password=***&ssl=true");
    }

    @Test
    void aChainWithoutThePasswordIsPassedOnAsItIs() {
        SQLException e = new SQLException("duplicate key", "23505");
        assertThat(SqlErrors.scrubbed(e, url)).isSameAs(e);
    }

    @Test
    void anOpenFailureNamesNoPassword() {
        SQLException e = new SQLException("FATAL: password authentication failed for user \"bob\" (hunter2x)", "28P01");
        assertThat(SqlErrors.openFailure(url, e))
                .hasMessageContaining("PostgreSQL refused the login of user bob" + " with the password from the URL")
                .hasMessageNotContaining("hunter2x")
                .cause()
                .hasMessageNotContaining("hunter2x");
    }
}
