package io.paratune.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RealModelsTableTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static RealModelRun run(String problem, String sampler, long seed, double... values) {
        return new RealModelRun(
                problem, sampler, seed, values.length, 2, values, values.length, 0, 0, 0, 0, List.of(), 1.0);
    }

    @Test
    void scoresAreHundredAtTheBestKnownLossAndZeroAtRandomSearchsMean() {
        List<RealModelRun> runs = List.of(
                run("p", "random", 0, 0.5, 0.4, 0.3, 0.3),
                run("p", "random", 1, 0.6, 0.6, 0.5, 0.1),
                run("p", "gp", 0, 0.5, 0.2, 0.1, 0.1),
                run("p", "gp", 1, 0.9, 0.9, 0.9, 0.9));
        RealModelsTable t = new RealModelsTable(runs);
        assertThat(t.opt("p")).isEqualTo(0.1);
        // random after 2 trials: mean of 0.4 and 0.6
        assertThat(t.random("p", 2)).isCloseTo(0.5, offset(1e-12));
        assertThat(t.score(runs.get(2), 2)).isCloseTo(100 * (1 - (0.2 - 0.1) / (0.5 - 0.1)), offset(1e-9));
        assertThat(t.score(runs.get(2), 4)).isCloseTo(100, offset(1e-9));
        // random after 4 trials: mean of 0.3 and 0.1 = 0.2; gp seed 1 stuck at 0.9 is far below random
        assertThat(t.score(runs.get(3), 4)).isCloseTo(100 * (1 - (0.9 - 0.1) / (0.2 - 0.1)), offset(1e-9));
        assertThat(t.medianScore("random", null, 4)).isCloseTo(0, offset(1e-9));
        assertThat(t.markdown(List.of(4))).contains("| random | 2 | 0.0 |");
        assertThat(t.markdown(List.of(2, 4)))
                .contains("| sampler | runs | score @2 | score @4 |", "| gp | 2 | ", "| p | 0.1000 | 0.2000 |");
    }

    @Test
    void aProblemRandomSearchAlwaysSolvesHasNoScore() {
        List<RealModelRun> runs = List.of(run("easy", "random", 0, 0.1, 0.1), run("easy", "tpe", 0, 0.2, 0.1));
        RealModelsTable t = new RealModelsTable(runs);
        assertThat(t.score(runs.get(1), 1)).isNaN();
        assertThat(t.medianScore("tpe", null, 2)).isNaN();
        assertThat(t.markdown(List.of(2))).contains("| tpe | 1 | n/a |");
    }

    @Test
    void aCrashedRunKeepsItsBestSoFar() {
        RealModelRun crashed = run("p", "tpe", 0, 0.3, 0.2);
        assertThat(crashed.bestAfter(64)).isEqualTo(0.2);
        assertThat(run("p", "x", 0, Double.NaN, 0.4, Double.NaN).trajectory())
                .containsExactly(Double.POSITIVE_INFINITY, 0.4, 0.4);
    }

    @Test
    void resultLinesReadBackUnchanged() throws Exception {
        RealModelRun r = new RealModelRun(
                "svm-digits",
                "gp+deterministic=true",
                2,
                4,
                2,
                new double[] {0.5, Double.NaN, 0.25, 0.125},
                3,
                1,
                0,
                1,
                0,
                List.of("trial 1 FAIL: x"),
                12.5);
        RealModelRun back = RealModelRun.fromJson(JSON.readTree(r.toJson("paratune dev", "python 3")));
        assertThat(back.values()).containsExactly(0.5, Double.NaN, 0.25, 0.125);
        assertThat(back).usingRecursiveComparison().ignoringFields("values").isEqualTo(r);
        assertThat(r.toJson("paratune dev", "python 3")).contains("\"best\":0.125", "\"values\":[0.5,null,0.25,0.125]");
    }

    private static JsonNode row(int number, String state, Double value, String failure) {
        var o = JSON.createObjectNode().put("number", number).put("state", state);
        if (value != null) {
            o.putArray("values").add(value);
        }
        o.put("failure_message", failure);
        return o;
    }

    private static JsonNode evaluation(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void trialsLostToTheSamplerOrCliAreCountedAndModelFailuresAreNot() throws Exception {
        List<JsonNode> rows = new ArrayList<>(List.of(
                row(0, "COMPLETE", 0.5, null),
                row(1, "FAIL", null, "exit code 3"),
                row(2, "FAIL", null, "exit code 4"),
                row(3, "FAIL", null, "it printed no result"),
                row(4, "COMPLETE", 0.25, null),
                row(5, "RUNNING", null, null),
                row(6, "COMPLETE", 0.75, null)));
        Map<Integer, JsonNode> evaluated = Map.of(
                0, evaluation("{\"value\": 0.5}"),
                1, evaluation("{\"error\": \"ValueError: bad\", \"kind\": \"model\"}"),
                2, evaluation("{\"error\": \"C=5000 is outside [0.01, 1000.0]\", \"kind\": \"params\"}"),
                4, evaluation("{\"value\": 0.2500001}"));
        RealModelStudy.Trials t = RealModelStudy.Trials.sort(rows, evaluated, 8);
        assertThat(t.complete()).isEqualTo(3);
        assertThat(t.modelFailures()).isEqualTo(1);
        assertThat(t.values()).containsExactly(0.5, Double.NaN, Double.NaN, Double.NaN, 0.25, Double.NaN, 0.75);
        assertThat(t.issues())
                .containsExactly(
                        "trial 2 FAIL: C=5000 is outside [0.01, 1000.0]",
                        "trial 3 FAIL: it printed no result",
                        "trial 4 stored value 0.25 differs from the evaluated 0.2500001",
                        "trial 5 left RUNNING",
                        "trial 6 COMPLETE with value 0.75 but the model server did not evaluate it",
                        "the study has 7 trials, 8 were asked for");
        assertThat(t.samplerFailures()).isEqualTo(6);
        assertThat(RealModelStudy.Trials.sort(rows.subList(0, 1), evaluated, 1).samplerFailures())
                .isZero();
    }

    @Test
    void loggedSamplerWarningsCountAndOtherWarningsAreOnlyReported() {
        RealModelStudy.Logged logged = RealModelStudy.Logged.of(String.join(
                "\n",
                "Dec 07, 2026 9:08:05 AM io.paratune.Heartbeats beat",
                "WARNING: trial #20 is no longer RUNNING (failed as stale by another worker?); its heartbeat stops",
                "INFO: Trial 21 COMPLETE with values [0.1]",
                "WARNING: TpeSampler failed (java.lang.ArrayIndexOutOfBoundsException: 4609); sampled independently",
                "trial 3 COMPLETE value=0.1 params={sampler_kind=exception}"));
        assertThat(logged.sampler())
                .containsExactly(
                        "WARNING: TpeSampler failed (java.lang.ArrayIndexOutOfBoundsException: 4609); sampled independently");
        assertThat(logged.other()).hasSize(1).allMatch(l -> l.contains("heartbeat"));
    }

    @Test
    void checkpointsStopAtTheBudgetAndEndWithIt() {
        assertThat(RealModelsCommand.checkpoints(List.of(32, 64, 128), 128)).containsExactly(32, 64, 128);
        assertThat(RealModelsCommand.checkpoints(List.of(32, 64, 128), 24)).containsExactly(24);
        assertThat(RealModelsCommand.checkpoints(List.of(64, 8), 40)).containsExactly(8, 40);
    }
}
