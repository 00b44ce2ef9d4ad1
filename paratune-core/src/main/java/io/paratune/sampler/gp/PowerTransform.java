package io.paratune.sampler.gp;

/**
 * A Yeo-Johnson power transform of a model's outputs (Yeo and Johnson, Biometrika 2000), as HEBO
 * warps its outputs (Cowen-Rivers et al., JAIR 2022): the losses are standardised, then {@code
 * psi(y) = ((1 + y)^lambda - 1) / lambda} for {@code y >= 0} and {@code -((1 - y)^(2 - lambda) - 1) /
 * (2 - lambda)} below, with {@code lambda} in {@code [0, 1]} maximising the normal likelihood of
 * the transformed values. Below 1 the transform compresses the long upper tail of losses that span
 * orders of magnitude and spreads the good end; losses without such a tail keep {@code lambda =
 * 1}, the identity. It is monotone, so the best observation stays the best.
 */
final class PowerTransform {
    private static final int GRID = 20;

    private PowerTransform() {}

    /** The transformed outputs; {@code y} itself when it has fewer than 3 values or no spread. */
    static double[] apply(double[] y) {
        int n = y.length;
        if (n < 3) {
            return y;
        }
        double mean = 0;
        for (double v : y) {
            mean += v;
        }
        mean /= n;
        double ss = 0;
        for (double v : y) {
            ss += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(ss / (n - 1));
        if (!(sd > 1e-12 * Math.max(1, Math.abs(mean))) || !Double.isFinite(sd)) {
            return y;
        }
        double[] z = new double[n];
        double logJacobianBase = 0;
        for (int i = 0; i < n; i++) {
            z[i] = (y[i] - mean) / sd;
            logJacobianBase += Math.copySign(Math.log1p(Math.abs(z[i])), z[i]);
        }
        double bestLambda = 1;
        double best = logLikelihood(z, 1, logJacobianBase);
        for (int k = 0; k < GRID; k++) {
            double lambda = (double) k / GRID;
            double ll = logLikelihood(z, lambda, logJacobianBase);
            if (ll > best) {
                best = ll;
                bestLambda = lambda;
            }
        }
        // refine by golden section within one grid step either side
        double lo = Math.max(0, bestLambda - 1.0 / GRID);
        double hi = Math.min(1, bestLambda + 1.0 / GRID);
        double g = (Math.sqrt(5) - 1) / 2;
        for (int it = 0; it < 20; it++) {
            double a = hi - g * (hi - lo);
            double b = lo + g * (hi - lo);
            if (logLikelihood(z, a, logJacobianBase) >= logLikelihood(z, b, logJacobianBase)) {
                hi = b;
            } else {
                lo = a;
            }
        }
        double lambda = (lo + hi) / 2;
        if (logLikelihood(z, lambda, logJacobianBase) < best) {
            lambda = bestLambda;
        }
        if (lambda == 1) {
            return y;
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = psi(z[i], lambda);
        }
        return out;
    }

    /** The Yeo-Johnson transform of one value. */
    static double psi(double y, double lambda) {
        if (y >= 0) {
            return lambda == 0 ? Math.log1p(y) : (Math.pow(1 + y, lambda) - 1) / lambda;
        }
        return -(Math.pow(1 - y, 2 - lambda) - 1) / (2 - lambda);
    }

    /** The profile log-likelihood of lambda: -n/2 log(variance of psi(z)) + (lambda - 1) sum sign log(1 + |z|). */
    private static double logLikelihood(double[] z, double lambda, double logJacobianBase) {
        int n = z.length;
        double mean = 0;
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = psi(z[i], lambda);
            mean += t[i];
        }
        mean /= n;
        double ss = 0;
        for (double v : t) {
            ss += (v - mean) * (v - mean);
        }
        return -0.5 * n * Math.log(ss / n) + (lambda - 1) * logJacobianBase;
    }
}
