package io.paratune.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StorageUrlTest {

    @Test
    void sqliteRelativePathIsResolvedAgainstTheWorkingDirectory() {
        StorageUrl url = StorageUrl.parse("sqlite:runs/study.db");
        Path expected = Path.of("runs/study.db").toAbsolutePath().normalize();
        assertThat(url.dialect()).isEqualTo(Dialect.SQLITE);
        assertThat(url.sqliteFile()).isEqualTo(expected);
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:sqlite:" + expected);
        assertThat(url.display()).isEqualTo("sqlite:" + expected);
    }

    @ParameterizedTest
    @CsvSource({
        "sqlite:/data/study.db, /data/study.db",
        "jdbc:sqlite:/data/study.db, /data/study.db",
        "sqlite:////data/study.db, /data/study.db",
        "SQLite:/data/study.db, /data/study.db",
    })
    void sqliteAbsolutePaths(String url, String file) {
        assertThat(StorageUrl.parse(url).sqliteFile()).isEqualTo(Path.of(file));
    }

    @Test
    void sqliteThreeSlashesIsRelativeAsInSqlAlchemy() {
        assertThat(StorageUrl.parse("sqlite:///study.db").sqliteFile())
                .isEqualTo(Path.of("study.db").toAbsolutePath().normalize());
    }

    @Test
    void postgresUrlWithCredentialsPortAndOptions() {
        StorageUrl url = StorageUrl.parse("postgresql://alice:p%40ss%3Aw0rd@db.example.org:5433/hpo?sslmode=require");
        assertThat(url.dialect()).isEqualTo(Dialect.POSTGRESQL);
        assertThat(url.user()).isEqualTo("alice");
        assertThat(url.password()).isEqualTo("p@ss:w0rd");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.org:5433/hpo?sslmode=require");
        assertThat(url.display()).isEqualTo("postgresql://alice:***@db.example.org:5433/hpo").doesNotContain("w0rd");
        assertThat(url.toString()).doesNotContain("w0rd");
    }

    @Test
    void postgresUrlWithoutUserOrPortAndTheShortScheme() {
        StorageUrl url = StorageUrl.parse("postgres://localhost/hpo");
        assertThat(url.user()).isNull();
        assertThat(url.password()).isNull();
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/hpo");
    }

    @Test
    void plainJdbcPostgresUrlIsPassedOnWithItsPasswordMasked() {
        StorageUrl url = StorageUrl.parse("jdbc:postgresql://h:5432/db?user=bob&password=hunter2&ssl=true");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db?user=bob&password=hunter2&ssl=true");
        assertThat(url.display()).isEqualTo("jdbc:postgresql://h:5432/db?user=bob&password=***&ssl=true");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                                      | storage URL is empty",
        "'   '                                   | storage URL is empty",
        "sqlite:                                 | the SQLite file path is empty",
        "sqlite:study.db?mode=ro                 | SQLite URLs take no options",
        "sqlite::memory:                         | for a study in memory use Storage.inMemory()",
        "mysql://u:hunter2@h/db                  | unknown kind 'mysql'",
        "study.db                                | did you mean sqlite:study.db?",
        "postgresql:///hpo                       | has no host",
        "postgresql://host                       | needs one database name after the host, got ''",
        "postgresql://host/a/b                   | needs one database name after the host, got 'a/b'",
        "postgresql://u:hunter2@ho st/db         | is malformed",
        "postgresql://u:hunter2@host/db?flag     | option 'flag' is not name=value",
        "postgresql://host/db?password=hunter2   | give user and password before the host",
        "postgresql://u:hunter2%zz@host/db       | is malformed",
    })
    void malformedUrlsGetOneClearMessageWithoutThePassword(String url, String message) {
        assertThatThrownBy(() -> StorageUrl.parse(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message)
                .message().doesNotContain("hunter2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql://h/db", "", "postgresql://host"})
    void messagesForUnknownFormsListTheAcceptedForms(String url) {
        assertThatThrownBy(() -> StorageUrl.parse(url)).hasMessageContaining(url.startsWith("postgresql")
                ? "postgresql://user:password@host:5432/database" : StorageUrl.FORMATS);
    }

    /** Seeded random damage to valid URLs: parsing succeeds or fails with one IllegalArgumentException. */
    @Test
    void damagedUrlsFailOnlyWithIllegalArgument() {
        String[] seeds = {"postgresql://alice:pw@db.example.org:5433/hpo?sslmode=require", "sqlite:runs/study.db",
            "jdbc:postgresql://h/db?user=u", "postgres://h/db", "sqlite:////abs/x.db"};
        String alphabet = ":/@?&=%#[] .x9\\\u00e9";
        SplittableRandom random = new SplittableRandom(20240501);
        for (int i = 0; i < 5000; i++) {
            StringBuilder s = new StringBuilder(seeds[random.nextInt(seeds.length)]);
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits && s.length() > 0; e++) {
                int at = random.nextInt(s.length());
                switch (random.nextInt(3)) {
                    case 0 -> s.deleteCharAt(at);
                    case 1 -> s.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    default -> s.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            String url = s.toString();
            try {
                StorageUrl parsed = StorageUrl.parse(url);
                assertThat(parsed.jdbcUrl()).as(url).startsWith("jdbc:");
            } catch (IllegalArgumentException expected) {
                assertThat(expected.getMessage()).as(url).isNotBlank();
            }
        }
    }
}
