package io.paratune.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How long a pruned trial takes to end after its process has exited: {@code paratune run} with a
 * command that is pruned at step 0 and notes the moment it exits on SIGTERM; the overhead is the
 * trial's recorded finish minus that moment (median and p90 over the trials).
 *
 * <p>Run after {@code mvn -q -B package -pl paratune-cli -am -DskipTests}: {@code java -cp
 * paratune-cli/target/paratune-cli.jar:paratune-cli/target/test-classes io.paratune.cli.StopOverheadBench
 * [trials]}.
 */
public final class StopOverheadBench {
    private StopOverheadBench() {}

    public static void main(String[] args) throws Exception {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.SEVERE);
        Path dir = Files.createTempDirectory("paratune-stop");
        Path script = dir.resolve("objective.sh");
        Files.writeString(script, """
                #!/bin/sh
                trap 'date +%s.%N > "died-$PARATUNE_TRIAL"; exit 143' TERM
                echo "paratune: step=0 value=100"
                sleep 30 &
                wait
                """);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(
                dir.resolve("study.yaml"),
                "name: stop\n"
                        + "search_space:\n  x: {type: float, low: 0, high: 1}\n"
                        + "command: ./objective.sh {x}\n"
                        + "sampler: {name: random, options: {seed: 1}}\n"
                        + "pruner: {name: threshold, options: {upper: 10}}\n"
                        + "trials: " + trials + "\n");
        int code = Main.execute(
                new String[] {"run", dir.resolve("study.yaml").toString(), "--no-progress"},
                new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()),
                Map.of(),
                false);
        if (code != 0) {
            throw new IllegalStateException("paratune run exited with " + code);
        }
        StringWriter export = new StringWriter();
        Main.execute(
                new String[] {"export", dir.resolve("study.yaml").toString(), "--format", "json"},
                new PrintWriter(export),
                new PrintWriter(new StringWriter()),
                Map.of(),
                false);
        List<Double> millis = new ArrayList<>();
        for (JsonNode t : new ObjectMapper().readTree(export.toString())) {
            Path stamp = dir.resolve("died-" + t.get("number").asInt());
            if (t.get("state").asText().equals("PRUNED") && Files.exists(stamp)) {
                Instant finished = Instant.parse(t.get("finished").asText());
                BigDecimal died = new BigDecimal(Files.readString(stamp).strip());
                millis.add((finished.getEpochSecond() + finished.getNano() / 1e9 - died.doubleValue()) * 1000);
            }
        }
        millis.sort(null);
        System.out.printf(
                Locale.ROOT,
                "pruned trials measured: %d of %d; from the process's exit to the trial's"
                        + " end: median %.1f ms, p90 %.1f ms, max %.1f ms%n",
                millis.size(),
                trials,
                millis.get(millis.size() / 2),
                millis.get((int) (millis.size() * 0.9)),
                millis.get(millis.size() - 1));
    }
}
