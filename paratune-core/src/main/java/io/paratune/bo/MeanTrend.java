package io.paratune.bo;

/**
 * The prior mean of a {@link GaussianProcess}: a linear model {@code h(x)^T beta} over basis
 * functions of the inputs whose coefficients are estimated by (ridge-regularised) generalised
 * least squares at each kernel hyperparameter setting, that is profiled out of the marginal
 * likelihood ("universal kriging"; Lophaven, Nielsen and Søndergaard, DACE, 2002, regression
 * models {@code regpoly0} and {@code regpoly2} without cross terms).
 *
 * <p>{@link GpFitOptions.PriorMean#CONSTANT} has the one basis function 1. {@link
 * GpFitOptions.PriorMean#QUADRATIC} adds {@code x_j - 1/2} and {@code (x_j - 1/2)^2} for every
 * continuous dimension: a bowl or ridge per dimension, which lets the model expect the edges of the
 * cube to be worse (or better) than its centre where the data say so instead of reverting to one
 * constant there, the motivation of the quadratic prior mean of Snoek et al., "Scalable Bayesian
 * Optimization Using Deep Neural Networks" (ICML 2015). The non-constant coefficients have a
 * Gaussian prior of standard deviation {@link #COEFFICIENT_PRIOR_SD} (standardised outputs), which
 * keeps the estimate defined with fewer observations than coefficients.
 *
 * <p>Immutable; one instance per GP dimension and kind.
 */
final class MeanTrend {
    /** The prior standard deviation of the non-constant coefficients, in standardised output units. */
    static final double COEFFICIENT_PRIOR_SD = 10;

    private static final double RIDGE = 1 / (COEFFICIENT_PRIOR_SD * COEFFICIENT_PRIOR_SD);

    private final int d;
    /** The continuous dimensions, which get the linear and quadratic terms. */
    private final int[] continuous;

    private final int size;

    private MeanTrend(int d, int[] continuous) {
        this.d = d;
        this.continuous = continuous;
        this.size = 1 + 2 * continuous.length;
    }

    static final MeanTrend CONSTANT = new MeanTrend(0, new int[0]);

    static MeanTrend of(GpFitOptions.PriorMean kind, int d, boolean[] categorical) {
        if (kind == GpFitOptions.PriorMean.CONSTANT) {
            return CONSTANT;
        }
        int count = 0;
        for (int j = 0; j < d; j++) {
            if (categorical == null || !categorical[j]) {
                count++;
            }
        }
        int[] cont = new int[count];
        int c = 0;
        for (int j = 0; j < d; j++) {
            if (categorical == null || !categorical[j]) {
                cont[c++] = j;
            }
        }
        return new MeanTrend(d, cont);
    }

    /** The number of basis functions (coefficients). */
    int size() {
        return size;
    }

    boolean isConstant() {
        return size == 1;
    }

    /** Writes {@code h(x)} for the point at {@code x[offset..offset + d)} into {@code out[0..size)}. */
    void basis(double[] x, int offset, double[] out) {
        out[0] = 1;
        int m = continuous.length;
        for (int c = 0; c < m; c++) {
            double u = x[offset + continuous[c]] - 0.5;
            out[1 + c] = u;
            out[1 + m + c] = u * u;
        }
    }

    /** {@code h(x)^T beta} for the point at {@code x[offset..offset + d)}. */
    double value(double[] beta, double[] x, int offset) {
        double v = beta[0];
        int m = continuous.length;
        for (int c = 0; c < m; c++) {
            double u = x[offset + continuous[c]] - 0.5;
            v += beta[1 + c] * u + beta[1 + m + c] * u * u;
        }
        return v;
    }

    /** Adds {@code d(h(z)^T beta)/dz} to {@code gradient} (d entries). */
    void addGradient(double[] beta, double[] z, double[] gradient) {
        int m = continuous.length;
        for (int c = 0; c < m; c++) {
            int j = continuous[c];
            gradient[j] += beta[1 + c] + 2 * beta[1 + m + c] * (z[j] - 0.5);
        }
    }

    /** The basis at n points, n rows of {@link #size()}, row-major. */
    double[] design(double[] x, int n) {
        double[] h = new double[n * size];
        double[] row = new double[size];
        for (int i = 0; i < n; i++) {
            basis(x, i * d, row);
            System.arraycopy(row, 0, h, i * size, size);
        }
        return h;
    }

    /**
     * The coefficients {@code beta = (H^T K^-1 H + R)^-1 H^T K^-1 y} (R: the ridge on the
     * non-constant coefficients), with {@code alpha = K^-1 y} on entry and {@code K^-1 (y - H
     * beta)} on return. {@code design} is null for the constant trend.
     *
     * @return the coefficients, or {@code {0}} (and alpha unchanged) when the constant trend's
     *     estimate is not finite
     */
    double[] estimate(Cholesky c, double[] alpha, double[] design) {
        int n = alpha.length;
        if (isConstant()) {
            double[] u = new double[n];
            java.util.Arrays.fill(u, 1);
            c.solve(u);
            double num = 0;
            double den = 0;
            for (int i = 0; i < n; i++) {
                num += alpha[i];
                den += u[i];
            }
            if (!(den > 0) || !Double.isFinite(num / den)) {
                return new double[] {0};
            }
            double m = num / den;
            for (int i = 0; i < n; i++) {
                alpha[i] -= m * u[i];
            }
            return new double[] {m};
        }
        int p = size;
        double[][] u = new double[p][n]; // columns of K^-1 H
        for (int k = 0; k < p; k++) {
            double[] col = u[k];
            for (int i = 0; i < n; i++) {
                col[i] = design[i * p + k];
            }
            c.solve(col);
        }
        double[] a = new double[p * p];
        double[] b = new double[p];
        for (int k = 0; k < p; k++) {
            double[] col = u[k];
            double bk = 0;
            for (int i = 0; i < n; i++) {
                bk += design[i * p + k] * alpha[i];
            }
            b[k] = bk;
            for (int l = k; l < p; l++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += design[i * p + l] * col[i];
                }
                a[k * p + l] = s;
                a[l * p + k] = s;
            }
            if (k > 0) {
                a[k * p + k] += RIDGE;
            }
        }
        double[] beta = solveSymmetric(a, b, p);
        if (beta == null) {
            return new double[p];
        }
        for (int k = 0; k < p; k++) {
            double bk = beta[k];
            double[] col = u[k];
            for (int i = 0; i < n; i++) {
                alpha[i] -= bk * col[i];
            }
        }
        return beta;
    }

    /** {@code 1/2 beta^T R beta}: the coefficients' negative log prior, up to a constant. */
    double penalty(double[] beta) {
        double s = 0;
        for (int k = 1; k < beta.length; k++) {
            s += beta[k] * beta[k];
        }
        return 0.5 * RIDGE * s;
    }

    /** Solves the symmetric positive-definite system by Cholesky; null when it is not. */
    private static double[] solveSymmetric(double[] a, double[] b, int p) {
        double[] l = new double[p * p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i * p + j];
                for (int k = 0; k < j; k++) {
                    s -= l[i * p + k] * l[j * p + k];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        return null;
                    }
                    l[i * p + i] = Math.sqrt(s);
                } else {
                    l[i * p + j] = s / l[j * p + j];
                }
            }
        }
        double[] z = b.clone();
        for (int i = 0; i < p; i++) {
            double s = z[i];
            for (int k = 0; k < i; k++) {
                s -= l[i * p + k] * z[k];
            }
            z[i] = s / l[i * p + i];
        }
        for (int i = p - 1; i >= 0; i--) {
            double s = z[i];
            for (int k = i + 1; k < p; k++) {
                s -= l[k * p + i] * z[k];
            }
            z[i] = s / l[i * p + i];
        }
        for (double v : z) {
            if (!Double.isFinite(v)) {
                return null;
            }
        }
        return z;
    }
}
