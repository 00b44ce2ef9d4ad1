package io.paratune.testkit;

/**
 * The test objectives that benchmarks and tests share, written once (the Java form of {@code
 * paratune-bench/peers/bench_functions.py}): each takes a point in its domain and returns the
 * values to minimise. The arithmetic is fixed: benchmark trajectories depend on it bit for bit.
 */
public final class Objectives {
    /** The minimum of {@link #branin}, at {@code (-pi, 12.275)}, {@code (pi, 2.275)} and {@code (9.42478, 2.475)}. */
    public static final double BRANIN_MINIMUM = 0.397887;

    private Objectives() {}

    /** Branin-Hoo on {@code [-5, 10] x [0, 15]}: three global minima of {@link #BRANIN_MINIMUM}. */
    public static double branin(double x1, double x2) {
        double a = 1.0;
        double b = 5.1 / (4 * Math.PI * Math.PI);
        double c = 5 / Math.PI;
        double r = 6.0;
        double s = 10.0;
        double t = 1 / (8 * Math.PI);
        double u = x2 - b * x1 * x1 + c * x1 - r;
        return a * u * u + s * (1 - t) * Math.cos(x1) + s;
    }

    /**
     * ZDT1 on {@code [0, 1]^n}, {@code n >= 2}: two objectives with a convex Pareto front {@code f2 = 1
     * - sqrt(f1)}, reached where {@code x_2 .. x_n} are 0 (Zitzler, Deb and Thiele 2000).
     */
    public static double[] zdt1(double[] x) {
        int n = x.length;
        double sum = 0;
        for (int i = 1; i < n; i++) {
            sum += x[i];
        }
        double g = 1 + 9.0 / (n - 1) * sum;
        double f1 = x[0];
        return new double[] {f1, g * (1 - Math.sqrt(f1 / g))};
    }

    /**
     * DTLZ2 with three objectives on {@code [0, 1]^n}, {@code n >= 3}: a spherical Pareto front
     * (the objectives' squares sum to 1), reached where {@code x_3 .. x_n} are 0.5 (Deb, Thiele,
     * Laumanns and Zitzler 2002).
     */
    public static double[] dtlz2(double[] x) {
        double g = 0;
        for (int i = 2; i < x.length; i++) {
            g += (x[i] - 0.5) * (x[i] - 0.5);
        }
        double a = x[0] * Math.PI / 2;
        double b = x[1] * Math.PI / 2;
        return new double[] {
            (1 + g) * Math.cos(a) * Math.cos(b), (1 + g) * Math.cos(a) * Math.sin(b), (1 + g) * Math.sin(a)
        };
    }
}
