package io.paratune.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The multi-objective benchmark; values checked against {@code paratune-bench/peers/bench_functions.py}. */
class MoQualityTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return BenchMain.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void valuesMatchTheReferenceImplementation() {
        assertThat(MoFunction.ZDT1_6.apply(new double[] {0.25, 0, 0, 0, 0, 0})).containsExactly(0.25, 0.5);
        assertThat(MoFunction.ZDT1_6.apply(new double[] {0.3, 0.1, 0.7, 0.2, 0.9, 0.4}))
                .containsExactly(new double[] {0.3, 3.8982270738979685}, within(1e-14));
        assertThat(MoFunction.DTLZ2_6.apply(new double[] {0.2, 0.8, 0.1, 0.6, 0.3, 0.9}))
                .containsExactly(
                        new double[] {0.4026328978203441, 1.239176641146839, 0.42335328229367797}, within(1e-14));
        assertThat(MoFunction.ZDT1_6.hvTrue()).isCloseTo(120.66666666666667, within(1e-12));
        assertThat(MoFunction.DTLZ2_6.hvTrue()).isCloseTo(0.8074012244017016, within(1e-12));
        assertThat(MoFunction.DTLZ2_6.reference()).containsExactly(1.1, 1.1, 1.1);
        assertThatThrownBy(() -> MoFunction.byId("zdt2")).hasMessageContaining("zdt1_6");
    }

    @Test
    void theFrontKeepsOnlyNonDominatedPoints() {
        List<double[]> front = MoQualityRun.addToFront(List.of(), new double[] {1, 2});
        front = MoQualityRun.addToFront(front, new double[] {2, 1});
        front = MoQualityRun.addToFront(front, new double[] {3, 3});
        assertThat(front).hasSize(2);
        front = MoQualityRun.addToFront(front, new double[] {0.5, 0.5});
        assertThat(front).containsExactly(new double[] {0.5, 0.5});
    }

    @Test
    void moQualityWritesHypervolumeTrajectoriesThatNeverShrink() {
        assertThat(run(
                        "mo-quality",
                        "--sampler",
                        "random",
                        "--function",
                        "zdt1_6,dtlz2_6",
                        "--seeds",
                        "0-1",
                        "--budget",
                        "24"))
                .isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0))
                .contains("\"function\": \"zdt1_6\"")
                .contains("\"hv_true\": 120.666667")
                .contains("\"mode\": \"batch8\"")
                .contains("\"reference\": [11.0, 11.0]");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("dtlz2_6 batch8: median log10 HV gap");
        MoQualityRun r = MoQualityRun.run(SamplerChoice.of("random", "default"), MoFunction.DTLZ2_6, 3, 40);
        for (int i = 1; i < 40; i++) {
            assertThat(r.trajectory()[i]).isGreaterThanOrEqualTo(r.trajectory()[i - 1]);
        }
        assertThat(r.trajectory()[39]).isBetween(0.0, MoFunction.DTLZ2_6.hvTrue());
    }

    @Test
    void theGpWithTheProtocolsReferencePointRunsAndGpTimeTakesMultiObjectiveFunctions() {
        MoQualityRun r = MoQualityRun.run(SamplerChoice.of("gp", "ref"), MoFunction.ZDT1_6, 1, 16);
        assertThat(r.toJson("paratune test")).contains("\"config\": \"ref: ");
        assertThat(r.trajectory()).hasSize(16);
        assertThat(run("gp-time", "--function", "zdt1_6", "--history", "12", "--batch", "2", "--repeats", "1"))
                .isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"objectives\": 2");
    }

    @Test
    void theChebyshevAndDeterministicGpConfigurationsRun() {
        MoQualityRun cheb = MoQualityRun.run(SamplerChoice.of("gp", "chebyshev"), MoFunction.ZDT1_6, 1, 16);
        assertThat(cheb.toJson("paratune test"))
                .contains("\"config\": \"chebyshev: ")
                .contains("CHEBYSHEV");
        assertThat(cheb.trajectory()).hasSize(16);
        MoQualityRun det = MoQualityRun.run(SamplerChoice.of("gp", "ref-deterministic"), MoFunction.ZDT1_6, 1, 16);
        assertThat(det.toJson("paratune test"))
                .contains("\"config\": \"ref-deterministic: ")
                .contains("withFixedNoise");
        assertThat(det.trajectory()[15]).isBetween(0.0, MoFunction.ZDT1_6.hvTrue());
        MoQualityRun exploit =
                MoQualityRun.run(SamplerChoice.of("gp", "ref-deterministic-exploit"), MoFunction.ZDT1_6, 1, 16);
        assertThat(exploit.toJson("paratune test"))
                .contains("\"config\": \"ref-deterministic-exploit: ")
                .contains("exploitation(0.75)");
        assertThat(exploit.trajectory()[15]).isBetween(0.0, MoFunction.ZDT1_6.hvTrue());
        MoQualityRun quadratic =
                MoQualityRun.run(SamplerChoice.of("gp", "ref-quadratic-exploit"), MoFunction.DTLZ2_6, 1, 16);
        assertThat(quadratic.toJson("paratune test"))
                .contains("\"config\": \"ref-quadratic-exploit: ")
                .contains("withPriorMean(QUADRATIC)")
                .contains("exploitation(0.875)");
        assertThat(quadratic.trajectory()[15]).isBetween(0.0, MoFunction.DTLZ2_6.hvTrue());
    }
}
