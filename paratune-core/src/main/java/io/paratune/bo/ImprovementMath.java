package io.paratune.bo;

import io.paratune.internal.Normal;

/**
 * The expected-improvement function of a standard normal, {@code h(z) = pdf(z) + z cdf(z)}, and
 * its logarithm, finite far below the incumbent (no underflow to {@code -inf}, no NaN); the normal
 * distribution itself is {@link Normal}'s. The log-EI function follows Ament et al., "Unexpected
 * Improvements to Expected Improvement for Bayesian Optimization" (NeurIPS 2023), with an asymptotic
 * series in the far tail.
 */
final class ImprovementMath {
    private static final double SQRT2 = Math.sqrt(2);
    private static final double SQRT_HALF_PI = Math.sqrt(Math.PI / 2);
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

    private ImprovementMath() {}

    /** h(z) = pdf(z) + z cdf(z): expected improvement of a standard normal over -z. */
    static double h(double z) {
        return Normal.pdf(z) + z * Normal.cdf(z);
    }

    /** log h(z), finite for every finite z (about -z^2/2 - 2 log|z| far below zero). */
    static double logH(double z) {
        if (z > -1) {
            return Math.log(h(z));
        }
        if (z > -20) {
            double t = -z / SQRT2;
            // h = pdf(z) * (1 - |z| sqrt(pi/2) erfcx(|z|/sqrt2)); the difference loses at most
            // log10(z^2) < 2.7 digits here (as expm1 of the log would), and Math.expm1 is slow
            double inner = 1 - Normal.erfcx(t) * -z * SQRT_HALF_PI;
            return -0.5 * z * z - Normal.LOG_SQRT_2PI + Math.log(inner);
        }
        // asymptotic series: h(z) = pdf(z)/z^2 * (1 - 3/z^2 + 15/z^4 - 105/z^6 + ...)
        double w = 1 / (z * z);
        double series = 1;
        double term = 1;
        for (int k = 1; k <= 10; k++) {
            term *= -(2 * k + 1) * w;
            series += term;
        }
        return -0.5 * z * z - Normal.LOG_SQRT_2PI + Math.log(w) + Math.log(series);
    }

    /** d/dz log h(z) = cdf(z) / h(z), stable far below zero (about -z there). */
    static double dLogH(double z) {
        if (z > -1) {
            return Normal.cdf(z) / h(z);
        }
        return Math.exp(Normal.logCdf(z) - logH(z));
    }

    /** Below this, {@link #hAndCdf} falls back to the logarithms (h(-20) is about 1e-91). */
    static final double DIRECT_LOW = -20;

    /**
     * h(z) and cdf(z) directly, with one exponential and one erfcx evaluation: {@code out[0] =
     * h(z)}, {@code out[1] = cdf(z)}. For the Monte-Carlo averages of h, where the logarithm of
     * each term is not needed; relative accuracy about 1e-12 (h underflows to 0 below about -37).
     */
    static void hAndCdf(double z, double[] out) {
        if (z < DIRECT_LOW) {
            // asymptotic series, w = 1/z^2 <= 1/400: h = pdf w (1 - 3w + 15w^2 - 105w^3 + ...) and
            // cdf = pdf/|z| (1 - w + 3w^2 - 15w^3 + ...); ten terms are exact to rounding
            double w = 1 / (z * z);
            double pdf = Math.exp(-0.5 * z * z) * INV_SQRT_2PI;
            double seriesH = 1;
            double seriesC = 1;
            double term = 1;
            for (int k = 1; k <= 10; k++) {
                seriesC -= term * w;
                term *= -(2 * k + 1) * w;
                seriesH += term;
            }
            out[0] = pdf * w * seriesH;
            out[1] = pdf / -z * seriesC;
            return;
        }
        if (z <= -1) {
            double e = Math.exp(-0.5 * z * z);
            double ex = Normal.erfcx(-z / SQRT2);
            out[0] = e * INV_SQRT_2PI * (1 - ex * -z * SQRT_HALF_PI);
            out[1] = 0.5 * e * ex;
            return;
        }
        double cdf = Normal.cdf(z);
        out[0] = Normal.pdf(z) + z * cdf;
        out[1] = cdf;
    }

    /**
     * log h(z) and its derivative cdf(z) / h(z) together, sharing the one erfcx evaluation that both
     * need: {@code out[0] = logH(z)}, {@code out[1] = dLogH(z)}.
     */
    static void logHWithSlope(double z, double[] out) {
        if (z > -1) {
            double c = Normal.cdf(z);
            double h = Normal.pdf(z) + z * c;
            out[0] = Math.log(h);
            out[1] = c / h;
            return;
        }
        if (z > -20) {
            double t = -z / SQRT2;
            double e = Normal.erfcx(t);
            double inner = 1 - e * -z * SQRT_HALF_PI;
            double logH = -0.5 * z * z - Normal.LOG_SQRT_2PI + Math.log(inner);
            out[0] = logH;
            out[1] = Math.exp(Math.log(0.5 * e) - t * t - logH);
            return;
        }
        out[0] = logH(z);
        out[1] = dLogH(z);
    }
}
