package io.paratune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A study file in another folder with the same study name and storage is refused unless it asks to
 * join; the same file edited resumes its study and says how the search space changed.
 */
class SameNameStudyIT {
    @TempDir
    Path dir;

    private Path studyFile(String folder, String space, String extra) throws Exception {
        Path d = Files.createDirectories(dir.resolve(folder));
        Cli.script(d, "objective.sh", "#!/bin/sh\necho \"paratune: value=$1\"\n");
        return Cli.write(d, "study.yaml", """
                name: shared-name
                storage: sqlite:../shared.db
                search_space:
                """ + space + """
                command: ./objective.sh {x}
                trials: 2
                sampler: random
                """ + extra);
    }

    @Test
    void anotherFileWithTheSameNameIsRefusedUnlessItJoins() throws Exception {
        Path a = studyFile("a", "  x: {type: float, low: 0, high: 1}\n", "");
        Path b = studyFile("b", "  x: {type: float, low: 0, high: 5}\n  y: {type: int, low: 1, high: 3}\n", "");
        Cli.write(
                b.getParent(),
                "study.yaml",
                Files.readString(b).replace("./objective.sh {x}", "./objective.sh {x} {y}"));
        Cli.Result first = Cli.run(a.getParent(), "run", "study.yaml");
        assertThat(first.code()).as(first.err()).isZero();

        Cli.Result refused = Cli.run(b.getParent(), "run", "study.yaml");
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err().strip())
                .startsWith("paratune: " + b.toRealPath() + ": study 'shared-name' already" + " exists in sqlite:")
                .contains("started from " + a.toRealPath())
                .contains("give this study another name, or pass --join (or set load_if_exists: true in study.yaml)")
                .doesNotContain("\n");
        assertThat(Budgets.trials("sqlite:" + dir.resolve("shared.db"), "shared-name"))
                .hasSize(2);

        Cli.Result joined = Cli.run(b.getParent(), "run", "study.yaml", "--join", "--trials", "3");
        assertThat(joined.code()).as(joined.err()).isZero();
        assertThat(joined.err())
                .contains("joining study 'shared-name' started from " + a.toRealPath() + " (--join)")
                .contains("  ~ x: float [0.0, 1.0]  ->  float [0.0, 5.0]")
                .contains("  + y: int [1, 3]");
        assertThat(Budgets.trials("sqlite:" + dir.resolve("shared.db"), "shared-name"))
                .hasSize(3);

        // the joined study still belongs to the first file: it resumes without --join
        Cli.Result resumed = Cli.run(a.getParent(), "run", "study.yaml", "--trials", "4");
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.err()).doesNotContain("joining");

        Path c = studyFile("c", "  x: {type: float, low: 0, high: 1}\n", "load_if_exists: true\n");
        Cli.Result loaded = Cli.run(c.getParent(), "run", "study.yaml", "--trials", "5");
        assertThat(loaded.code()).as(loaded.err()).isZero();
        assertThat(loaded.err())
                .contains("joining study 'shared-name' started from " + a.toRealPath() + " (load_if_exists: true)");
        assertThat(Budgets.trials("sqlite:" + dir.resolve("shared.db"), "shared-name"))
                .hasSize(5);
    }

    @Test
    void theSameFileEditedResumesAndShowsHowTheSearchSpaceChanged() throws Exception {
        Path a = studyFile(
                "a",
                "  x: {type: float, low: 0, high: 1}\n  opt: {type: categorical, choices: [adam,"
                        + " sgd]}\n  layers: {type: int, low: 1, high: 4}\n",
                "");
        Cli.write(
                a.getParent(),
                "study.yaml",
                Files.readString(a).replace("./objective.sh {x}", "./objective.sh {x} {opt} {layers}"));
        Cli.Result first = Cli.run(a.getParent(), "run", "study.yaml");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.err()).doesNotContain("changed");

        Cli.write(a.getParent(), "study.yaml", """
                name: shared-name
                storage: sqlite:../shared.db
                search_space:
                  x: {type: float, low: 1.0e-4, high: 1, log: true}
                  opt: {type: categorical, choices: [adam, sgd]}
                  momentum: {type: float, low: 0.5, high: 0.9, when: {opt: sgd}}
                command: ./objective.sh {x} {opt} --momentum={momentum}
                trials: 4
                sampler: random
                """);
        Cli.Result edited = Cli.run(a.getParent(), "run", "study.yaml");
        assertThat(edited.code()).as(edited.err()).isZero();
        assertThat(edited.err())
                .contains("search space of study 'shared-name' changed since it last ran (+ added, -"
                        + " removed, ~ changed); it goes on with the new one")
                .contains("  ~ x: float [0.0, 1.0]  ->  float [1.0E-4, 1.0] log")
                .contains("  + momentum: float [0.5, 0.9] when {opt=[sgd]}")
                .contains("  - layers: int [1, 4]")
                .doesNotContain("opt: categorical");
        assertThat(Budgets.trials("sqlite:" + dir.resolve("shared.db"), "shared-name"))
                .hasSize(4);
    }
}
