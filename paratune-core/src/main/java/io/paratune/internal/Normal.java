package io.paratune.internal;

/**
 * The standard normal distribution in double precision: density, distribution function and its
 * logarithm, the (scaled) complementary error function and the quantile, accurate far into the
 * tails. The one implementation of this math for the Gaussian-process, TPE and CMA-ES samplers.
 *
 * <p>{@link #erfc} is a port of fdlibm's {@code s_erf.c} (Sun Microsystems, 1993: "Permission to
 * use, copy, modify, and distribute this software is freely granted, provided that this notice is
 * preserved"): rational approximations on {@code |x| < 0.84375} and {@code [0.84375, 1.25)}, and
 * beyond {@code erfc(x) = exp(-x^2 - 0.5625 + R(1/x^2)/S(1/x^2)) / x}, with {@code x^2} split so that
 * no rounding of it is magnified by the exponential. The same rational function gives {@code
 * erfcx(x) = exp(x^2) erfc(x) = exp(R/S - 0.5625) / x}; from {@code x = 28} on, where fdlibm stops,
 * the asymptotic series {@code erfcx(x) = 1/(x sqrt(pi)) sum (-1)^k (2k-1)!! / (2x^2)^k}. The
 * distribution function's lower tail is {@code exp(-z^2/2) erfcx(-z/sqrt 2) / 2}, and its logarithm
 * {@code -z^2/2 + log(erfcx(-z/sqrt 2) / 2)}, so the rounding of {@code z / sqrt 2} costs no accuracy
 * there. {@link #quantile} is Wichura's algorithm AS 241 ("The percentage points of the normal
 * distribution", Applied Statistics 37(3), 1988), relative error about 1e-16. Against 60-digit
 * reference values every function is within a few ulps; {@link #fastCdf} is a table for TPE.
 */
public final class Normal {
    /** {@code log(sqrt(2 pi))}. */
    public static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
    private static final double INV_SQRT_PI = 1 / Math.sqrt(Math.PI);
    private static final double SQRT_HALF = Math.sqrt(0.5);
    private static final double LOG_HALF = Math.log(0.5);
    /** Where {@link #cdf} and {@link #logCdf} switch to the lower tail: {@code -z / sqrt 2 = 1.25}. */
    private static final double TAIL = 1.25 / SQRT_HALF;

    private static final double ERX = 8.45062911510467529297e-01;
    private static final double PP0 = 1.28379167095512558561e-01;
    private static final double PP1 = -3.25042107247001499370e-01;
    private static final double PP2 = -2.84817495755985104766e-02;
    private static final double PP3 = -5.77027029648944159157e-03;
    private static final double PP4 = -2.37630166566501626084e-05;
    private static final double QQ1 = 3.97917223959155352819e-01;
    private static final double QQ2 = 6.50222499887672944485e-02;
    private static final double QQ3 = 5.08130628187576562776e-03;
    private static final double QQ4 = 1.32494738004321644526e-04;
    private static final double QQ5 = -3.96022827877536812320e-06;
    private static final double PA0 = -2.36211856075265944077e-03;
    private static final double PA1 = 4.14856118683748331666e-01;
    private static final double PA2 = -3.72207876035701323847e-01;
    private static final double PA3 = 3.18346619901161753674e-01;
    private static final double PA4 = -1.10894694282396677476e-01;
    private static final double PA5 = 3.54783043256182359371e-02;
    private static final double PA6 = -2.16637559486879084300e-03;
    private static final double QA1 = 1.06420880400844228286e-01;
    private static final double QA2 = 5.40397917702171048937e-01;
    private static final double QA3 = 7.18286544141962662868e-02;
    private static final double QA4 = 1.26171219808761642112e-01;
    private static final double QA5 = 1.36370839120290507362e-02;
    private static final double QA6 = 1.19844998467991074170e-02;
    private static final double RA0 = -9.86494403484714822705e-03;
    private static final double RA1 = -6.93858572707181764372e-01;
    private static final double RA2 = -1.05586262253232909814e01;
    private static final double RA3 = -6.23753324503260060396e01;
    private static final double RA4 = -1.62396669462573470355e02;
    private static final double RA5 = -1.84605092906711035994e02;
    private static final double RA6 = -8.12874355063065934246e01;
    private static final double RA7 = -9.81432934416914548592e00;
    private static final double SA1 = 1.96512716674392571292e01;
    private static final double SA2 = 1.37657754143519042600e02;
    private static final double SA3 = 4.34565877475229228821e02;
    private static final double SA4 = 6.45387271733267880336e02;
    private static final double SA5 = 4.29008140027567833386e02;
    private static final double SA6 = 1.08635005541779435134e02;
    private static final double SA7 = 6.57024977031928170135e00;
    private static final double SA8 = -6.04244152148580987438e-02;
    private static final double RB0 = -9.86494292470009928597e-03;
    private static final double RB1 = -7.99283237680523006574e-01;
    private static final double RB2 = -1.77579549177547519889e01;
    private static final double RB3 = -1.60636384855821916062e02;
    private static final double RB4 = -6.37566443368389627722e02;
    private static final double RB5 = -1.02509513161107724954e03;
    private static final double RB6 = -4.83519191608651397019e02;
    private static final double SB1 = 3.03380607434824582924e01;
    private static final double SB2 = 3.25792512996573918826e02;
    private static final double SB3 = 1.53672958608443695994e03;
    private static final double SB4 = 3.19985821950859553908e03;
    private static final double SB5 = 2.55305040643316442583e03;
    private static final double SB6 = 4.74528541206955367215e02;
    private static final double SB7 = -2.24409524465858183362e01;

    /** AS 241's coefficients, constant term first (Wichura 1988, table of PPND16). */
    private static final double[] AS241_A = {
        3.3871328727963666080e0, 1.3314166789178437745e2, 1.9715909503065514427e3, 1.3731693765509461125e4,
        4.5921953931549871457e4, 6.7265770927008700853e4, 3.3430575583588128105e4, 2.5090809287301226727e3
    };

    private static final double[] AS241_B = {
        1.0, 4.2313330701600911252e1, 6.8718700749205790830e2, 5.3941960214247511077e3,
        2.1213794301586595867e4, 3.9307895800092710610e4, 2.8729085735721942674e4, 5.2264952788528545610e3
    };
    private static final double[] AS241_C = {
        1.42343711074968357734e0, 4.63033784615654529590e0, 5.76949722146069140550e0, 3.64784832476320460504e0,
        1.27045825245236838258e0, 2.41780725177450611770e-1, 2.27238449892691845833e-2, 7.74545014278341407640e-4
    };
    private static final double[] AS241_D = {
        1.0, 2.05319162663775882187e0, 1.67638483018380384940e0, 6.89767334985100004550e-1,
        1.48103976427480074590e-1, 1.51986665636164571966e-2, 5.47593808499534494600e-4, 1.05075007164441684324e-9
    };
    private static final double[] AS241_E = {
        6.65790464350110377720e0, 5.46378491116411436990e0, 1.78482653991729133580e0, 2.96560571828504891230e-1,
        2.65321895265761230930e-2, 1.24266094738807843860e-3, 2.71155556874348757815e-5, 2.01033439929228813265e-7
    };
    private static final double[] AS241_F = {
        1.0, 5.99832206555887937690e-1, 1.36929880922735805310e-1, 1.48753612908506148525e-2,
        7.86869131145613259100e-4, 1.84631831751005468180e-5, 1.42151175831644588870e-7, 2.04426310338993978564e-15
    };

    /** Table of cdf and pdf on [-TABLE_END, TABLE_END] for {@link #fastCdf}. */
    public static final double TABLE_END = 9.0;

    private static final int TABLE_PER_UNIT = 256;
    private static final double[] TABLE_CDF;
    private static final double[] TABLE_PDF;

    static {
        int size = (int) (2 * TABLE_END * TABLE_PER_UNIT) + 1;
        TABLE_CDF = new double[size];
        TABLE_PDF = new double[size];
        for (int i = 0; i < size; i++) {
            double z = -TABLE_END + (double) i / TABLE_PER_UNIT;
            TABLE_CDF[i] = cdf(z);
            TABLE_PDF[i] = pdf(z);
        }
    }

    private Normal() {}

    /** The standard normal density {@code exp(-z^2/2) / sqrt(2 pi)}. */
    public static double pdf(double z) {
        return INV_SQRT_2PI * expHalfSquare(z);
    }

    /**
     * {@code exp(-z^2/2)} with {@code z^2} split into a part exact in double precision and a small
     * rest, so that its rounding (relative {@code z^2 / 2^53}) is not magnified by the exponential.
     */
    private static double expHalfSquare(double z) {
        double a = Math.abs(z);
        if (a > 40) {
            // exp(-800) is below the smallest double; and an infinite z would make the split NaN
            return 0;
        }
        double h = upperHalf(a);
        return Math.exp(-0.5 * h * h) * Math.exp(-0.5 * (a - h) * (a + h));
    }

    /** {@code x} with the lower 32 bits of its representation cleared: 21 significant bits, so {@code x*x} is exact. */
    private static double upperHalf(double x) {
        return Double.longBitsToDouble(Double.doubleToRawLongBits(x) & 0xffffffff00000000L);
    }

    /** The complementary error function, to about two ulps. */
    public static double erfc(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        double ax = Math.abs(x);
        if (ax < 0.84375) {
            if (ax < 0x1p-56) {
                return 1.0 - x;
            }
            double z = x * x;
            double r = PP0 + z * (PP1 + z * (PP2 + z * (PP3 + z * PP4)));
            double s = 1.0 + z * (QQ1 + z * (QQ2 + z * (QQ3 + z * (QQ4 + z * QQ5))));
            double y = r / s;
            if (x < 0.25) {
                return 1.0 - (x + x * y);
            }
            return 0.5 - (x * y + (x - 0.5));
        }
        if (ax < 1.25) {
            double s = ax - 1.0;
            double p = PA0 + s * (PA1 + s * (PA2 + s * (PA3 + s * (PA4 + s * (PA5 + s * PA6)))));
            double q = 1.0 + s * (QA1 + s * (QA2 + s * (QA3 + s * (QA4 + s * (QA5 + s * QA6)))));
            return x >= 0 ? 1.0 - ERX - p / q : 1.0 + (ERX + p / q);
        }
        if (x < -6) {
            return 2.0; // 2 - erfc(6) rounds to 2
        }
        if (ax < 28) {
            double h = upperHalf(ax);
            double tail = Math.exp(-h * h - 0.5625) * Math.exp((h - ax) * (h + ax) + ratio(ax)) / ax;
            return x > 0 ? tail : 2.0 - tail;
        }
        return 0.0; // x >= 28: below the smallest double
    }

    /** fdlibm's {@code R/S} for {@code 1.25 <= ax < 28}: {@code log(ax erfcx(ax)) = R/S - 0.5625}. */
    private static double ratio(double ax) {
        double s = 1.0 / (ax * ax);
        double r;
        double q;
        if (ax < 1 / 0.35) {
            r = RA0 + s * (RA1 + s * (RA2 + s * (RA3 + s * (RA4 + s * (RA5 + s * (RA6 + s * RA7))))));
            q = 1.0 + s * (SA1 + s * (SA2 + s * (SA3 + s * (SA4 + s * (SA5 + s * (SA6 + s * (SA7 + s * SA8)))))));
        } else {
            r = RB0 + s * (RB1 + s * (RB2 + s * (RB3 + s * (RB4 + s * (RB5 + s * RB6)))));
            q = 1.0 + s * (SB1 + s * (SB2 + s * (SB3 + s * (SB4 + s * (SB5 + s * (SB6 + s * SB7))))));
        }
        return r / q;
    }

    /**
     * The scaled complementary error function {@code exp(x^2) erfc(x)}, to a few ulps; about {@code
     * 1 / (x sqrt(pi))} for large {@code x}, infinite below about {@code -26.6}.
     */
    public static double erfcx(double x) {
        if (x < 0) {
            if (x < -26.7) {
                return Double.POSITIVE_INFINITY;
            }
            double h = upperHalf(x);
            return 2 * Math.exp(h * h) * Math.exp((x - h) * (x + h)) - erfcx(-x);
        }
        if (x < 1.25) {
            return Math.exp(x * x) * erfc(x);
        }
        if (x < 28) {
            return Math.exp(ratio(x) - 0.5625) / x;
        }
        return erfcxSeries(x);
    }

    /** erfcx by its asymptotic series, exact to rounding from {@code x = 28} on (NaN stays NaN). */
    private static double erfcxSeries(double x) {
        if (x == Double.POSITIVE_INFINITY) {
            return 0;
        }
        // w = 1/(2x^2) <= 6.4e-4: the eighth term, 2027025 w^8, is below 1e-19
        double w = 0.5 / (x * x);
        double series = 1 - w * (1 - 3 * w * (1 - 5 * w * (1 - 7 * w * (1 - 9 * w * (1 - 11 * w * (1 - 13 * w))))));
        return INV_SQRT_PI / x * series;
    }

    /** {@code log(erfcx(t))} for {@code t >= 1.25}, without the exponential in between where it can. */
    private static double logErfcx(double t) {
        return t < 28 ? ratio(t) - 0.5625 - Math.log(t) : Math.log(erfcxSeries(t));
    }

    /** The standard normal cumulative distribution function, to a few ulps also far in the lower tail. */
    public static double cdf(double z) {
        if (z < -TAIL) {
            // exp(-z^2/2) erfcx(t) / 2, t = -z / sqrt 2: erfcx is insensitive to the rounding of t
            return 0.5 * expHalfSquare(z) * erfcx(-z * SQRT_HALF);
        }
        return 0.5 * erfc(-z * SQRT_HALF);
    }

    /** {@code log(cdf(z))}, finite for every finite {@code z}, accurate in both tails. */
    public static double logCdf(double z) {
        if (z < -TAIL) {
            return -0.5 * z * z + LOG_HALF + logErfcx(-z * SQRT_HALF);
        }
        if (z <= 0) {
            return Math.log(cdf(z));
        }
        return Math.log1p(-cdf(-z));
    }

    /**
     * {@code d/dz log cdf(z) = pdf(z) / cdf(z)} (the inverse Mills ratio of {@code -z}), about
     * {@code -z} far below zero.
     */
    public static double dLogCdf(double z) {
        if (z < -TAIL) {
            return 2 * INV_SQRT_2PI / erfcx(-z * SQRT_HALF);
        }
        return pdf(z) / cdf(z);
    }

    /**
     * {@code log(cdf(b) - cdf(a))}: the log of the standard normal mass of {@code [a, b]}, accurate
     * also when the interval lies far in a tail.
     */
    public static double logMass(double a, double b) {
        if (!(a < b)) {
            return Double.NEGATIVE_INFINITY;
        }
        if (a > 0) {
            return logMass(-b, -a);
        }
        if (b <= 0) {
            double lb = logCdf(b);
            return lb + Math.log1p(-Math.exp(logCdf(a) - lb));
        }
        return Math.log1p(-cdf(a) - cdf(-b));
    }

    /**
     * The standard normal cdf to an absolute error below 1e-12, by cubic Hermite interpolation of
     * a table (about five times faster than {@link #cdf}); exactly 0 from {@code -TABLE_END} down
     * and 1 from {@code TABLE_END} up. For normalising constants, not tails: TPE's kernel masses,
     * where with {@link #cdf} instead an ask on a space of integers takes about 1.3 to 1.5 times as
     * long.
     */
    public static double fastCdf(double z) {
        if (!(z > -TABLE_END)) {
            return z <= -TABLE_END ? 0.0 : Double.NaN;
        }
        if (z >= TABLE_END) {
            return 1.0;
        }
        double t = (z + TABLE_END) * TABLE_PER_UNIT;
        // z just below TABLE_END rounds t up to the last entry: interpolate at the end of the last interval
        int i = Math.min((int) t, TABLE_CDF.length - 2);
        double u = t - i;
        double h = 1.0 / TABLE_PER_UNIT;
        double p0 = TABLE_CDF[i];
        double p1 = TABLE_CDF[i + 1];
        double m0 = TABLE_PDF[i] * h;
        double m1 = TABLE_PDF[i + 1] * h;
        double u2 = u * u;
        double u3 = u2 * u;
        return (2 * u3 - 3 * u2 + 1) * p0 + (u3 - 2 * u2 + u) * m0 + (-2 * u3 + 3 * u2) * p1 + (u3 - u2) * m1;
    }

    /**
     * The standard normal quantile, the inverse of {@link #cdf}: -inf at 0, +inf at 1, NaN outside
     * [0, 1]. Wichura's AS 241 (PPND16): a rational function of {@code (p - 1/2)^2} in the body and
     * of {@code sqrt(-log(min(p, 1 - p)))} in the tails, relative error about 1e-16.
     */
    public static double quantile(double p) {
        if (!(p > 0 && p < 1)) {
            return p == 0 ? Double.NEGATIVE_INFINITY : p == 1 ? Double.POSITIVE_INFINITY : Double.NaN;
        }
        double q = p - 0.5;
        if (Math.abs(q) <= 0.425) {
            double r = 0.180625 - q * q;
            return q * polynomial(AS241_A, r) / polynomial(AS241_B, r);
        }
        double r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
        double z = r <= 5
                ? polynomial(AS241_C, r - 1.6) / polynomial(AS241_D, r - 1.6)
                : polynomial(AS241_E, r - 5) / polynomial(AS241_F, r - 5);
        return q < 0 ? -z : z;
    }

    /** {@code c[0] + c[1] x + c[2] x^2 + ...} by Horner's rule. */
    private static double polynomial(double[] c, double x) {
        double v = c[c.length - 1];
        for (int k = c.length - 2; k >= 0; k--) {
            v = v * x + c[k];
        }
        return v;
    }
}
