package io.paratune.bo;

/**
 * The standard normal density and distribution function and the logarithms that expected
 * improvement needs, accurate far into the tails (no underflow to {@code -inf}, no NaN).
 *
 * <p>The scaled complementary error function {@code erfcx(t) = exp(t^2) erfc(t)} is the building
 * block. For {@code t >= 10} it is Laplace's continued fraction with a fixed number of terms; on
 * {@code [0.25, 10)} a piecewise Chebyshev interpolant of degree 10 built once from the same
 * continued fraction with thousands of terms (relative error about 1e-16); below {@code 0.25} the
 * Taylor series of {@code erf}. The log-EI function follows Ament et al., "Unexpected Improvements to Expected
 * Improvement for Bayesian Optimization" (NeurIPS 2023), with an asymptotic series in the far tail.
 */
final class NormalMath {
    static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
    private static final double SQRT2 = Math.sqrt(2);
    private static final double INV_SQRT_PI = 1 / Math.sqrt(Math.PI);
    private static final double SQRT_HALF_PI = Math.sqrt(Math.PI / 2);
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

    private static final double TABLE_LOW = 0.25;
    /**
     * Up to 10, so that the Monte-Carlo acquisition's many draws far below the incumbent take the
     * table (tens of nanoseconds) rather than the continued fraction (a chain of 30 to 60 divisions).
     */
    private static final double TABLE_HIGH = 10;

    private static final double TABLE_WIDTH = 0.125;
    /** Degree 10: on intervals this narrow the coefficients beyond degree 9 are below 1e-16 of c0. */
    private static final int TABLE_DEGREE = 10;

    private static final int TABLE_INTERVALS = (int) Math.round((TABLE_HIGH - TABLE_LOW) / TABLE_WIDTH);
    private static final double[][] TABLE = buildTable();

    private NormalMath() {}

    /** Laplace's continued fraction for erfcx(t), t > 0, evaluated backwards with {@code terms} terms. */
    static double erfcxContinuedFraction(double t, int terms) {
        double f = t;
        for (int k = terms; k >= 1; k--) {
            f = t + (0.5 * k) / f;
        }
        return INV_SQRT_PI / f;
    }

    private static double[][] buildTable() {
        double[][] table = new double[TABLE_INTERVALS][];
        int n = TABLE_DEGREE + 1;
        double[] values = new double[n];
        for (int i = 0; i < TABLE_INTERVALS; i++) {
            double a = TABLE_LOW + i * TABLE_WIDTH;
            for (int k = 0; k < n; k++) {
                double u = Math.cos(Math.PI * (k + 0.5) / n);
                values[k] = erfcxContinuedFraction(a + (u + 1) * 0.5 * TABLE_WIDTH, 4000);
            }
            double[] c = new double[n];
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += values[k] * Math.cos(Math.PI * j * (k + 0.5) / n);
                }
                c[j] = 2.0 * s / n;
            }
            c[0] *= 0.5;
            table[i] = c;
        }
        return table;
    }

    private static double chebyshev(double[] c, double u) {
        double b1 = 0;
        double b2 = 0;
        for (int j = c.length - 1; j >= 1; j--) {
            double b0 = 2 * u * b1 - b2 + c[j];
            b2 = b1;
            b1 = b0;
        }
        return u * b1 - b2 + c[0];
    }

    /** erf(t) by its Taylor series; accurate for |t| <= 0.5. */
    private static double erfSmall(double t) {
        double t2 = t * t;
        double term = t;
        double sum = t;
        for (int n = 1; n < 30; n++) {
            term *= -t2 / n;
            double add = term / (2 * n + 1);
            sum += add;
            if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
                break;
            }
        }
        return 2 * INV_SQRT_PI * sum;
    }

    /** The scaled complementary error function {@code exp(t^2) erfc(t)}; overflows for t < -26. */
    static double erfcx(double t) {
        if (t < 0) {
            return 2 * Math.exp(t * t) - erfcx(-t);
        }
        if (t < TABLE_LOW) {
            return Math.exp(t * t) * (1 - erfSmall(t));
        }
        if (t < TABLE_HIGH) {
            int i = Math.min((int) ((t - TABLE_LOW) / TABLE_WIDTH), TABLE_INTERVALS - 1);
            double a = TABLE_LOW + i * TABLE_WIDTH;
            return chebyshev(TABLE[i], 2 * (t - a) / TABLE_WIDTH - 1);
        }
        return erfcxContinuedFraction(t, t < 6 ? 60 : 30);
    }

    /** erfc(t), relative accuracy kept for large positive t. */
    static double erfc(double t) {
        if (Math.abs(t) < TABLE_LOW) {
            return 1 - erfSmall(t);
        }
        if (t > 0) {
            return t > 27 ? 0 : Math.exp(-t * t) * erfcx(t);
        }
        return t < -7 ? 2 : 2 - Math.exp(-t * t) * erfcx(-t);
    }

    /** The standard normal density. */
    static double pdf(double z) {
        return Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
    }

    /** The standard normal distribution function. */
    static double cdf(double z) {
        return 0.5 * erfc(-z / SQRT2);
    }

    /** log of the standard normal distribution function; finite for every finite z. */
    static double logCdf(double z) {
        if (z < -1) {
            double t = -z / SQRT2;
            return Math.log(0.5 * erfcx(t)) - t * t;
        }
        if (z > 1) {
            return Math.log1p(-0.5 * erfc(z / SQRT2));
        }
        return Math.log(cdf(z));
    }

    /** d/dz log cdf(z) = pdf(z) / cdf(z), stable in both tails. */
    static double dLogCdf(double z) {
        if (z < -1) {
            double t = -z / SQRT2;
            return 2 / (Math.sqrt(2 * Math.PI) * erfcx(t));
        }
        return pdf(z) / cdf(z);
    }

    /** h(z) = pdf(z) + z cdf(z): expected improvement of a standard normal over -z. */
    static double h(double z) {
        return pdf(z) + z * cdf(z);
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
            double inner = 1 - erfcx(t) * -z * SQRT_HALF_PI;
            return -0.5 * z * z - LOG_SQRT_2PI + Math.log(inner);
        }
        // asymptotic series: h(z) = pdf(z)/z^2 * (1 - 3/z^2 + 15/z^4 - 105/z^6 + ...)
        double w = 1 / (z * z);
        double series = 1;
        double term = 1;
        for (int k = 1; k <= 10; k++) {
            term *= -(2 * k + 1) * w;
            series += term;
        }
        return -0.5 * z * z - LOG_SQRT_2PI + Math.log(w) + Math.log(series);
    }

    /** d/dz log h(z) = cdf(z) / h(z), stable far below zero (about -z there). */
    static double dLogH(double z) {
        if (z > -1) {
            return cdf(z) / h(z);
        }
        return Math.exp(logCdf(z) - logH(z));
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
        double e = Math.exp(-0.5 * z * z);
        double pdf = e * INV_SQRT_2PI;
        double t = -z / SQRT2;
        if (z <= -1) {
            double ex = erfcx(t);
            out[0] = pdf * (1 - ex * -z * SQRT_HALF_PI);
            out[1] = 0.5 * e * ex;
            return;
        }
        double cdf;
        if (Math.abs(t) < TABLE_LOW) {
            cdf = 0.5 * (1 - erfSmall(t));
        } else if (t > 0) {
            cdf = 0.5 * e * erfcx(t);
        } else {
            cdf = z > 8.5 ? 1 : 1 - 0.5 * e * erfcx(-t);
        }
        out[0] = pdf + z * cdf;
        out[1] = cdf;
    }

    /**
     * log h(z) and its derivative cdf(z) / h(z) together, sharing the one erfcx evaluation that both
     * need: {@code out[0] = logH(z)}, {@code out[1] = dLogH(z)}.
     */
    static void logHWithSlope(double z, double[] out) {
        if (z > -1) {
            double c = cdf(z);
            double h = pdf(z) + z * c;
            out[0] = Math.log(h);
            out[1] = c / h;
            return;
        }
        if (z > -20) {
            double t = -z / SQRT2;
            double e = erfcx(t);
            double inner = 1 - e * -z * SQRT_HALF_PI;
            double logH = -0.5 * z * z - LOG_SQRT_2PI + Math.log(inner);
            out[0] = logH;
            out[1] = Math.exp(Math.log(0.5 * e) - t * t - logH);
            return;
        }
        out[0] = logH(z);
        out[1] = dLogH(z);
    }
}
