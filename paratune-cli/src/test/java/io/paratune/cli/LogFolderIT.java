package io.paratune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Studies whose names differ only outside ASCII keep their logs apart. */
class LogFolderIT {
    @TempDir
    Path dir;

    @Test
    void twoStudiesWithChineseNamesInOneFolderKeepTheirOwnLogs() throws Exception {
        Cli.script(dir, "objective.sh", """
                #!/bin/sh
                echo "study [$1] x=$2"
                echo "paratune: value=$2"
                """);
        Set<Path> folders = new HashSet<>();
        for (String name : new String[] {"实验一", "实验二"}) {
            String file = name.equals("实验一") ? "one.yaml" : "two.yaml";
            Cli.write(dir, file, """
                    name: %s
                    search_space:
                      x: {type: int, low: 1, high: 3}
                    command: ./objective.sh {study} {x}
                    trials: 2
                    sampler: {name: random, options: {seed: 1}}
                    """.formatted(name));
            Cli.Result run = Cli.run(dir, "run", file, "--no-progress");
            assertThat(run.code()).as(run.err()).isZero();
        }
        ObjectMapper json = new ObjectMapper();
        for (String name : new String[] {"实验一", "实验二"}) {
            String file = name.equals("实验一") ? "one.yaml" : "two.yaml";
            Path out = dir.resolve(file + ".json");
            Cli.Result export = Cli.run(dir, "export", file, "--format", "json", "-o", out.toString());
            assertThat(export.code()).as(export.err()).isZero();
            JsonNode trials = json.readTree(Files.readString(out));
            assertThat(trials).hasSize(2);
            for (JsonNode t : trials) {
                Path log = Path.of(t.get("user_attributes").get("log").asText());
                folders.add(log.getParent());
                assertThat(Files.readString(log))
                        .as("the log of trial %s of %s", t.get("number"), name)
                        .contains("# paratune trial " + t.get("number").asInt() + " of study " + name)
                        .contains("x=" + t.get("params").get("x").asInt());
            }
        }
        assertThat(folders)
                .containsExactlyInAnyOrder(
                        dir.resolve("paratune-logs/study-2dac6e5b"), dir.resolve("paratune-logs/study-6ad7af0b"));
    }
}
