package io.paratune.sampler.gp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PowerTransformTest {

    @Test
    void lossesSpanningOrdersOfMagnitudeAreCompressedAndKeepTheirOrder() {
        SplittableRandom random = new SplittableRandom(1);
        double[] y = new double[200];
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.exp(random.nextGaussian()); // log-normal: a long upper tail
        }
        double[] t = PowerTransform.apply(y);
        assertThat(t).isNotSameAs(y);
        for (int i = 0; i < y.length; i++) {
            for (int j = 0; j < y.length; j++) {
                if (y[i] < y[j]) {
                    assertThat(t[i]).isLessThan(t[j]);
                }
            }
        }
        assertThat(skewness(t)).isLessThan(skewness(y) / 2);
    }

    @Test
    void symmetricOrLowTailedLossesAreLeftAsTheyAre() {
        SplittableRandom random = new SplittableRandom(2);
        double[] normal = new double[200];
        double[] lowTail = new double[200];
        for (int i = 0; i < normal.length; i++) {
            normal[i] = 3 + random.nextGaussian();
            lowTail[i] = -Math.exp(2 * random.nextGaussian()); // a long lower tail: no lambda in [0, 1] helps
        }
        assertThat(PowerTransform.apply(lowTail)).isSameAs(lowTail);
        double[] t = PowerTransform.apply(normal);
        // lambda near 1: at most a slight bend of standardised values
        double[] z = standardised(normal);
        for (int i = 0; i < t.length; i++) {
            assertThat(t[i]).isCloseTo(z[i], within(0.35 * (1 + z[i] * z[i])));
        }
    }

    @Test
    void fewOrConstantOutputsAreLeftAsTheyAre() {
        double[] two = {1, 1000};
        double[] constant = {5, 5, 5, 5};
        assertThat(PowerTransform.apply(two)).isSameAs(two);
        assertThat(PowerTransform.apply(constant)).isSameAs(constant);
    }

    @Test
    void theTransformIsYeoJohnsons() {
        assertThat(PowerTransform.psi(3, 1)).isEqualTo(3);
        assertThat(PowerTransform.psi(-3, 1)).isEqualTo(-3);
        assertThat(PowerTransform.psi(3, 0)).isCloseTo(Math.log(4), within(1e-15));
        assertThat(PowerTransform.psi(-1, 0)).isCloseTo(-1.5, within(1e-15)); // -((1 + 1)^2 - 1) / 2
        assertThat(PowerTransform.psi(8, 0.5)).isCloseTo(4, within(1e-15)); // (3 - 1) / 0.5
    }

    private static double[] standardised(double[] y) {
        double mean = 0;
        for (double v : y) {
            mean += v;
        }
        mean /= y.length;
        double ss = 0;
        for (double v : y) {
            ss += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(ss / (y.length - 1));
        double[] z = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            z[i] = (y[i] - mean) / sd;
        }
        return z;
    }

    private static double skewness(double[] y) {
        double[] z = standardised(y);
        double s = 0;
        for (double v : z) {
            s += v * v * v;
        }
        return s / z.length;
    }
}
