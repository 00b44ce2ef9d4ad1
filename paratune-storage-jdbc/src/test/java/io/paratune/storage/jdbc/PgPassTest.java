package io.paratune.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Lines of a password file matched against host, port, database and user by libpq's rules. */
class PgPassTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            nullValues = "NULL",
            value = {
                "h:5432:db:u:pw                 | pw",
                "*:*:*:*:pw                     | pw",
                "h:*:db:*:pw:extra              | pw",
                "h:5432:db:u:p\\:w\\\\d         | p:w\\d",
                "h:5432:db:u:                   | ''",
                "h\\:x:5432:db:u:pw             | NULL",
                "h:5432:d*:u:pw                 | NULL",
                "H:5432:db:u:pw                 | NULL",
                "h:5433:db:u:pw                 | NULL",
                "h:5432:db:u                    | NULL",
                "h:5432:db:uu:pw                | NULL",
                "h:5432:db:\\u:pw               | pw",
            })
    void aLineMatchesByLibpqsRules(String line, String password) {
        assertThat(PgPass.match(line.strip(), "h", "5432", "db", "u")).isEqualTo(password);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "h\\:x:5432:db:u:pw | h:x",
                "h\\\\x:5432:db:u:pw | h\\x",
            })
    void escapedSeparatorsMatchLiterally(String line, String host) {
        assertThat(PgPass.match(line, host, "5432", "db", "u")).isEqualTo("pw");
    }
}
