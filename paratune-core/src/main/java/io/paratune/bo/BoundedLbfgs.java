package io.paratune.bo;

/**
 * Minimises a smooth function inside a box with a projected limited-memory BFGS method: the
 * two-loop recursion runs on the free variables only (those not held at a bound by their
 * gradient), and a backtracking Armijo search runs along the projected path {@code P(x + t d)}.
 * This is the active-set simplification of L-BFGS-B (Byrd, Lu, Nocedal and Zhu, 1995) without
 * the generalised Cauchy point; for the small, smooth problems of Gaussian-process fitting and
 * acquisition refinement it converges like L-BFGS-B. Variables with equal bounds stay fixed.
 *
 * <p>An instance keeps its buffers for reuse and is not thread-safe.
 */
final class BoundedLbfgs {

    /** A function to minimise; writes its gradient into {@code gradient} and returns the value. */
    @FunctionalInterface
    interface Objective {
        double valueAndGradient(double[] x, double[] gradient);
    }

    private static final double ARMIJO = 1e-4;
    private static final int MAX_BACKTRACKS = 40;

    private final int n;
    private final int memory;
    private final double[][] s;
    private final double[][] y;
    private final double[] rho;
    private final double[] alpha;
    private final double[] g;
    private final double[] gNew;
    private final double[] d;
    private final double[] xNew;
    private final boolean[] free;
    private int evaluations;

    BoundedLbfgs(int n, int memory) {
        this.n = n;
        this.memory = memory;
        this.s = new double[memory][n];
        this.y = new double[memory][n];
        this.rho = new double[memory];
        this.alpha = new double[memory];
        this.g = new double[n];
        this.gNew = new double[n];
        this.d = new double[n];
        this.xNew = new double[n];
        this.free = new boolean[n];
    }

    /** Function evaluations in the last {@link #minimize} call. */
    int evaluations() {
        return evaluations;
    }

    /**
     * Minimises {@code f} from {@code x} (clamped into the box first) and leaves the best point
     * found in {@code x}.
     *
     * @param x the start; modified: holds the result
     * @param lower lower bounds; not modified
     * @param upper upper bounds; not modified
     * @param maxIterations the most quasi-Newton steps
     * @param relativeTolerance stop when a step improves f by less than this, relative to |f|
     * @return the value at the result
     */
    double minimize(
            Objective f, double[] x, double[] lower, double[] upper, int maxIterations, double relativeTolerance) {
        for (int i = 0; i < n; i++) {
            x[i] = Math.max(lower[i], Math.min(upper[i], x[i]));
        }
        evaluations = 1;
        double fx = f.valueAndGradient(x, g);
        if (!Double.isFinite(fx)) {
            return fx;
        }
        int stored = 0;
        int newest = -1;
        for (int iter = 0; iter < maxIterations; iter++) {
            double pgNorm = 0;
            for (int i = 0; i < n; i++) {
                free[i] = lower[i] < upper[i] && !(x[i] <= lower[i] && g[i] > 0) && !(x[i] >= upper[i] && g[i] < 0);
                if (free[i]) {
                    pgNorm = Math.max(pgNorm, Math.abs(g[i]));
                }
            }
            if (pgNorm <= 1e-12 * Math.max(1, Math.abs(fx))) {
                break;
            }
            direction(stored, newest);
            double slope = 0;
            double dNorm = 0;
            for (int i = 0; i < n; i++) {
                slope += g[i] * d[i];
                dNorm = Math.max(dNorm, Math.abs(d[i]));
            }
            if (!(slope < 0) || !Double.isFinite(slope)) {
                stored = 0; // not a descent direction: restart from the steepest descent
                for (int i = 0; i < n; i++) {
                    d[i] = free[i] ? -g[i] : 0;
                }
                dNorm = pgNorm;
            }
            double range = 0;
            for (int i = 0; i < n; i++) {
                range = Math.max(range, upper[i] - lower[i]);
            }
            double t = stored == 0 ? Math.min(1, 0.25 * range / dNorm) : 1;
            double fNew = Double.NaN;
            boolean accepted = false;
            for (int back = 0; back < MAX_BACKTRACKS; back++) {
                double decrease = 0;
                for (int i = 0; i < n; i++) {
                    xNew[i] = Math.max(lower[i], Math.min(upper[i], x[i] + t * d[i]));
                    decrease += g[i] * (xNew[i] - x[i]);
                }
                evaluations++;
                fNew = f.valueAndGradient(xNew, gNew);
                if (Double.isFinite(fNew) && fNew <= fx + ARMIJO * decrease) {
                    accepted = true;
                    break;
                }
                t *= 0.5;
            }
            if (!accepted) {
                break;
            }
            double sy = 0;
            double yy = 0;
            for (int i = 0; i < n; i++) {
                double si = xNew[i] - x[i];
                double yi = gNew[i] - g[i];
                sy += si * yi;
                yy += yi * yi;
            }
            if (sy > 1e-12 * yy && sy > 0) {
                int slot = (newest + 1) % memory;
                for (int i = 0; i < n; i++) {
                    s[slot][i] = xNew[i] - x[i];
                    y[slot][i] = gNew[i] - g[i];
                }
                rho[slot] = 1 / sy;
                newest = slot;
                stored = Math.min(stored + 1, memory);
            }
            double previous = fx;
            System.arraycopy(xNew, 0, x, 0, n);
            System.arraycopy(gNew, 0, g, 0, n);
            fx = fNew;
            if (previous - fx <= relativeTolerance * Math.max(1, Math.abs(fx))) {
                break;
            }
        }
        return fx;
    }

    /** d = -H g on the free variables by the two-loop recursion; zero on the others. */
    private void direction(int stored, int newest) {
        for (int i = 0; i < n; i++) {
            d[i] = free[i] ? -g[i] : 0;
        }
        if (stored == 0) {
            return;
        }
        int k = newest;
        for (int m = 0; m < stored; m++) {
            double a = 0;
            for (int i = 0; i < n; i++) {
                if (free[i]) {
                    a += s[k][i] * d[i];
                }
            }
            a *= rho[k];
            alpha[k] = a;
            for (int i = 0; i < n; i++) {
                if (free[i]) {
                    d[i] -= a * y[k][i];
                }
            }
            k = (k - 1 + memory) % memory;
        }
        double sy = 0;
        double yy = 0;
        for (int i = 0; i < n; i++) {
            if (free[i]) {
                sy += s[newest][i] * y[newest][i];
                yy += y[newest][i] * y[newest][i];
            }
        }
        double gamma = sy > 0 && yy > 0 ? sy / yy : 1;
        for (int i = 0; i < n; i++) {
            d[i] *= gamma;
        }
        k = (newest - stored + 1 + memory) % memory;
        for (int m = 0; m < stored; m++) {
            double b = 0;
            for (int i = 0; i < n; i++) {
                if (free[i]) {
                    b += y[k][i] * d[i];
                }
            }
            b *= rho[k];
            for (int i = 0; i < n; i++) {
                if (free[i]) {
                    d[i] += s[k][i] * (alpha[k] - b);
                }
            }
            k = (k + 1) % memory;
        }
    }
}
