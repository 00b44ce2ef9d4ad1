package io.paratune.bo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.paratune.internal.Normal;
import org.hipparchus.special.Erf;
import org.junit.jupiter.api.Test;

class ImprovementMathTest {

    /** h(z) = pdf(z) + z cdf(z) with Hipparchus' erfc, accurate where there is little cancellation. */
    private static double referenceH(double z) {
        return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI) + z * 0.5 * Erf.erfc(-z / Math.sqrt(2));
    }

    @Test
    void logHMatchesTheDirectFormulaWhereThatIsAccurate() {
        for (double z = -6; z <= 10; z += 0.01) {
            assertThat(ImprovementMath.logH(z)).as("logH(%s)", z).isCloseTo(Math.log(referenceH(z)), within(1e-9));
        }
    }

    @Test
    void logHIsFiniteSmoothAndAsymptoticFarBelowTheIncumbent() {
        double previous = ImprovementMath.logH(-1e-3);
        for (double z = -1e-3; z > -1e8; z *= 1.01) {
            double v = ImprovementMath.logH(z);
            assertThat(v).as("logH(%s)", z).isFinite().isLessThan(previous + 1e-12);
            previous = v;
        }
        // far tail: log h(z) = -z^2/2 - log sqrt(2 pi) - 2 log|z| + O(1/z^2)
        for (double z : new double[] {-30, -100, -1e4, -1e6}) {
            double asymptote = -0.5 * z * z - Normal.LOG_SQRT_2PI - 2 * Math.log(-z);
            assertThat(ImprovementMath.logH(z))
                    .isCloseTo(asymptote, within(4 / (z * z) * Math.max(1, Math.abs(asymptote))));
        }
        // the pieces join without jumps
        for (double z : new double[] {-1, -20}) {
            assertThat(ImprovementMath.logH(z - 1e-9)).isCloseTo(ImprovementMath.logH(z + 1e-9), within(1e-7));
        }
    }

    @Test
    void derivativesMatchFiniteDifferences() {
        for (double z = -60; z <= 8; z += 0.37) {
            double step = 1e-6 * Math.max(1, Math.abs(z));
            double fdH = (ImprovementMath.logH(z + step) - ImprovementMath.logH(z - step)) / (2 * step);
            double fdC = (Normal.logCdf(z + step) - Normal.logCdf(z - step)) / (2 * step);
            assertThat(ImprovementMath.dLogH(z))
                    .as("dlogH(%s)", z)
                    .isCloseTo(fdH, within(1e-6 * Math.max(1, Math.abs(fdH))));
            assertThat(Normal.dLogCdf(z))
                    .as("dlogCdf(%s)", z)
                    .isCloseTo(fdC, within(1e-6 * Math.max(1, Math.abs(fdC))));
        }
    }

    @Test
    void logHWithSlopeAgreesWithTheSeparateFunctions() {
        double[] pair = new double[2];
        for (double z = -40; z <= 8; z += 0.013) {
            ImprovementMath.logHWithSlope(z, pair);
            assertThat(pair[0])
                    .as("logH(%s)", z)
                    .isCloseTo(ImprovementMath.logH(z), within(1e-12 * Math.max(1, Math.abs(pair[0]))));
            assertThat(pair[1])
                    .as("dlogH(%s)", z)
                    .isCloseTo(ImprovementMath.dLogH(z), within(1e-10 * Math.max(1, Math.abs(pair[1]))));
        }
    }

    @Test
    void directHAndCdfAgreeWithTheLogarithms() {
        double[] pair = new double[2];
        for (double z = -30; z <= 12; z += 0.0071) {
            ImprovementMath.hAndCdf(z, pair);
            double h = Math.exp(ImprovementMath.logH(z));
            double cdf = Math.exp(Normal.logCdf(z));
            assertThat(pair[0]).as("h(%s)", z).isPositive().isCloseTo(h, within(1e-11 * h));
            assertThat(pair[1]).as("cdf(%s)", z).isCloseTo(cdf, within(1e-12 * cdf));
        }
    }
}
