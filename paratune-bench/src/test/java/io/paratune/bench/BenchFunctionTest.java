package io.paratune.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Checked against the values printed by {@code python3 paratune-bench/peers/bench_functions.py}. */
class BenchFunctionTest {

    private static double[] fill(int n, double v) {
        double[] x = new double[n];
        Arrays.fill(x, v);
        return x;
    }

    @Test
    void valuesMatchTheReferenceImplementation() {
        assertThat(BenchFunction.BRANIN2.apply(new double[] {Math.PI, 2.275}))
                .isCloseTo(0.39788735772973816, within(1e-14));
        assertThat(BenchFunction.BRANIN2.apply(new double[] {0, 0})).isCloseTo(55.602112642270264, within(1e-12));
        assertThat(BenchFunction.HARTMANN6.apply(
                        new double[] {0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573}))
                .isCloseTo(-3.322368011391339, within(1e-14));
        assertThat(BenchFunction.HARTMANN6.apply(fill(6, 0.5))).isCloseTo(-0.5053149917022333, within(1e-14));
        assertThat(BenchFunction.ACKLEY10.apply(fill(10, 0))).isCloseTo(4.440892098500626e-16, within(1e-15));
        assertThat(BenchFunction.ACKLEY10.apply(fill(10, 1))).isCloseTo(3.6253849384403627, within(1e-13));
    }

    @Test
    void boundsAndMinimaFollowTheProtocol() {
        assertThat(BenchFunction.BRANIN2.dimension()).isEqualTo(2);
        assertThat(BenchFunction.BRANIN2.upper(1)).isEqualTo(15);
        assertThat(BenchFunction.HARTMANN6.fStar()).isEqualTo(-3.32237);
        assertThat(BenchFunction.ACKLEY10.lower(9)).isEqualTo(-32.768);
        assertThat(BenchFunction.byId("ackley10")).isEqualTo(BenchFunction.ACKLEY10);
        assertThatThrownBy(() -> BenchFunction.byId("rosen")).hasMessageContaining("branin2");
    }
}
