package io.paratune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.paratune.FrozenTrial;
import io.paratune.TrialState;
import io.paratune.storage.jdbc.JdbcStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code paratune ask} and {@code tell} from a real shell, beside real {@code run} processes, on the
 * SQLite file: asked trials count toward the budget, are told once, and are never reaped as lost
 * nor waited for by a run.
 */
class AskTellIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** f(x, k) = (x - 0.3)^2 + k, printed with six significant digits. */
    private static final String OBJECTIVE = """
            #!/bin/sh
            echo "paratune: value=$(awk -v x="$1" -v k="${2:-0}" 'BEGIN { printf "%.6g", (x - 0.3) ^ 2 + k }')"
            """;

    @TempDir
    Path dir;

    @AfterEach
    void releaseTrials() throws Exception {
        Files.deleteIfExists(dir.resolve("hold"));
    }

    private String url() {
        return "sqlite:" + dir.resolve("paratune.db");
    }

    private void studyFile(String name, String extra) throws Exception {
        Cli.script(dir, "objective.sh", OBJECTIVE);
        Cli.write(dir, "study.yaml", "name: " + name + "\n" + """
                search_space:
                  x: {type: float, low: 0, high: 1}
                  k: {type: int, low: 0, high: 3}
                command: ./objective.sh {x} {k}
                """ + extra);
    }

    private static List<JsonNode> jsonLines(String out) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.strip().split("\n")) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    private static Map<Integer, FrozenTrial> byNumber(List<FrozenTrial> trials) {
        Map<Integer, FrozenTrial> m = new HashMap<>();
        trials.forEach(t -> m.put(t.number(), t));
        return m;
    }

    @Test
    void aShellLoopOfAskRunTellFillsTheBudgetAndBestAndExportAgree() throws Exception {
        studyFile("shell-loop", "trials: 6\nsampler: {name: tpe, options: {seed: 3, startup_trials: 3}}\n");
        Cli.script(dir, "loop.sh", """
                #!/bin/sh
                set -e
                i=0
                while [ $i -lt 6 ]; do
                  eval "$($PARATUNE ask study.yaml --format shell)"
                  value=$(cd "$PARATUNE_WORKDIR" && eval "$PARATUNE_COMMAND" | sed -n 's/^paratune: value=//p')
                  $PARATUNE tell study.yaml --trial "$PARATUNE_TRIAL" --value "$value"
                  i=$((i + 1))
                done
                """);
        ProcessBuilder pb = new ProcessBuilder("sh", "loop.sh")
                .directory(dir.toFile())
                .redirectOutput(dir.resolve("loop.out").toFile())
                .redirectError(dir.resolve("loop.err").toFile());
        pb.environment()
                .put("PARATUNE", "java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar " + Cli.JAR.toAbsolutePath());
        Process loop = pb.start();
        assertThat(loop.waitFor(300, TimeUnit.SECONDS))
                .as("the shell loop ends")
                .isTrue();
        assertThat(loop.exitValue())
                .as(Files.readString(dir.resolve("loop.err")))
                .isZero();
        assertThat(Files.readString(dir.resolve("loop.out")))
                .contains("trial 5 of study 'shell-loop': COMPLETE," + " value ");

        Cli.Result more = Cli.run(dir, "ask", "study.yaml");
        assertThat(more.code()).isEqualTo(1);
        assertThat(more.err().strip())
                .isEqualTo("paratune: nothing asked from study 'shell-loop': the study's budget"
                        + " of 6 trials is spent (raise trials in study.yaml to ask more)");
        assertThat(more.out()).isEmpty();

        Cli.Result export = Cli.run(dir, "export", "study.yaml", "--format", "json");
        assertThat(export.code()).as(export.err()).isZero();
        JsonNode rows = export.exportJson();
        assertThat(rows).hasSize(6);
        int bestNumber = -1;
        double bestValue = Double.POSITIVE_INFINITY;
        for (JsonNode row : rows) {
            assertThat(row.get("state").asText()).isEqualTo("COMPLETE");
            double x = row.get("params").get("x").asDouble();
            int k = row.get("params").get("k").asInt();
            double value = row.get("values").get(0).asDouble();
            assertThat(value)
                    .as("trial %s was told its own result", row.get("number"))
                    .isCloseTo((x - 0.3) * (x - 0.3) + k, org.assertj.core.data.Offset.offset(1e-4 + 1e-5 * k));
            assertThat(row.get("user_attributes").get("command").asText())
                    .startsWith("./objective.sh ")
                    .endsWith(" " + k);
            if (value < bestValue) {
                bestValue = value;
                bestNumber = row.get("number").asInt();
            }
        }
        Cli.Result best = Cli.run(dir, "best", "study.yaml");
        assertThat(best.code()).as(best.err()).isZero();
        Matcher m = Pattern.compile("trial (\\d+): value (\\S+)").matcher(best.out());
        assertThat(m.find()).as(best.out()).isTrue();
        assertThat(Integer.parseInt(m.group(1))).isEqualTo(bestNumber);
        assertThat(Double.parseDouble(m.group(2))).isCloseTo(bestValue, org.assertj.core.data.Offset.offset(1e-5));
        Budgets.assertKept(url(), "shell-loop", 6);
    }

    @Test
    void aRunBesideAnAskedTrialNeitherReapsItNorWaitsForIt() throws Exception {
        studyFile(
                "beside-run",
                "trials: 3\nparallelism: 1\nsampler: random\n" + "heartbeat: {interval: 500ms, grace: 1s}\n");
        Cli.Result asked = Cli.run(dir, "ask", "study.yaml");
        assertThat(asked.code()).as(asked.err()).isZero();
        int number = jsonLines(asked.out()).get(0).get("trial").asInt();
        // longer than the heartbeat grace: a trial that a process had started would now count as lost
        Thread.sleep(3000);

        Cli.Result run = Cli.run(dir, "run", "study.yaml", "--no-progress");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err()).doesNotContain("heartbeat for").doesNotContain("waiting to see");
        Map<Integer, FrozenTrial> trials = byNumber(Budgets.trials(url(), "beside-run"));
        assertThat(trials).hasSize(3);
        assertThat(trials.get(number).state())
                .as("the asked trial is left to its shell")
                .isEqualTo(TrialState.RUNNING);
        assertThat(trials.values())
                .filteredOn(t -> t.number() != number)
                .allMatch(t -> t.state() == TrialState.COMPLETE);

        // the budget is spent and the asked trial still runs: a run ends at once instead of waiting for it
        Cli.Result again = Cli.run(dir, "run", "study.yaml", "--no-progress");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.err()).doesNotContain("waiting to see").doesNotContain("heartbeat for");
        assertThat(Budgets.trials(url(), "beside-run")).hasSize(3);

        Cli.Result told = Cli.run(dir, "tell", "study.yaml", "--trial", Integer.toString(number), "--value", "0.5");
        assertThat(told.code()).as(told.err()).isZero();
        assertThat(told.out().strip()).startsWith("trial " + number + " of study 'beside-run': COMPLETE, value 0.5");
        Budgets.Counts counts = Budgets.assertKept(url(), "beside-run", 3);
        assertThat(counts.state(TrialState.COMPLETE)).isEqualTo(3);
    }

    @Test
    void tellFinishesOnlyRunningAskedTrialsAndSaysWhyNot() throws Exception {
        Cli.script(dir, "hold.sh", """
                #!/bin/sh
                while [ -e hold ]; do sleep 0.05; done
                echo "paratune: values=1,2"
                """);
        Cli.write(dir, "study.yaml", """
                name: two-ways
                directions: [minimize, maximize]
                search_space:
                  x: {type: float, low: 0, high: 1}
                  opt: {type: categorical, choices: [adam, sgd]}
                command: ./hold.sh {x} {opt}
                trials: 5
                sampler: random
                """);
        Files.writeString(dir.resolve("hold"), "");
        Process run = Cli.start(dir, Map.of(), "run", "run", "study.yaml", "--trials", "1", "--no-progress");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(dir.resolve("paratune.db"))
                || trialsIfAny("two-ways").stream().noneMatch(t -> t.state() == TrialState.RUNNING)) {
            assertThat(System.nanoTime()).as("the run starts its trial").isLessThan(end);
            assertThat(run.isAlive()).isTrue();
            Thread.sleep(100);
        }
        Cli.Result notAsked = Cli.run(dir, "tell", "study.yaml", "--trial", "0", "--values", "1,2");
        assertThat(notAsked.code()).isEqualTo(2);
        assertThat(notAsked.err().strip())
                .isEqualTo(
                        "paratune: trial 0 of study 'two-ways' is RUNNING in a 'paratune"
                                + " run' or 'paratune worker' process, which tells it; tell only trials asked with 'paratune ask'");
        Files.delete(dir.resolve("hold"));
        Cli.Result ran = Cli.finish(run, dir, "run");
        assertThat(ran.code()).as(ran.err()).isZero();

        Cli.Result asked = Cli.run(dir, "ask", "study.yaml", "-n", "3");
        assertThat(asked.code()).as(asked.err()).isZero();
        List<JsonNode> lines = jsonLines(asked.out());
        assertThat(lines).hasSize(3);
        assertThat(lines).extracting(l -> l.get("trial").asInt()).containsExactly(1, 2, 3);
        for (JsonNode l : lines) {
            assertThat(l.get("study").asText()).isEqualTo("two-ways");
            assertThat(l.get("workdir").asText()).isEqualTo(dir.toRealPath().toString());
            assertThat(l.get("command").asText())
                    .isEqualTo("./hold.sh "
                            + CommandTemplate.format(l.get("params").get("x").asDouble()) + " "
                            + l.get("params").get("opt").asText());
        }
        Map<Integer, FrozenTrial> trials = byNumber(Budgets.trials(url(), "two-ways"));
        for (int n = 1; n <= 3; n++) {
            assertThat(trials.get(n).state())
                    .as("asked trial %d is pending for the sampler", n)
                    .isEqualTo(TrialState.RUNNING);
            assertThat(trials.get(n).params()).containsOnlyKeys("x", "opt");
        }

        assertThat(tellFails("--trial", "1", "--value", "1"))
                .isEqualTo("paratune: --value 1: study 'two-ways' has 2"
                        + " direction(s) [MINIMIZE, MAXIMIZE], so give 2 value(s) with --values x,x");
        assertThat(tellFails("--trial", "1", "--values", "1,nan"))
                .isEqualTo("paratune: --values 1,nan: 'nan' is not"
                        + " a finite number; give the trial's result such as 0.25 (or --state fail if it has none)");
        assertThat(tellFails("--trial", "9", "--values", "1,2"))
                .isEqualTo("paratune: study 'two-ways' has no trial 9"
                        + " (its trials are numbered 0 to 3); give the number 'paratune ask' printed");

        assertThat(tell("--trial", "1", "--values", "0.5,7"))
                .startsWith("trial 1 of study 'two-ways': COMPLETE," + " values ");
        assertThat(tellFails("--trial", "1", "--values", "0.5,7"))
                .startsWith("paratune: trial 1 of study 'two-ways'"
                        + " is COMPLETE, not RUNNING: it finished already (values ")
                .endsWith("); a trial is told once");
        assertThat(tell("--trial", "2", "--state", "fail", "--message", "out of memory"))
                .isEqualTo("trial 2 of study 'two-ways': FAIL");
        assertThat(tellFails("--trial", "2", "--state", "pruned"))
                .isEqualTo("paratune: trial 2 of study 'two-ways'"
                        + " is FAIL, not RUNNING: it finished already (out of memory); a trial is told once");
        // a study started elsewhere: by its storage and name
        Cli.Result pruned = Cli.run(
                dir.getParent(),
                "tell",
                "--storage",
                url(),
                "--study",
                "two-ways",
                "--trial",
                "3",
                "--state",
                "pruned");
        assertThat(pruned.code()).as(pruned.err()).isZero();

        Cli.Result env = Cli.run(dir.getParent(), "ask", "--storage", url(), "--study", "two-ways", "--format", "env");
        assertThat(env.code()).as(env.err()).isZero();
        assertThat(env.out())
                .startsWith("PARATUNE_TRIAL=4\nPARATUNE_STUDY=two-ways\nPARATUNE_PARAMS={\"x\":")
                .contains("\nPARATUNE_COMMAND=./hold.sh ")
                .contains("\nPARATUNE_WORKDIR=" + dir.toRealPath() + "\n")
                .containsPattern("\nPARATUNE_PARAM_opt=(adam|sgd)\n");
        Cli.Result spent = Cli.run(dir, "ask", "study.yaml", "-n", "2");
        assertThat(spent.code()).isEqualTo(1);
        assertThat(spent.err()).contains("the study's budget of 5 trials is spent");
        assertThat(tell("--trial", "4", "--values", "1,1")).startsWith("trial 4 of study 'two-ways': COMPLETE");

        Cli.Result export = Cli.run(dir, "export", "study.yaml", "--format", "json");
        JsonNode rows = export.exportJson();
        assertThat(rows)
                .extracting(r -> r.get("state").asText())
                .containsExactly("COMPLETE", "COMPLETE", "FAIL", "PRUNED", "COMPLETE");
        assertThat(rows.get(2).get("failure_message").asText()).isEqualTo("out of memory");
        Budgets.assertKept(url(), "two-ways", 5);
    }

    /** The study's trials, or none while the study does not exist yet. */
    private List<FrozenTrial> trialsIfAny(String study) {
        try (JdbcStorage s = JdbcStorage.open(url())) {
            return s.findStudy(study).map(info -> s.trials(info.id())).orElse(List.of());
        }
    }

    private String tell(String... args) throws Exception {
        Cli.Result r = Cli.run(dir, concat(args));
        assertThat(r.code()).as(r.err()).isZero();
        return r.out().strip();
    }

    private String tellFails(String... args) throws Exception {
        Cli.Result r = Cli.run(dir, concat(args));
        assertThat(r.code()).as(r.out()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        return r.err().strip();
    }

    private static String[] concat(String... args) {
        List<String> all = new ArrayList<>(List.of("tell", "study.yaml"));
        all.addAll(List.of(args));
        return all.toArray(new String[0]);
    }
}
