package io.paratune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each study name gets its own log folder, readable and safe on any file system. */
class LogFolderTest {
    @ParameterizedTest
    @ValueSource(strings = {"toy-mlp", "quad", "resnet_50.v2", "A-B_c.d", "x"})
    void aPlainAsciiNameIsItsOwnFolderAsBefore(String name) {
        assertThat(StudyPaths.logFolder(name)).isEqualTo(name);
    }

    @Test
    void nonAsciiNamesGetAReadableSlugAndAHashOfTheExactName() {
        assertThat(StudyPaths.logFolder("实验一")).isEqualTo("study-2dac6e5b");
        assertThat(StudyPaths.logFolder("实验二")).isEqualTo("study-6ad7af0b");
        assertThat(StudyPaths.logFolder("café run")).isEqualTo("cafe_run-639bb1f9");
    }

    @Test
    void namesThatUsedToShareAFolderNoLongerDo() {
        List<String> names = List.of(
                "实验一",
                "实验二",
                "实验三",
                "a/b",
                "a b",
                "a:b",
                "a_b",
                "a__b",
                "..",
                ".",
                ".hidden",
                "_hidden",
                "Ünïcödé",
                "Unicode",
                "x".repeat(300),
                "x".repeat(299) + "y",
                "x".repeat(64),
                "x".repeat(65));
        Set<String> folders = new HashSet<>();
        for (String n : names) {
            String folder = StudyPaths.logFolder(n);
            assertThat(folder)
                    .as(n)
                    .matches("[A-Za-z0-9_-][A-Za-z0-9_.-]*")
                    .hasSizeLessThanOrEqualTo(64)
                    .isNotIn(".", "..");
            folders.add(folder);
        }
        assertThat(folders).hasSameSizeAs(names);
    }

    @Test
    void theHashIsStableAcrossRuns() {
        assertThat(StudyPaths.logFolder("a b"))
                .isEqualTo(StudyPaths.logFolder(new String("a b")))
                .startsWith("a_b-")
                .hasSize(12);
    }
}
