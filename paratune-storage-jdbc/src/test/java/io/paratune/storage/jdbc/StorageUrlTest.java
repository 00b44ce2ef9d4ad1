package io.paratune.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StorageUrlTest {
    @TempDir
    Path home;

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
        assertThat(url.display())
                .isEqualTo("postgresql://alice:***@db.example.org:5433/hpo")
                .doesNotContain("w0rd");
        assertThat(url.toString()).doesNotContain("w0rd");
    }

    @Test
    void postgresUrlWithoutUserOrPortAndTheShortScheme() {
        StorageUrl url = StorageUrl.parse("postgres://localhost/hpo", Map.of("HOME", "/nonexistent"));
        assertThat(url.user())
                .as("libpq's default: the operating-system user")
                .isEqualTo(System.getProperty("user.name"));
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
    @CsvSource(
            delimiter = '|',
            value = {
                "''                                      | storage URL is empty",
                "'   '                                   | storage URL is empty",
                "sqlite:                                 | the SQLite file path is empty",
                "sqlite:study.db?mode=ro                 | SQLite URLs take no options",
                "sqlite::memory:                         | for a study in memory use Storage.inMemory()",
                "mysql://u:hunter2@h/db                  | unknown kind 'mysql'",
                "study.db                                | did you mean sqlite:study.db?",
                "postgresql://host                       | needs one database name after the host, got ''; write",
                "postgresql://host/a/b                   | needs one database name after the host, got 'a/b'",
                "postgresql://u:hunter2@ho st/db         | is malformed",
                "postgresql://u:hunter2@host/db?flag     | option 'flag' is not name=value",
                "postgresql://host/db?password=hunter2   | give user and password before the host",
                "postgresql://u:hunter2%zz@host/db       | is malformed",
            })
    void malformedUrlsGetOneClearMessageWithoutThePassword(String url, String message) {
        assertThatThrownBy(() -> StorageUrl.parse(url, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message)
                .message()
                .doesNotContain("hunter2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mysql://h/db", "", "postgresql://host"})
    void messagesForUnknownFormsListTheAcceptedForms(String url) {
        assertThatThrownBy(() -> StorageUrl.parse(url))
                .hasMessageContaining(
                        url.startsWith("postgresql")
                                ? "postgresql://user:password@host:5432/database"
                                : StorageUrl.FORMATS);
    }

    private Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private Path pgpass(String text, String mode) throws IOException {
        Path file = home.resolve(".pgpass");
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    @Test
    void pgPasswordFillsTheMissingPasswordAndTheUrlsOwnWins() {
        StorageUrl fromEnv = StorageUrl.parse("postgresql://bob@db.example.org/hpo", env("PGPASSWORD", "hunter2"));
        assertThat(fromEnv.password()).isEqualTo("hunter2");
        assertThat(fromEnv.passwordSource()).isEqualTo("PGPASSWORD");
        assertThat(fromEnv.display())
                .isEqualTo("postgresql://bob@db.example.org/hpo")
                .doesNotContain("hunter2");

        StorageUrl fromUrl = StorageUrl.parse("postgresql://bob:own@db.example.org/hpo", env("PGPASSWORD", "hunter2"));
        assertThat(fromUrl.password()).isEqualTo("own");
        assertThat(fromUrl.passwordSource()).isEqualTo("the URL");
    }

    @Test
    void pgUserHostPortAndDatabaseFillWhatTheUrlLeavesOut() {
        Map<String, String> env =
                env("PGUSER", "carol", "PGHOST", "db1.example.org", "PGPORT", "6543", "PGDATABASE", "tuning");
        StorageUrl filled = StorageUrl.parse("postgresql://", env);
        assertThat(filled.user()).isEqualTo("carol");
        assertThat(filled.jdbcUrl()).isEqualTo("jdbc:postgresql://db1.example.org:6543/tuning");
        assertThat(filled.display()).isEqualTo("postgresql://carol@db1.example.org:6543/tuning");

        StorageUrl own = StorageUrl.parse("postgresql://dave@db2:7000/other", env);
        assertThat(own.user()).isEqualTo("dave");
        assertThat(own.jdbcUrl()).isEqualTo("jdbc:postgresql://db2:7000/other");

        assertThat(StorageUrl.parse("postgresql:///hpo", env("PGUSER", "carol")).jdbcUrl())
                .as("no host and no PGHOST: localhost, as the driver has no Unix-domain sockets")
                .isEqualTo("jdbc:postgresql://localhost/hpo");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "PGHOST | /var/run/postgresql | names a Unix-domain socket, which Paratune cannot use",
                "PGHOST | a,b                 | lists several",
                "PGPORT | fivefourthreetwo    | PGPORT=fivefourthreetwo is not a port number",
            })
    void badEnvironmentValuesAreNamed(String variable, String value, String message) {
        assertThatThrownBy(() -> StorageUrl.parse("postgresql://u:hunter2@/hpo", env(variable, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(variable + "=" + value)
                .hasMessageContaining(message)
                .message()
                .doesNotContain("hunter2");
    }

    @Test
    void thePasswordFileIsReadByLibpqsRules() throws IOException {
        pgpass(
                String.join(
                        "\n",
                        "# host:port:database:user:password",
                        "other.example.org:5432:*:bob:not-this-host",
                        "db.example.org:5433:*:bob:not-this-port",
                        "db.example.org:*:hpo:bob:first\\:match\\\\x",
                        "*:*:*:*:catch-all",
                        ""),
                "rw-------");
        StorageUrl url = StorageUrl.parse("postgresql://bob@db.example.org/hpo", env());
        assertThat(url.password()).isEqualTo("first:match\\x");
        assertThat(url.passwordSource()).isEqualTo(home.resolve(".pgpass") + " line 4");

        assertThat(StorageUrl.parse("postgresql://eve@db.example.org:5433/hpo", env())
                        .password())
                .isEqualTo("catch-all");
        assertThat(StorageUrl.parse("postgresql://bob@db.example.org/hpo", env("PGPASSWORD", "env"))
                        .password())
                .as("PGPASSWORD comes before the file")
                .isEqualTo("env");
    }

    @Test
    void pgPassFileNamesAnotherPasswordFile() throws IOException {
        Path file = home.resolve("elsewhere");
        Files.writeString(file, "localhost:5432:hpo:bob:from-pgpassfile\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        pgpass("*:*:*:*:from-home\n", "rw-------");
        assertThat(StorageUrl.parse("postgresql://bob@localhost/hpo", env("PGPASSFILE", file.toString()))
                        .password())
                .isEqualTo("from-pgpassfile");
    }

    @Test
    void aPasswordFileThatOthersCanReadIsIgnoredAsLibpqDoes() throws IOException {
        Path file = pgpass("*:*:*:*:readable-by-all\n", "rw-r--r--");
        StorageUrl url = StorageUrl.parse("postgresql://bob@localhost/hpo", env());
        assertThat(url.password()).isNull();
        assertThat(url.passwordNote())
                .contains(file.toString())
                .contains("group or world access")
                .contains("chmod 600");
    }

    @Test
    void aJdbcUrlTakesOnlyUserAndPasswordFromTheEnvironment() throws IOException {
        pgpass("h:6000:db:carol:from-file\n", "rw-------");
        StorageUrl url =
                StorageUrl.parse("jdbc:postgresql://h:6000/db?ssl=false", env("PGUSER", "carol", "PGHOST", "ignored"));
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://h:6000/db?ssl=false");
        assertThat(url.user()).isEqualTo("carol");
        assertThat(url.password()).isEqualTo("from-file");
        StorageUrl own = StorageUrl.parse("jdbc:postgresql://h:6000/db?user=x&password=own", env("PGPASSWORD", "e"));
        assertThat(own.password()).isEqualTo("own");
        assertThat(own.display()).doesNotContain("own");
    }

    @Test
    void scrubMasksThePasswordInAnyText() {
        StorageUrl url = StorageUrl.parse("postgresql://bob:p%40ss%3Aw0rd@h/db", env());
        assertThat(url.scrub("FATAL: bad login p@ss:w0rd for jdbc:postgresql://h/db?password=p%40ss%3Aw0rd&x=1"
                        + " and postgresql://bob:p%40ss%3Aw0rd@h/db"))
                .isEqualTo("FATAL: bad login *** for jdbc:postgresql://h/db?password=***&x=1"
                        + " and postgresql://bob:***@h/db");
        assertThat(JdbcStorage.maskPassword("postgresql://bob:secret@h/db")).isEqualTo("postgresql://bob:***@h/db");
        assertThat(JdbcStorage.maskPassword("sqlite:/a:b@c.db")).isEqualTo("sqlite:/a:b@c.db");
    }

    /** Seeded random damage to valid URLs: parsing succeeds or fails with one IllegalArgumentException. */
    @Test
    void damagedUrlsFailOnlyWithIllegalArgument() {
        String[] seeds = {
            "postgresql://alice:pw@db.example.org:5433/hpo?sslmode=require",
            "sqlite:runs/study.db",
            "jdbc:postgresql://h/db?user=u",
            "postgres://h/db",
            "sqlite:////abs/x.db"
        };
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
