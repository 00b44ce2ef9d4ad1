package io.paratune.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ObjectivesTest {

    @Test
    void braninHasItsThreeMinima() {
        assertThat(Objectives.branin(-Math.PI, 12.275)).isCloseTo(Objectives.BRANIN_MINIMUM, within(1e-6));
        assertThat(Objectives.branin(Math.PI, 2.275)).isCloseTo(Objectives.BRANIN_MINIMUM, within(1e-6));
        assertThat(Objectives.branin(9.42478, 2.475)).isCloseTo(Objectives.BRANIN_MINIMUM, within(1e-6));
        assertThat(Objectives.branin(0, 0)).isGreaterThan(Objectives.BRANIN_MINIMUM + 1);
    }

    @Test
    void zdt1ReachesItsFrontWhereTheOtherVariablesAreZero() {
        double[] f = Objectives.zdt1(new double[] {0.25, 0, 0, 0, 0, 0});
        assertThat(f).containsExactly(0.25, 0.5);
        assertThat(Objectives.zdt1(new double[] {0.25, 0.5, 0, 0, 0, 0})[1]).isGreaterThan(0.5);
    }

    @Test
    void dtlz2ReachesTheUnitSphereWhereTheOtherVariablesAreOneHalf() {
        double[] f = Objectives.dtlz2(new double[] {0.3, 0.7, 0.5, 0.5, 0.5, 0.5});
        assertThat(f[0] * f[0] + f[1] * f[1] + f[2] * f[2]).isCloseTo(1.0, within(1e-12));
        double[] off = Objectives.dtlz2(new double[] {0.3, 0.7, 0.9, 0.5, 0.5, 0.5});
        assertThat(off[0] * off[0] + off[1] * off[1] + off[2] * off[2]).isGreaterThan(1.0);
    }
}
