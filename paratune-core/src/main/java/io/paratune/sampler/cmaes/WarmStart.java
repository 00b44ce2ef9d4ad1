package io.paratune.sampler.cmaes;

import java.util.Arrays;
import java.util.Comparator;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.EigenDecompositionSymmetric;

/**
 * The initial distribution of warm-started CMA-ES (WS-CMA-ES, Nomura et al. 2021): the mean and
 * covariance of the best {@code gamma} fraction of earlier solutions, with the prior {@code
 * alpha^2 I} added, split into a step size and a covariance of determinant 1.
 *
 * @param mean the initial mean
 * @param sigma the initial step size
 * @param cov the initial covariance
 */
record WarmStart(double[] mean, double sigma, double[][] cov) {
    static final double GAMMA = 0.1;
    static final double ALPHA = 0.1;

    /**
     * @param xs earlier solutions (coordinates); not modified
     * @param losses their losses, lower is better
     * @throws IllegalArgumentException if fewer than {@code 1 / GAMMA} solutions are given
     */
    static WarmStart of(double[][] xs, double[] losses) {
        int top = (int) Math.floor(xs.length * GAMMA);
        if (top < 1) {
            throw new IllegalArgumentException("warm start needs at least " + (int) Math.ceil(1 / GAMMA)
                    + " finished source trials with every parameter, got " + xs.length);
        }
        Integer[] order = new Integer[xs.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> losses[i]));
        int n = xs[0].length;
        double[] mean = new double[n];
        for (int k = 0; k < top; k++) {
            for (int i = 0; i < n; i++) {
                mean[i] += xs[order[k]][i] / top;
            }
        }
        double[][] sigma = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double second = 0;
                for (int k = 0; k < top; k++) {
                    second += xs[order[k]][i] * xs[order[k]][j];
                }
                sigma[i][j] = (i == j ? ALPHA * ALPHA : 0) + second / top - mean[i] * mean[j];
            }
        }
        double det = new EigenDecompositionSymmetric(new Array2DRowRealMatrix(sigma, false)).getDeterminant();
        double step = Math.pow(det, 1.0 / 2.0 / n);
        double scale = Math.pow(det, 1.0 / n);
        double[][] cov = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                cov[i][j] = sigma[i][j] / scale;
            }
        }
        return new WarmStart(mean, step, cov);
    }
}
