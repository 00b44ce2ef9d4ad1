package io.paratune.sampler.cmaes;

import io.paratune.internal.Normal;
import java.util.Arrays;

/**
 * The margin correction of CMA-ES with margin (Hamano, Saito, Nomura, Shirakawa 2022), ported from
 * the {@code cmaes} library's {@code CMAwM}. Discrete coordinates are evaluated at the grid value
 * of the cell their (scaled) raw value falls in; after each update, the mean and a per-coordinate
 * scale {@code A} are adjusted so that the probability of sampling outside the mean's cell stays
 * at least {@code margin} (default {@code 1 / (n lambda)}), so that the search cannot get stuck on
 * one grid value.
 */
final class Margin {
    private final double margin;
    /** Per coordinate: the grid values (null for continuous) and the cell limits between them. */
    private final double[][] values;

    private final double[][] limits;
    private final double[] scale;

    Margin(double[][] grids, int n, int lambda) {
        margin = 1.0 / (n * lambda);
        values = new double[n][];
        limits = new double[n][];
        scale = new double[n];
        Arrays.fill(scale, 1.0);
        for (int i = 0; i < n; i++) {
            double[] g = grids[i];
            if (g == null || g.length < 2) {
                continue;
            }
            values[i] = g.clone();
            limits[i] = new double[g.length - 1];
            for (int k = 0; k + 1 < g.length; k++) {
                limits[i][k] = 0.5 * (g[k] + g[k + 1]);
            }
        }
    }

    boolean isDiscrete(int i) {
        return values[i] != null;
    }

    /** The number of cell limits below {@code x}: the index of the cell {@code x} falls in. */
    private static int cell(double[] limits, double x) {
        int lo = 0;
        int hi = limits.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (limits[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** The point to evaluate: discrete coordinates of {@code (x - mean) A + mean} snapped to their cell's value. */
    double[] encode(double[] x, double[] mean) {
        double[] out = x.clone();
        for (int i = 0; i < x.length; i++) {
            if (values[i] != null) {
                double scaled = (x[i] - mean[i]) * scale[i] + mean[i];
                out[i] = values[i][cell(limits[i], scaled)];
            }
        }
        return out;
    }

    /** The chi-squared quantile with one degree of freedom: the square of the normal's at {@code (1 + q) / 2}. */
    private static double chi2Ppf(double q) {
        double e = Normal.quantile(0.5 + 0.5 * q);
        return e * e;
    }

    private static double normCdf(double x) {
        return Normal.cdf(x);
    }

    /**
     * Adjusts the mean (in place) and the scales after an update.
     *
     * @param mean the updated mean; modified
     * @param diag the diagonal of the updated covariance
     */
    void afterTell(double[] mean, double sigma, double[] diag) {
        for (int i = 0; i < mean.length; i++) {
            if (values[i] == null) {
                continue;
            }
            double[] lim = limits[i];
            int pos = cell(lim, mean[i]);
            double low = pos == 0 ? lim[0] : lim[pos - 1];
            double up = pos == lim.length ? lim[lim.length - 1] : lim[pos];
            double m = mean[i];
            double zScale = sigma * scale[i] * Math.sqrt(diag[i]);
            double lowCdf = normCdf((low - m) / zScale);
            double upCdf = 1.0 - normCdf((up - m) / zScale);
            double midCdf = 1.0 - (lowCdf + upCdf);
            boolean edge = Math.max(lowCdf, upCdf) > 0.5;
            if (edge) {
                if (Math.min(lowCdf, upCdf) < margin) {
                    double dist = sigma * scale[i] * Math.sqrt(chi2Ppf(1.0 - 2.0 * margin) * diag[i]);
                    mean[i] = up + Math.signum(m - up) * dist;
                }
                continue;
            }
            lowCdf = Math.max(lowCdf, margin / 2);
            upCdf = Math.max(upCdf, margin / 2);
            double denominator = lowCdf + midCdf + upCdf - 3.0 * margin / 2;
            double excess = 1.0 - lowCdf - upCdf - midCdf;
            double modLow = clip(lowCdf + excess * (lowCdf - margin / 2) / denominator);
            double modUp = clip(upCdf + excess * (upCdf - margin / 2) / denominator);
            double chiLow = Math.sqrt(chi2Ppf(1.0 - 2 * modLow));
            double chiUp = Math.sqrt(chi2Ppf(1.0 - 2 * modUp));
            scale[i] = (up - low) / ((chiLow + chiUp) * sigma * Math.sqrt(diag[i]));
            mean[i] = (low * chiUp + up * chiLow) / (chiLow + chiUp);
        }
    }

    private static double clip(double p) {
        return Math.max(1e-10, Math.min(0.5 - 1e-10, p));
    }
}
