package io.paratune.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A function of the large protocol at any dimension, the Java form of {@code SCALABLE} in {@code
 * paratune-bench/peers/bench_functions.py}: Ackley on [-32.768, 32.768]^d, Rastrigin on [-5.12,
 * 5.12]^d, Rosenbrock on [-5, 10]^d and Griewank on [-600, 600]^d, all with f* = 0. Its id is the
 * family and the dimension, as {@code ackley20}.
 *
 * @param family which function
 * @param dimension d, from 2 to {@link #MAX_DIMENSION}
 */
record ScalableFunction(Family family, int dimension) implements Objective {

    /** The largest dimension an id may name. */
    static final int MAX_DIMENSION = 1000;

    private static final Pattern ID = Pattern.compile("([a-z]+)([0-9]+)");

    ScalableFunction {
        if (dimension < 2 || dimension > MAX_DIMENSION) {
            throw new UsageException("--function " + family.id() + dimension + ": dimension " + dimension
                    + " is out of range; give 2 to " + MAX_DIMENSION + ", as in " + family.id() + "20");
        }
    }

    /** The function named by {@code id} (family then dimension), or empty when no family matches. */
    static Optional<Objective> parse(String id) {
        Matcher m = ID.matcher(id);
        if (!m.matches()) {
            return Optional.empty();
        }
        for (Family f : Family.values()) {
            if (f.id().equals(m.group(1))) {
                int d;
                try {
                    d = Integer.parseInt(m.group(2));
                } catch (NumberFormatException e) {
                    d = Integer.MAX_VALUE; // more digits than an int: out of range below
                }
                return Optional.of(new ScalableFunction(f, d));
            }
        }
        return Optional.empty();
    }

    @Override
    public String id() {
        return family.id() + dimension;
    }

    @Override
    public double lower(int i) {
        return family.lower;
    }

    @Override
    public double upper(int i) {
        return family.upper;
    }

    @Override
    public double fStar() {
        return 0.0;
    }

    @Override
    public double apply(double[] x) {
        return family.apply(x);
    }

    /** The four functions; sums run left to right, in the order of the Python reference. */
    enum Family {
        ACKLEY(-32.768, 32.768) {
            @Override
            double apply(double[] x) {
                int d = x.length;
                double s1 = 0;
                double s2 = 0;
                for (double v : x) {
                    s1 += v * v;
                }
                for (double v : x) {
                    s2 += Math.cos(2 * Math.PI * v);
                }
                return -20 * Math.exp(-0.2 * Math.sqrt(s1 / d)) - Math.exp(s2 / d) + 20 + Math.E;
            }
        },
        RASTRIGIN(-5.12, 5.12) {
            @Override
            double apply(double[] x) {
                double s = 0;
                for (double v : x) {
                    s += v * v - 10 * Math.cos(2 * Math.PI * v);
                }
                return 10 * x.length + s;
            }
        },
        ROSENBROCK(-5, 10) {
            @Override
            double apply(double[] x) {
                double s = 0;
                for (int i = 0; i < x.length - 1; i++) {
                    double a = x[i + 1] - x[i] * x[i];
                    double b = 1 - x[i];
                    s += 100 * (a * a) + b * b;
                }
                return s;
            }
        },
        GRIEWANK(-600, 600) {
            @Override
            double apply(double[] x) {
                double s = 0;
                double p = 1;
                for (double v : x) {
                    s += v * v;
                }
                for (int i = 0; i < x.length; i++) {
                    p *= Math.cos(x[i] / Math.sqrt(i + 1));
                }
                return 1 + s / 4000 - p;
            }
        };

        private final double lower;
        private final double upper;

        Family(double lower, double upper) {
            this.lower = lower;
            this.upper = upper;
        }

        abstract double apply(double[] x);

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        static List<String> ids() {
            return Arrays.stream(values()).map(Family::id).toList();
        }
    }
}
