package io.paratune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a trial prints beyond its result: user attributes, and a JSON result with the wrong keys. */
class ProtocolIT {
    @TempDir
    java.nio.file.Path dir;

    @Test
    void aJsonResultWithoutTheMetricSaysWhichKeysItHad() throws Exception {
        Cli.script(dir, "objective.sh", """
                #!/bin/sh
                echo '{"loss": 0.1, "acc": 0.9}'
                """);
        Cli.write(dir, "study.yaml", """
                name: metric
                metric: accuracy
                search_space:
                  x: {type: float, low: 0, high: 1}
                command: ./objective.sh {x}
                trials: 1
                sampler: random
                """);
        Cli.Result run = Cli.run(dir, "run", "study.yaml", "--no-progress");
        assertThat(run.code()).isEqualTo(1);
        JsonNode t = Cli.run(dir, "export", "study.yaml", "--format", "json")
                .exportJson()
                .get(0);
        assertThat(t.get("failure_message").asText())
                .startsWith(
                        "its JSON line had keys [loss, acc] but no 'accuracy' (metric); set metric: to one of them");
        assertThat(run.err()).contains("but no 'accuracy' (metric)");
    }

    @Test
    void attributeLinesBecomeUserAttributes() throws Exception {
        Cli.script(dir, "objective.sh", """
                #!/bin/sh
                echo "paratune: attr note=hello world"
                echo "paratune: attr gpu_mem_gib=3.5"
                echo 'paratune: attrs={"arch": "resnet", "depth": 18, "tags": ["a", "b"]}'
                echo "paratune: attr log=mine"
                echo "paratune: value=$1"
                """);
        Cli.write(dir, "study.yaml", """
                name: attrs
                search_space:
                  x: {type: float, low: 0, high: 1}
                command: ./objective.sh {x}
                trials: 1
                sampler: random
                """);
        Cli.Result run = Cli.run(dir, "run", "study.yaml", "--no-progress");
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode t = Cli.run(dir, "export", "study.yaml", "--format", "json")
                .exportJson()
                .get(0);
        assertThat(t.get("state").asText()).isEqualTo("COMPLETE");
        JsonNode attrs = t.get("user_attributes");
        assertThat(attrs.get("note").asText()).isEqualTo("hello world");
        assertThat(attrs.get("gpu_mem_gib").asDouble()).isEqualTo(3.5);
        assertThat(attrs.get("arch").asText()).isEqualTo("resnet");
        assertThat(attrs.get("depth").asInt()).isEqualTo(18);
        assertThat(attrs.get("tags").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(attrs.get("log").asText())
                .as("paratune's own attribute is kept")
                .endsWith("trial-00000.log");
        assertThat(java.nio.file.Files.readString(
                        java.nio.file.Path.of(attrs.get("log").asText())))
                .contains("'log' is set by paratune");
    }
}
