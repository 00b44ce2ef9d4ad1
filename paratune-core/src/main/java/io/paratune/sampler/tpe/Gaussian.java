package io.paratune.sampler.tpe;

/**
 * The standard normal distribution's tail functions in double precision, including their
 * logarithms far into the tails where the plain values underflow. {@link #erfc} is a port of
 * fdlibm's {@code s_erf.c} (Sun Microsystems, 1993: "Permission to use, copy, modify, and
 * distribute this software is freely granted, provided that this notice is preserved").
 */
final class Gaussian {
    /** {@code log(sqrt(2 pi))}. */
    static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

    private static final double SQRT_HALF = Math.sqrt(0.5);
    private static final double LOG_HALF = Math.log(0.5);
    private static final double HALF_LOG_PI = 0.5 * Math.log(Math.PI);

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

    /** Table of cdf and pdf on [-TABLE_END, TABLE_END] for {@link #fastCdf}. */
    static final double TABLE_END = 9.0;

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
            TABLE_PDF[i] = Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
        }
    }

    private Gaussian() {}

    /**
     * The standard normal cdf to an absolute error below 1e-12, by cubic Hermite interpolation of
     * a table (about five times faster than {@link #cdf}). For normalising constants, not tails.
     */
    static double fastCdf(double z) {
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

    /** The complementary error function, to about one ulp. */
    static double erfc(double x) {
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
        if (ax < 28) {
            if (x < -6) {
                return 2.0;
            }
            return x > 0 ? Math.exp(logTail(ax)) : 2.0 - Math.exp(logTail(ax));
        }
        return x > 0 ? 0.0 : 2.0;
    }

    /** {@code log(erfc(ax))} for {@code 1.25 <= ax < 28}, computed without underflow. */
    private static double logTail(double ax) {
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
        double z = Double.longBitsToDouble(Double.doubleToRawLongBits(ax) & 0xffffffff00000000L);
        return (-z * z - 0.5625) + ((z - ax) * (z + ax) + r / q) - Math.log(ax);
    }

    /** {@code log(erfc(x))}, finite for every finite {@code x} (no underflow in the upper tail). */
    static double logErfc(double x) {
        if (x < 1.25) {
            return Math.log(erfc(x));
        }
        if (x < 28) {
            return logTail(x);
        }
        if (x == Double.POSITIVE_INFINITY) {
            return Double.NEGATIVE_INFINITY;
        }
        // asymptotic series: erfc(x) ~ exp(-x^2) / (x sqrt(pi)) (1 - 1/(2x^2) + 3/(4x^4) - 15/(8x^6))
        double t = 1.0 / (x * x);
        return -x * x - Math.log(x) - HALF_LOG_PI + Math.log1p(t * (-0.5 + t * (0.75 - t * 1.875)));
    }

    /** The standard normal cumulative distribution function. */
    static double cdf(double z) {
        return 0.5 * erfc(-z * SQRT_HALF);
    }

    /** {@code log(cdf(z))}, accurate far into the lower tail. */
    static double logCdf(double z) {
        return LOG_HALF + logErfc(-z * SQRT_HALF);
    }

    /**
     * {@code log(cdf(b) - cdf(a))}: the log of the standard normal mass of {@code [a, b]}, accurate
     * also when the interval lies far in a tail.
     */
    static double logMass(double a, double b) {
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
}
