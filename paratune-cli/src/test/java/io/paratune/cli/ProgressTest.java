package io.paratune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.paratune.Direction;
import io.paratune.FrozenTrial;
import io.paratune.TrialState;
import io.paratune.space.FloatDistribution;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The console of a run: failures with their reason and log lines, and the table of running trials. */
class ProgressTest {
    private final StringWriter text = new StringWriter();
    private final PrintWriter out = new PrintWriter(text);

    private static FrozenTrial failed(int number, String message) {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        return new FrozenTrial(
                number,
                number,
                TrialState.FAIL,
                Map.of("x", 0.5),
                Map.of("x", FloatDistribution.of("x", 0, 1)),
                null,
                new TreeMap<>(),
                start,
                start.plusSeconds(2),
                Map.of(),
                Map.of(),
                message);
    }

    @Test
    void aFailureShowsItsWholeReasonAndTheLastLinesOfItsLogCut() {
        try (Progress p = new Progress(out, "s", List.of(Direction.MINIMIZE), 3, 0, false, null, null)) {
            p.started(0, Map.of("x", 0.5), null);
            p.finished(
                    failed(
                            0,
                            "exited with code 3 (SIGQUIT) (retry 1 of 1 enqueued); log /l/t.log; last lines:\n"
                                    + "one\ntwo\nthree\nfour\nfive\nsix\n" + "y".repeat(300)),
                    true);
        }
        List<String> lines = text.toString().lines().toList();
        assertThat(lines.get(0))
                .startsWith("trial 0 FAIL params={x=0.5} (2.0 s): exited with code 3 (SIGQUIT)"
                        + " (retry 1 of 1 enqueued); log /l/t.log [enqueued again] | done 0/3, running 0, failed 1");
        assertThat(lines.subList(1, lines.size()))
                .containsExactly(
                        "    three",
                        "    four",
                        "    five",
                        "    six",
                        "    " + "y".repeat(Progress.LINE_CHARS - 3) + "...");
    }

    @Test
    void onATerminalFailuresArePrintedAboveTheBarAndTheTableIsRedrawnAboveIt() {
        Progress p = new Progress(out, "s", List.of(Direction.MINIMIZE), 3, 0, true, null, Duration.ofSeconds(1), 80);
        Map<String, Object> params = new java.util.LinkedHashMap<>();
        params.put("lr", 0.01);
        params.put("layers", 3);
        p.started(4, params, "1");
        p.stepped(4, 7, 0.125);
        p.started(5, Map.of("lr", 0.1, "layers", 1), null);
        p.finished(failed(5, "exited with code 1; log /l/5.log; last lines:\nTraceback"), false);
        String shown = text.toString();
        p.close();
        assertThat(shown)
                .contains("trial 5 FAIL params={x=0.5} (2.0 s): exited with code 1; log /l/5.log\n    Traceback\n");
        // the table is drawn after the failure, for the one trial still running, then the bar
        String table = shown.substring(shown.lastIndexOf("running trials ("));
        assertThat(table)
                .startsWith("running trials (1)")
                .containsPattern(
                        "\n +trial +step +value +elapsed +device +params\n +4 +7 +0\\.125000 +\\d+ ms +1 +lr=0\\.01, layers=3\n");
        assertThat(text.toString())
                .as("closing erases the table and leaves the bar")
                .endsWith("\n")
                .contains("\033[J");
    }
}
