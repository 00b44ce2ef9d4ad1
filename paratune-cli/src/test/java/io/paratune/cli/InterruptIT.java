package io.paratune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C stops the running trials and marks them; running the study again resumes it. */
class InterruptIT {
    @TempDir
    Path dir;

    @Test
    void ctrlCStopsRunningTrialsAndARerunResumesTheStudy() throws Exception {
        Cli.script(dir, "objective.sh", """
                #!/bin/sh
                echo "$1" >> started
                if [ -e block ]; then sleep 120; fi
                echo "paratune: value=$1"
                """);
        Cli.write(dir, "block", "");
        Cli.write(dir, "study.yaml", """
                name: resume
                search_space:
                  x: {type: float, low: 0, high: 1}
                command: ./objective.sh {x}
                trials: 4
                parallelism: 2
                sampler: random
                """);
        Process p = Cli.start(dir, Map.of(), "first", "run", "study.yaml");
        Cli.awaitLines(dir.resolve("started"), 2, p);
        String signal = sigintIgnored(p.pid()) ? "TERM" : "INT"; // a background shell may have masked SIGINT
        new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start().waitFor();
        Cli.Result first = Cli.finish(p, dir, "first");
        assertThat(first.code()).isEqualTo(signal.equals("INT") ? 130 : 143);
        assertThat(first.err()).contains("run the same command again to resume");
        assertThat(p.toHandle().descendants()).isEmpty();

        JsonNode stopped = Cli.run(dir, "export", "study.yaml", "--format", "json").exportJson();
        assertThat(stopped).hasSize(4); // two stopped trials and their two re-enqueued copies
        List<String> interruptedX = new ArrayList<>();
        for (JsonNode t : stopped) {
            if (t.get("state").asText().equals("FAIL")) {
                assertThat(t.get("failure_message").asText()).startsWith("interrupted");
                assertThat(t.get("user_attributes").get("interrupted").asBoolean()).isTrue();
                interruptedX.add(t.get("params").get("x").asText());
            } else {
                assertThat(t.get("state").asText()).isEqualTo("WAITING");
            }
        }
        assertThat(interruptedX).hasSize(2);

        Files.delete(dir.resolve("block"));
        Cli.Result second = Cli.run(dir, "run", "study.yaml");
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.err()).contains("(0 done before, 2 to resume)");
        JsonNode done = Cli.run(dir, "export", "study.yaml", "--format", "json").exportJson();
        List<String> completedX = new ArrayList<>();
        for (JsonNode t : done) {
            if (t.get("state").asText().equals("COMPLETE")) {
                completedX.add(t.get("params").get("x").asText());
            }
        }
        assertThat(completedX).hasSize(4).containsAll(interruptedX);
        assertThat(p.waitFor(1, TimeUnit.SECONDS)).isTrue();
    }

    private static boolean sigintIgnored(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseLong(line.substring(7).strip(), 16) & 0b10) != 0;
            }
        }
        return false;
    }
}
