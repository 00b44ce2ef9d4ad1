package io.paratune.sampler.cmaes;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.EigenDecompositionSymmetric;

/**
 * The covariance matrix {@code C} of CMA-ES, full or diagonal (sep-CMA-ES), with its
 * eigendecomposition {@code C = B D^2 B^T}, computed when first needed after an update (the part
 * that pycma keeps in its {@code GaussFullSampler} and {@code GaussDiagonalSampler}).
 *
 * <p>Not thread-safe; {@link CmaEs} owns it.
 */
final class Covariance {
    /**
     * The decomposition that one update of {@code C} uses, taken before the update makes it stale.
     *
     * @param b the eigenvectors {@code B} as columns (null when separable)
     * @param d the square roots {@code D} of the eigenvalues
     * @param separable whether {@code C} is diagonal
     */
    record Decomposition(double[][] b, double[] d, boolean separable) {
        /** {@code C^(-1/2) v}. */
        double[] invSqrt(double[] v) {
            return separable ? Covariance.divide(v, d) : Covariance.invSqrt(b, d, v);
        }

        /** The length of {@code C^(-1/2) v}. */
        double mahalanobis(double[] v) {
            double[] z = invSqrt(v);
            double length = 0;
            for (double e : z) {
                length += e * e;
            }
            return Math.sqrt(length);
        }
    }

    private final int n;
    private final boolean separable;
    private double[][] cov;
    private double[] covDiag;
    private double[][] eigenVectors;
    private double[] eigenRoots;

    /**
     * @param initial the initial covariance, or null for the identity (ignored when separable); not
     *     modified
     */
    Covariance(int n, boolean separable, double[][] initial) {
        this.n = n;
        this.separable = separable;
        if (separable) {
            covDiag = new double[n];
            Arrays.fill(covDiag, 1.0);
        } else {
            cov = new double[n][n];
            for (int i = 0; i < n; i++) {
                this.cov[i] = initial == null ? unit(n, i) : initial[i].clone();
            }
        }
    }

    private static double[] unit(int n, int i) {
        double[] row = new double[n];
        row[i] = 1.0;
        return row;
    }

    /** Computes {@code B} and {@code D} where an update of {@code C} made them stale. */
    void decompose() {
        if (eigenRoots != null) {
            return;
        }
        if (separable) {
            eigenRoots = new double[n];
            for (int i = 0; i < n; i++) {
                covDiag[i] = covDiag[i] < 0 ? CmaEs.EPS : covDiag[i];
                eigenRoots[i] = Math.sqrt(covDiag[i]);
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                double s = 0.5 * (cov[i][j] + cov[j][i]);
                cov[i][j] = s;
                cov[j][i] = s;
            }
        }
        EigenDecompositionSymmetric eigen =
                new EigenDecompositionSymmetric(new Array2DRowRealMatrix(cov, false), 1e-12, false);
        double[] values = eigen.getEigenvalues();
        double[][] vectors = eigen.getV().getData();
        eigenRoots = new double[n];
        for (int k = 0; k < n; k++) {
            eigenRoots[k] = Math.sqrt(values[k] < 0 ? CmaEs.EPS : values[k]);
        }
        eigenVectors = vectors;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += vectors[i][k] * eigenRoots[k] * eigenRoots[k] * vectors[j][k];
                }
                cov[i][j] = s;
            }
        }
    }

    /** A step {@code B D z} for a standard normal {@code z} drawn from {@code rng}. */
    double[] step(SplittableRandom rng) {
        decompose();
        double[] z = new double[n];
        for (int k = 0; k < n; k++) {
            z[k] = eigenRoots[k] * rng.nextGaussian();
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double y;
            if (separable) {
                y = z[i];
            } else {
                y = 0;
                for (int k = 0; k < n; k++) {
                    y += eigenVectors[i][k] * z[k];
                }
            }
            out[i] = y;
        }
        return out;
    }

    /** Takes {@code B} and {@code D} for one update of {@code C}, after which they are recomputed. */
    Decomposition take() {
        decompose();
        Decomposition taken = new Decomposition(eigenVectors, eigenRoots, separable);
        eigenVectors = null;
        eigenRoots = null;
        return taken;
    }

    /** The square roots {@code D} of the eigenvalues, decomposed where stale. */
    double[] roots() {
        decompose();
        return eigenRoots;
    }

    /** Component {@code i} of eigenvector {@code k} (a unit vector when separable), decomposed where stale. */
    double axis(int i, int k) {
        decompose();
        return separable ? 1.0 : eigenVectors[i][k];
    }

    /**
     * Updates {@code C} to {@code keep C + c1 pc pc^T + cmu sum_k w_k y_k y_k^T}, where a negative
     * weight is scaled by {@code n} over the squared length of {@code C^(-1/2) y_k}.
     *
     * @param taken the decomposition taken before the update
     * @param weights the recombination weights of the steps, best first
     * @param mu the number of positive weights
     * @param y the steps from the mean over sigma, best first
     */
    void update(
            Decomposition taken,
            double keep,
            double c1,
            double[] pc,
            double cmu,
            double[] weights,
            int mu,
            double[][] y) {
        if (separable) {
            for (int i = 0; i < n; i++) {
                double rankMu = 0;
                for (int k = 0; k < mu; k++) {
                    rankMu += weights[k] * y[k][i] * y[k][i];
                }
                covDiag[i] = keep * covDiag[i] + c1 * pc[i] * pc[i] + cmu * rankMu;
            }
        } else {
            int lambda = y.length;
            double[] wio = new double[lambda];
            for (int k = 0; k < lambda; k++) {
                if (weights[k] >= 0) {
                    wio[k] = weights[k];
                } else {
                    double[] v = taken.invSqrt(y[k]);
                    double norm2 = 0;
                    for (double e : v) {
                        norm2 += e * e;
                    }
                    wio[k] = weights[k] * n / (norm2 + CmaEs.EPS);
                }
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    double rankMu = 0;
                    for (int k = 0; k < lambda; k++) {
                        rankMu += wio[k] * y[k][i] * y[k][j];
                    }
                    double c = keep * cov[i][j] + c1 * pc[i] * pc[j] + cmu * rankMu;
                    cov[i][j] = c;
                    cov[j][i] = c;
                }
            }
        }
    }

    /** The diagonal of {@code C}. */
    double[] diagonal() {
        if (separable) {
            return covDiag.clone();
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = cov[i][i];
        }
        return out;
    }

    private static double[] divide(double[] v, double[] d) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] / d[i];
        }
        return out;
    }

    /** {@code C^(-1/2) v = B diag(1/D) B^T v}. */
    private static double[] invSqrt(double[][] b, double[] d, double[] v) {
        int n = v.length;
        double[] t = new double[n];
        for (int k = 0; k < n; k++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += b[i][k] * v[i];
            }
            t[k] = s / d[k];
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = 0; k < n; k++) {
                s += b[i][k] * t[k];
            }
            out[i] = s;
        }
        return out;
    }
}
