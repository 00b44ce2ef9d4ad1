package io.paratune.bench;

import io.paratune.testkit.Objectives;
import java.util.Arrays;
import java.util.Locale;

/**
 * The objectives of the shared quality protocol (all minimised), the Java form of the reference
 * implementation {@code paratune-bench/peers/bench_functions.py}.
 */
enum BenchFunction implements Objective {
    /** Branin on x1 in [-5, 10], x2 in [0, 15]. */
    BRANIN2(new double[] {-5, 0}, new double[] {10, 15}, Objectives.BRANIN_MINIMUM) {
        @Override
        public double apply(double[] x) {
            return Objectives.branin(x[0], x[1]);
        }
    },
    /** Hartmann 6 on [0, 1]^6. */
    HARTMANN6(fill(6, 0), fill(6, 1), -3.32237) {
        private final double[][] a = {
            {10, 3, 17, 3.5, 1.7, 8}, {0.05, 10, 17, 0.1, 8, 14}, {3, 3.5, 1.7, 10, 17, 8}, {17, 8, 0.05, 10, 0.1, 14}
        };
        private final double[][] p = {
            {1312, 1696, 5569, 124, 8283, 5886},
            {2329, 4135, 8307, 3736, 1004, 9991},
            {2348, 1451, 3522, 2883, 3047, 6650},
            {4047, 8828, 8732, 5743, 1091, 381}
        };
        private final double[] alpha = {1.0, 1.2, 3.0, 3.2};

        @Override
        public double apply(double[] x) {
            double total = 0;
            for (int i = 0; i < 4; i++) {
                double inner = 0;
                for (int j = 0; j < 6; j++) {
                    double d = x[j] - p[i][j] * 1e-4;
                    inner += a[i][j] * d * d;
                }
                total += alpha[i] * Math.exp(-inner);
            }
            return -total;
        }
    },
    /** Ackley on [-32.768, 32.768]^10. */
    ACKLEY10(fill(10, -32.768), fill(10, 32.768), 0.0) {
        @Override
        public double apply(double[] x) {
            int d = x.length;
            double s1 = 0;
            double s2 = 0;
            for (double v : x) {
                s1 += v * v;
                s2 += Math.cos(2 * Math.PI * v);
            }
            return -20 * Math.exp(-0.2 * Math.sqrt(s1 / d)) - Math.exp(s2 / d) + 20 + Math.E;
        }
    };

    private final double[] lower;
    private final double[] upper;
    private final double fStar;

    BenchFunction(double[] lower, double[] upper, double fStar) {
        this.lower = lower;
        this.upper = upper;
        this.fStar = fStar;
    }

    private static double[] fill(int n, double v) {
        double[] out = new double[n];
        Arrays.fill(out, v);
        return out;
    }

    @Override
    public abstract double apply(double[] x);

    @Override
    public int dimension() {
        return lower.length;
    }

    @Override
    public double lower(int i) {
        return lower[i];
    }

    @Override
    public double upper(int i) {
        return upper[i];
    }

    @Override
    public double fStar() {
        return fStar;
    }

    /** The protocol's name, as in {@code branin2}. */
    @Override
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The function of that protocol name. */
    static BenchFunction byId(String id) {
        for (BenchFunction f : values()) {
            if (f.id().equals(id)) {
                return f;
            }
        }
        throw new UsageException("--function " + id + " is not known; use one of "
                + Arrays.stream(values()).map(BenchFunction::id).toList());
    }
}
