package io.paratune.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Checked against the values printed by {@code python3 paratune-bench/peers/bench_functions.py}. */
class ScalableFunctionTest {

    private static double[] fill(int n, double v) {
        double[] x = new double[n];
        Arrays.fill(x, v);
        return x;
    }

    /** -0.95, -0.85, ..., 0.95, as the reference script builds it. */
    private static double[] ramp20() {
        double[] x = new double[20];
        for (int i = 0; i < 20; i++) {
            x[i] = 0.1 * (i + 1) - 1.05;
        }
        return x;
    }

    private static double value(String id, double[] x) {
        return Objective.byId(id).apply(x);
    }

    @Test
    void valuesMatchTheReferenceImplementation() {
        assertThat(value("ackley20", fill(20, 0))).isCloseTo(4.440892098500626e-16, within(1e-15));
        assertThat(value("ackley20", fill(20, 0.5))).isCloseTo(4.253654026568412, within(1e-13));
        assertThat(value("ackley20", ramp20())).isCloseTo(3.8967630441788157, within(1e-13));
        assertThat(value("ackley50", fill(50, 3))).isCloseTo(9.023767278119472, within(1e-13));
        assertThat(value("rastrigin20", fill(20, 0))).isCloseTo(0.0, within(1e-12));
        assertThat(value("rastrigin20", fill(20, 0.5))).isCloseTo(405.0, within(1e-11));
        assertThat(value("rastrigin20", ramp20())).isCloseTo(206.65, within(1e-11));
        assertThat(value("rastrigin50", fill(50, 3))).isCloseTo(450.0, within(1e-11));
        assertThat(value("rosenbrock20", fill(20, 1))).isEqualTo(0.0);
        assertThat(value("rosenbrock20", fill(20, 0.5))).isCloseTo(123.5, within(1e-11));
        assertThat(value("rosenbrock20", ramp20())).isCloseTo(973.1443750000002, within(1e-10));
        assertThat(value("rosenbrock50", fill(50, 3))).isCloseTo(176596.0, within(1e-8));
        assertThat(value("griewank20", fill(20, 0))).isCloseTo(0.0, within(1e-15));
        assertThat(value("griewank20", fill(20, 0.5))).isCloseTo(0.3690052585869146, within(1e-14));
        assertThat(value("griewank20", ramp20())).isCloseTo(0.6485069133654151, within(1e-14));
        assertThat(value("griewank50", fill(50, 3))).isCloseTo(1.1125000138825256, within(1e-14));
    }

    @Test
    void idsNameTheFamilyAndTheDimension() {
        Objective f = Objective.byId("griewank50");
        assertThat(f.id()).isEqualTo("griewank50");
        assertThat(f.dimension()).isEqualTo(50);
        assertThat(f.lower(49)).isEqualTo(-600);
        assertThat(f.upper(0)).isEqualTo(600);
        assertThat(f.fStar()).isZero();
        assertThat(Objective.byId("rosenbrock20").lower(3)).isEqualTo(-5);
        assertThat(Objective.byId("rosenbrock20").upper(3)).isEqualTo(10);
        assertThat(Objective.byId("rastrigin2").upper(1)).isEqualTo(5.12);
        assertThat(Objective.byId("ackley20").lower(0)).isEqualTo(-32.768);
        // the shared protocol's ids keep their functions
        assertThat(Objective.byId("ackley10")).isSameAs(BenchFunction.ACKLEY10);
        assertThat(Objective.byId("hartmann6")).isSameAs(BenchFunction.HARTMANN6);
    }

    @Test
    void unknownIdsAndDimensionsAreUsageErrorsNamingTheFix() {
        assertThatThrownBy(() -> Objective.byId("ackly20"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--function ackly20 is not known")
                .hasMessageContaining("branin2")
                .hasMessageContaining("rosenbrock")
                .hasMessageContaining("as ackley20");
        assertThatThrownBy(() -> Objective.byId("ackley")).hasMessageContaining("--function ackley is not known");
        assertThatThrownBy(() -> Objective.byId("rastrigin1"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("dimension 1 is out of range; give 2 to 1000");
        assertThatThrownBy(() -> Objective.byId("griewank99999999999"))
                .hasMessageContaining("is out of range; give 2 to 1000");
    }

    @Test
    void gpTimeAndQualityTakeTheScalableIds() {
        GpTimeCommand.Problem p = GpTimeCommand.Problem.of("ackley20");
        assertThat(p.dimension()).isEqualTo(20);
        assertThat(p.f().apply(fill(20, 0.5))[0]).isCloseTo(4.253654026568412, within(1e-13));
        QualityRun r =
                QualityRun.run(SamplerChoice.of("random", "default"), Objective.byId("rastrigin20"), "batch8", 0, 16);
        assertThat(r.trajectory()).hasSize(16);
        assertThat(r.finalBest()).isPositive();
    }
}
