package io.paratune.bo;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.decomposition.TriangularSolver_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

/**
 * A Cholesky factor {@code K + jitter I = L L^T} of a symmetric positive semi-definite matrix,
 * computed by EJML. When the matrix is not numerically positive definite the jitter escalates
 * from {@code 1e-9} to {@code 1e-2} times the mean diagonal, tenfold per try.
 */
final class Cholesky {
    private static final double FIRST_JITTER = 1e-9;
    private static final double LAST_JITTER = 1e-2;

    /** The lower factor, row-major n x n with zeros above the diagonal. */
    final double[] lower;

    final int n;
    /** The jitter added to the diagonal; 0 when none was needed. */
    final double jitter;
    /** {@code L^T} row-major, or null: solves with it read rows, which is much faster for large n. */
    private double[] upper;

    private Cholesky(double[] lower, int n, double jitter) {
        this.lower = lower;
        this.n = n;
        this.jitter = jitter;
    }

    /** Keeps {@code L^T} as well, for fast repeated {@link #solveUpper} calls; returns this. */
    Cholesky withTranspose() {
        double[] u = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                u[j * n + i] = lower[i * n + j];
            }
        }
        upper = u;
        return this;
    }

    /**
     * Factors {@code k} (n x n, row-major). Returns null if even the largest jitter fails.
     *
     * @param k the matrix; not modified
     * @param work an n x n buffer for the factorisation; modified
     * @param out receives the factor and backs the result's {@link #lower}; modified
     */
    static Cholesky factor(double[] k, int n, DMatrixRMaj work, DMatrixRMaj out) {
        double meanDiagonal = 0;
        for (int i = 0; i < n; i++) {
            meanDiagonal += k[i * n + i];
        }
        meanDiagonal = Math.max(meanDiagonal / Math.max(n, 1), 1e-300);
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(n, true);
        double jitter = 0;
        while (true) {
            work.reshape(n, n);
            System.arraycopy(k, 0, work.data, 0, n * n);
            if (jitter > 0) {
                for (int i = 0; i < n; i++) {
                    work.data[i * n + i] += jitter;
                }
            }
            if (chol.decompose(work)) {
                out.reshape(n, n);
                chol.getT(out);
                double[] data = out.data;
                if (positiveDiagonal(data, n)) {
                    for (int i = 0; i < n; i++) {
                        for (int j = i + 1; j < n; j++) {
                            data[i * n + j] = 0;
                        }
                    }
                    return new Cholesky(data, n, jitter);
                }
            }
            jitter = jitter == 0 ? FIRST_JITTER * meanDiagonal : jitter * 10;
            if (jitter > LAST_JITTER * meanDiagonal * 1.0001) {
                return null;
            }
        }
    }

    private static boolean positiveDiagonal(double[] t, int n) {
        for (int i = 0; i < n; i++) {
            double v = t[i * n + i];
            if (!(v > 0) || !Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** Solves {@code L z = b} in place. */
    void solveLower(double[] b) {
        TriangularSolver_DDRM.solveL(lower, b, n);
    }

    /** Solves {@code L^T z = b} in place. */
    void solveUpper(double[] b) {
        if (upper != null) {
            TriangularSolver_DDRM.solveU(upper, b, n);
        } else {
            TriangularSolver_DDRM.solveTranL(lower, b, n);
        }
    }

    /** Solves {@code L L^T z = b} in place. */
    void solve(double[] b) {
        solveLower(b);
        solveUpper(b);
    }

    /** {@code log det(L L^T)}. */
    double logDeterminant() {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.log(lower[i * n + i]);
        }
        return 2 * s;
    }

    /**
     * The inverse {@code (L L^T)^-1}, row-major n x n, written into {@code out}; {@code scratch} is
     * n x n. Forms {@code L^-1} and then {@code L^-T L^-1} from its rows by symmetric rank-one
     * updates of the lower triangle (n^3/6 multiply-adds rather than n^3).
     */
    void inverse(DMatrixRMaj out, DMatrixRMaj scratch) {
        scratch.reshape(n, n);
        System.arraycopy(lower, 0, scratch.data, 0, n * n);
        TriangularSolver_DDRM.invertLower(scratch.data, n);
        double[] li = scratch.data;
        out.reshape(n, n);
        double[] o = out.data;
        java.util.Arrays.fill(o, 0, n * n, 0);
        for (int k = 0; k < n; k++) {
            int rk = k * n;
            for (int a = 0; a <= k; a++) {
                double v = li[rk + a];
                if (v == 0) {
                    continue;
                }
                int ra = a * n;
                for (int b = 0; b <= a; b++) {
                    o[ra + b] += v * li[rk + b];
                }
            }
        }
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < a; b++) {
                o[b * n + a] = o[a * n + b];
            }
        }
    }
}
