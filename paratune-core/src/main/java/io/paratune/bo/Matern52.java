package io.paratune.bo;

/**
 * The Matérn-5/2 correlation with one lengthscale per input dimension (ARD), as a function of the
 * scaled squared distance {@code r2 = sum_j delta_j^2 / l_j^2}. For a categorical dimension
 * {@code delta_j^2} is 0 for equal categories and 1 otherwise (the Hamming distance used by
 * Optuna's GP sampler). Rows of inputs are stored flat, row-major.
 */
final class Matern52 {
    private static final double SQRT5 = Math.sqrt(5);

    private Matern52() {}

    /** Scaled squared distance between row {@code i} of {@code x} and the point at {@code z[zOff..]}. */
    static double r2(double[] x, int i, double[] z, int zOff, double[] invLs2, boolean[] categorical) {
        int d = invLs2.length;
        int off = i * d;
        double r2 = 0;
        for (int j = 0; j < d; j++) {
            double delta = x[off + j] - z[zOff + j];
            if (categorical[j]) {
                r2 += delta == 0 ? 0 : invLs2[j];
            } else {
                r2 += delta * delta * invLs2[j];
            }
        }
        return r2;
    }

    /** The correlation k(r) = (1 + sqrt5 r + 5 r^2 / 3) exp(-sqrt5 r), r = sqrt(r2). */
    static double correlation(double r2) {
        double r = Math.sqrt(r2);
        return (1 + SQRT5 * r + 5.0 / 3 * r2) * Math.exp(-SQRT5 * r);
    }

    /** dk/d(r2) = -(5/6) (1 + sqrt5 r) exp(-sqrt5 r); finite at r = 0. */
    static double derivative(double r2) {
        double r = Math.sqrt(r2);
        return -5.0 / 6 * (1 + SQRT5 * r) * Math.exp(-SQRT5 * r);
    }
}
