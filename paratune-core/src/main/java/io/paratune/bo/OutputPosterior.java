package io.paratune.bo;

/**
 * The posterior of one GP output at a point in output units, its variance conditioned on the
 * pending points as the kriging believer does (as if observed at their posterior means, so the
 * mean is unchanged), with gradients of the mean and standard deviation with respect to the point.
 * One building block of {@link JointAcquisition}; holds buffers and is not thread-safe.
 */
final class OutputPosterior extends AcquisitionFunction {
    private final Cholesky pendingChol;
    private final double[] c;
    /** Weights of the cross-covariance gradients, and their weighted sum. */
    private final double[] u2;

    private final double[] dcSum;
    /** All cross-covariance gradients, p x d, when the pending points are few ({@link
     * PendingPoints#sumsGradients()}). */
    private final double[] dc;

    private final double[] t;
    /** The last point's mean and standard deviation in output units. */
    double mean;

    double sd;
    /** Their gradients (with a gradient evaluation). */
    final double[] dMean;

    final double[] dSd;

    OutputPosterior(GaussianProcess gp, PendingPoints pending) {
        this(gp, pending, pending == null ? null : factorWithDiagonal(pending.covariance, pending.p, gp.diagonalNoise));
    }

    private OutputPosterior(GaussianProcess gp, PendingPoints pending, Cholesky pendingChol) {
        super(gp, pending);
        this.pendingChol = pendingChol;
        int p = pending == null ? 0 : pending.p;
        this.c = new double[p];
        this.u2 = new double[p];
        this.dcSum = new double[gp.d];
        this.dc = pending == null || pending.sumsGradients() ? null : new double[p * gp.d];
        this.t = new double[p];
        this.dMean = new double[gp.d];
        this.dSd = new double[gp.d];
    }

    @Override
    OutputPosterior copy() {
        return new OutputPosterior(gp, pending, pendingChol);
    }

    /** The posterior means at the pending points in output units (empty without them). */
    double[] pendingMeans() {
        if (pending == null) {
            return new double[0];
        }
        double[] out = new double[pending.p];
        for (int q = 0; q < out.length; q++) {
            out[q] = gp.yMean + gp.yStd * pending.mean[q];
        }
        return out;
    }

    private double conditioned(double variance, double[] cross) {
        if (pending == null) {
            return variance;
        }
        return conditionedVariance(variance, cross, pendingChol, pending.p, t);
    }

    /** The standard deviation in output units from standardised moments (as from {@link #moments}). */
    double sdFromMoments(double variance, double[] cross) {
        return gp.yStd * Math.sqrt(Math.max(conditioned(variance, cross), varianceFloor()));
    }

    /** The mean in output units from a standardised mean. */
    double meanFromMoments(double mean) {
        return gp.yMean + gp.yStd * mean;
    }

    /** The mean in output units: a stand-in score, this class only supplies moments. */
    @Override
    double fromMoments(double mean, double variance, double[] cross) {
        return -meanFromMoments(mean);
    }

    @Override
    double value(double[] z, double[] gradient) {
        evaluate(z, gradient != null);
        if (gradient != null) {
            for (int j = 0; j < gp.d; j++) {
                gradient[j] = -dMean[j];
            }
        }
        return -mean;
    }

    /** Fills {@link #mean}, {@link #sd} and, with {@code gradient}, {@link #dMean} and {@link #dSd}. */
    void evaluate(double[] z, boolean gradient) {
        post.evaluate(z, gradient);
        if (pending != null) {
            pending.crossCovariance(post, z, c);
        }
        double variance = conditioned(post.variance, c);
        boolean floored = variance <= varianceFloor();
        double sdStd = Math.sqrt(Math.max(variance, varianceFloor()));
        mean = gp.yMean + gp.yStd * post.mean;
        sd = gp.yStd * sdStd;
        if (!gradient) {
            return;
        }
        int d = gp.d;
        double[] dVar = dSd;
        System.arraycopy(post.dVariance, 0, dVar, 0, d);
        if (pending != null) {
            pendingChol.solveUpper(t); // Sigma^-1 c
            subtractExplainedVarianceGradient(pending, post, z, t, dVar, u2, dcSum, dc);
        }
        for (int j = 0; j < d; j++) {
            dMean[j] = gp.yStd * post.dMean[j];
            dSd[j] = floored ? 0 : gp.yStd * dVar[j] / (2 * sdStd);
        }
    }
}
