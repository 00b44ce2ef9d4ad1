package io.paratune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code paratune run} on real subprocess trials, then the commands that read the results. */
class RunIT {
    @TempDir
    Path dir;

    @Test
    void runParsesResultsKeepsLogsAndTheReadingCommandsShowThem() throws Exception {
        // result as a JSON line for sgd, as a protocol line for adam; momentum only exists for sgd
        Cli.script(dir, "objective.sh", """
                #!/bin/sh
                echo "training with $*"
                echo "to stderr" >&2
                if [ "$2" = sgd ]; then
                  echo "{\\"loss\\": $(awk "BEGIN{print $1*$1 + 1}"), \\"epoch\\": 3}"
                else
                  echo "paratune: value=$(awk "BEGIN{print $1*$1}")"
                fi
                echo "momentum=[$3] trial=$PARATUNE_TRIAL"
                """);
        Cli.write(dir, "study.yaml", """
                name: quad
                metric: loss
                search_space:
                  x: {type: float, low: -2, high: 2}
                  opt: {type: categorical, choices: [adam, sgd]}
                  momentum: {type: float, low: 0.5, high: 0.9, when: {opt: sgd}}
                command: ./objective.sh {x} {opt} --momentum={momentum}
                trials: 6
                parallelism: 2
                sampler: {name: random, options: {seed: 3}}
                """);
        // the protocol line of adam trials has no "loss" key: metric applies to JSON lines only
        Cli.Result run = Cli.run(dir, "run", "study.yaml");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("Study 'quad': 6 trials (6 complete)")
                .contains("Best trial")
                .contains("rerun:  cd " + dir.toRealPath())
                .contains("./objective.sh");
        assertThat(run.err()).contains("done 6/6");

        JsonNode trials =
                Cli.run(dir, "export", "study.yaml", "--format", "json").exportJson();
        assertThat(trials).hasSize(6);
        for (JsonNode t : trials) {
            assertThat(t.get("state").asText()).isEqualTo("COMPLETE");
            double x = t.get("params").get("x").asDouble();
            boolean sgd = t.get("params").get("opt").asText().equals("sgd");
            assertThat(t.get("values").get(0).asDouble())
                    .isCloseTo(x * x + (sgd ? 1 : 0), org.assertj.core.data.Offset.offset(1e-4));
            assertThat(t.get("params").has("momentum")).isEqualTo(sgd);
            Path log = Path.of(t.get("user_attributes").get("log").asText());
            String text = Files.readString(log);
            assertThat(text)
                    .contains("training with")
                    .contains("to stderr")
                    .contains("trial=" + t.get("number").asInt());
            assertThat(text).contains(sgd ? "momentum=[--momentum=0." : "momentum=[]");
            assertThat(t.get("duration_s").asDouble()).isPositive();
        }

        Cli.Result csv = Cli.run(dir, "export", "--storage", "sqlite:paratune.db", "--study", "quad");
        assertThat(csv.out().lines().findFirst().orElseThrow())
                .startsWith("number,state,value,params_x,params_opt,params_momentum,user_attrs_")
                .contains(",user_attrs_command,")
                .endsWith(",intermediate_values,duration_s,started,finished,log,failure_message");
        assertThat(csv.out().lines()).hasSize(7);

        Cli.Result best = Cli.run(dir, "best", "study.yaml");
        assertThat(best.code()).isZero();
        assertThat(best.out()).startsWith("trial ").contains("params: x=").contains("rerun:");

        Cli.Result list = Cli.run(dir, "studies", "list", "--storage", "sqlite:paratune.db");
        assertThat(list.out()).contains("quad\t[MINIMIZE]\t6 complete\tbest");
        Cli.Result refused = Cli.run(dir, "studies", "delete", "study.yaml");
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("add --yes");
        Cli.Result deleted = Cli.run(dir, "studies", "delete", "study.yaml", "--yes");
        assertThat(deleted.out()).contains("deleted study 'quad' and its 6 trials");
        Cli.Result gone = Cli.run(dir, "studies", "show", "study.yaml");
        assertThat(gone.code()).isEqualTo(2);
        assertThat(gone.err()).contains("has no study 'quad'").doesNotContain("Exception");
    }
}
