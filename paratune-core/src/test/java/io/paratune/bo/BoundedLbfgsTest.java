package io.paratune.bo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BoundedLbfgsTest {

    /** The Rosenbrock function in n dimensions. */
    private static double rosenbrock(double[] x, double[] g) {
        double f = 0;
        java.util.Arrays.fill(g, 0);
        for (int i = 0; i + 1 < x.length; i++) {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            f += 100 * a * a + b * b;
            g[i] += -400 * a * x[i] - 2 * b;
            g[i + 1] += 200 * a;
        }
        return f;
    }

    @Test
    void findsTheUnconstrainedMinimumOfRosenbrock() {
        double[] x = {-1.2, 1, -1.2, 1};
        double[] lo = {-5, -5, -5, -5};
        double[] hi = {5, 5, 5, 5};
        double v = new BoundedLbfgs(4, 10).minimize(BoundedLbfgsTest::rosenbrock, x, lo, hi, 500, 0);
        assertThat(v).isLessThan(1e-10);
        assertThat(x).containsExactly(new double[] {1, 1, 1, 1}, within(1e-5));
    }

    @Test
    void stopsOnActiveBoundsAtTheConstrainedMinimum() {
        // minimum of sum (x_i - c_i)^2 with c outside the box lies on its faces
        double[] c = {2, -3, 0.25};
        double[] x = {0.5, 0.5, 0.5};
        double[] lo = {0, 0, 0};
        double[] hi = {1, 1, 1};
        BoundedLbfgs.Objective f = (z, g) -> {
            double s = 0;
            for (int i = 0; i < z.length; i++) {
                g[i] = 2 * (z[i] - c[i]);
                s += (z[i] - c[i]) * (z[i] - c[i]);
            }
            return s;
        };
        new BoundedLbfgs(3, 5).minimize(f, x, lo, hi, 100, 0);
        assertThat(x).containsExactly(new double[] {1, 0, 0.25}, within(1e-9));
    }

    @Test
    void keepsVariablesWithEqualBoundsFixed() {
        double[] x = {0.3, 0.7};
        double[] lo = {0.3, -2};
        double[] hi = {0.3, 2};
        new BoundedLbfgs(2, 5).minimize(BoundedLbfgsTest::rosenbrock, x, lo, hi, 200, 0);
        assertThat(x[0]).isEqualTo(0.3);
        assertThat(x[1]).isCloseTo(0.09, within(1e-6));
    }
}
