package io.paratune.bo;

import io.paratune.internal.Normal;
import java.util.ArrayList;
import java.util.List;

/** The {@link AcquisitionFunction} of a {@link JointAcquisition}; holds buffers, not thread-safe. */
final class JointFunction extends AcquisitionFunction {
    private static final double TINY = Double.MIN_NORMAL;
    private final JointAcquisition spec;
    /** Objectives first, then constraints. */
    private final OutputPosterior[] outputs;

    private final HypervolumeBoxes boxes;
    private final int m;
    /** The factor on the objectives' standard deviations (hypervolume; else 1). */
    private final double sdScale;
    /** The Chebyshev weights, offsets and scales (else null). */
    private final double[] weights;

    private final double[] ideal;
    private final double[] scale;
    /** The incumbent of log EI (else NaN). */
    private final double incumbent;

    private final double[] mean;
    private final double[] sd;
    private final double[] dMean;
    private final double[] dSd;

    JointFunction(JointAcquisition spec, double[][] pending) {
        this(spec, posteriors(spec, pending), null);
    }

    private JointFunction(JointAcquisition spec, OutputPosterior[] outputs, HypervolumeBoxes boxes) {
        super(spec.objectives().get(0), null);
        this.spec = spec;
        this.outputs = outputs;
        this.m = spec.objectives().size();
        JointAcquisition.Hypervolume hypervolume = spec instanceof JointAcquisition.Hypervolume h ? h : null;
        JointAcquisition.Chebyshev chebyshev = spec instanceof JointAcquisition.Chebyshev c ? c : null;
        this.boxes = boxes != null || hypervolume == null ? boxes : boxes(hypervolume, outputs);
        this.sdScale = hypervolume == null ? 1 : hypervolume.sdScale();
        this.weights = chebyshev == null ? null : chebyshev.weights();
        this.ideal = chebyshev == null ? null : chebyshev.ideal();
        this.scale = chebyshev == null ? null : chebyshev.scale();
        this.incumbent = spec instanceof JointAcquisition.ExpectedImprovement e ? e.incumbent() : Double.NaN;
        int k = outputs.length;
        this.mean = new double[k];
        this.sd = new double[k];
        this.dMean = new double[k];
        this.dSd = new double[k];
    }

    private static OutputPosterior[] posteriors(JointAcquisition spec, double[][] pending) {
        List<GaussianProcess> all = new ArrayList<>(spec.objectives());
        all.addAll(spec.constraints());
        OutputPosterior[] out = new OutputPosterior[all.size()];
        for (int i = 0; i < out.length; i++) {
            GaussianProcess gp = all.get(i);
            out[i] = new OutputPosterior(gp, pending.length == 0 ? null : new PendingPoints(gp, pending));
        }
        return out;
    }

    /** The boxes of the observed front and the believed pending points that look feasible. */
    private static HypervolumeBoxes boxes(JointAcquisition.Hypervolume spec, OutputPosterior[] outputs) {
        List<double[]> front = new ArrayList<>(spec.front());
        int m = spec.objectives().size();
        double[][] means = new double[outputs.length][];
        for (int i = 0; i < outputs.length; i++) {
            means[i] = outputs[i].pendingMeans();
        }
        for (int q = 0; q < means[0].length; q++) {
            boolean feasible = true;
            for (int c = m; c < outputs.length; c++) {
                feasible &= means[c][q] <= 0;
            }
            if (feasible) {
                double[] y = new double[m];
                for (int k = 0; k < m; k++) {
                    y[k] = means[k][q];
                }
                front.add(y);
            }
        }
        return new HypervolumeBoxes(front, spec.reference(), spec.lowerBound());
    }

    @Override
    AcquisitionFunction copy() {
        OutputPosterior[] own = new OutputPosterior[outputs.length];
        for (int i = 0; i < own.length; i++) {
            own[i] = outputs[i].copy();
        }
        return new JointFunction(spec, own, boxes);
    }

    @Override
    double fromMoments(double mean, double variance, double[] c) {
        throw new UnsupportedOperationException("a joint acquisition scores points, not one GP's moments");
    }

    /**
     * The Sobol candidates of every output ({@link RawSet}), kept by {@code cache}: the same points
     * for all, their scrambling seeded by the first objective's data. The asks of one batch reuse
     * their posterior moments and pay only for the cross-covariances with the pending points.
     */
    RawSet[] rawSets(CandidateCache cache, InputDimension[] dims, int count, SearchBox box, int maxThreads) {
        List<GaussianProcess> models = new ArrayList<>(outputs.length);
        for (OutputPosterior output : outputs) {
            models.add(output.gp);
        }
        return cache.sets(models, dims, count, outputs[0].gp.dataSeed, box, maxThreads);
    }

    /** Inputs around which extra candidates are drawn (the best observations). */
    List<double[]> centres() {
        return spec.centres();
    }

    /**
     * Scores block {@code b} of {@code sets} (from {@link #rawSets}) into {@code out} from the cached
     * moments, as {@link #values} would score those points; returns the block's size.
     */
    int scoreBlock(RawSet[] sets, int b, double[] out) {
        int from = b * PointPosterior.BLOCK;
        int n = Math.min(sets[0].count, from + PointPosterior.BLOCK) - from;
        double[][] means = new double[outputs.length][n];
        double[][] sds = new double[outputs.length][n];
        for (int o = 0; o < outputs.length; o++) {
            OutputPosterior post = outputs[o];
            RawSet set = sets[o];
            int p = post.pending == null ? 0 : post.pending.p;
            double[] cross = new double[n * p];
            if (p > 0) {
                set.cross(b, post.pending, cross);
            }
            double[] c = new double[p];
            for (int i = 0; i < n; i++) {
                System.arraycopy(cross, i * p, c, 0, p);
                means[o][i] = post.meanFromMoments(set.means[from + i]);
                sds[o][i] = post.sdFromMoments(set.variances[from + i], c);
            }
        }
        for (int i = 0; i < n; i++) {
            for (int o = 0; o < outputs.length; o++) {
                mean[o] = means[o][i];
                sd[o] = sds[o][i];
            }
            double v = combine(false);
            out[i] = Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
        }
        return n;
    }

    @Override
    void values(double[][] points, double[] out) {
        int n = points.length;
        double[][] means = new double[outputs.length][n];
        double[][] sds = new double[outputs.length][n];
        for (int o = 0; o < outputs.length; o++) {
            OutputPosterior post = outputs[o];
            int p = post.pending == null ? 0 : post.pending.p;
            double[] mu = new double[n];
            double[] var = new double[n];
            double[] cross = new double[n * p];
            post.moments(points, mu, var, cross);
            double[] c = new double[p];
            for (int i = 0; i < n; i++) {
                System.arraycopy(cross, i * p, c, 0, p);
                means[o][i] = post.meanFromMoments(mu[i]);
                sds[o][i] = post.sdFromMoments(var[i], c);
            }
        }
        for (int i = 0; i < n; i++) {
            for (int o = 0; o < outputs.length; o++) {
                mean[o] = means[o][i];
                sd[o] = sds[o][i];
            }
            double v = combine(false);
            out[i] = Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
        }
    }

    @Override
    double value(double[] z, double[] gradient) {
        boolean grad = gradient != null;
        for (int o = 0; o < outputs.length; o++) {
            outputs[o].evaluate(z, grad);
            mean[o] = outputs[o].mean;
            sd[o] = outputs[o].sd;
        }
        double v = combine(grad);
        if (grad) {
            java.util.Arrays.fill(gradient, 0);
            for (int o = 0; o < outputs.length; o++) {
                double[] dm = outputs[o].dMean;
                double[] ds = outputs[o].dSd;
                for (int j = 0; j < gradient.length; j++) {
                    gradient[j] += dMean[o] * dm[j] + dSd[o] * ds[j];
                }
            }
        }
        return v;
    }

    /** The score from {@link #mean} and {@link #sd}; with {@code grad}, fills {@link #dMean} and {@link #dSd}. */
    private double combine(boolean grad) {
        double score;
        if (spec instanceof JointAcquisition.Hypervolume) {
            score = logEhvi(grad);
        } else if (spec instanceof JointAcquisition.Chebyshev) {
            score = chebyshev(grad);
        } else {
            score = logEi(grad);
        }
        for (int c = m; c < outputs.length; c++) {
            double u = -mean[c] / sd[c];
            score += Normal.logCdf(u);
            if (grad) {
                double slope = Normal.dLogCdf(u);
                dMean[c] = -slope / sd[c];
                dSd[c] = -slope * u / sd[c];
            }
        }
        return score;
    }

    private double logEhvi(boolean grad) {
        double[] mu = java.util.Arrays.copyOf(mean, m);
        double[] s = java.util.Arrays.copyOf(sd, m);
        double factor = sdScale;
        if (factor != 1) {
            for (int k = 0; k < m; k++) {
                s[k] *= factor;
            }
        }
        double[] gm = grad ? new double[m] : null;
        double[] gs = grad ? new double[m] : null;
        double e = boxes.expectedImprovement(mu, s, gm, gs);
        if (!(e > TINY)) {
            if (grad) {
                java.util.Arrays.fill(dMean, 0, m, 0);
                java.util.Arrays.fill(dSd, 0, m, 0);
            }
            return Math.log(TINY);
        }
        if (grad) {
            for (int k = 0; k < m; k++) {
                dMean[k] = gm[k] / e;
                dSd[k] = factor * gs[k] / e;
            }
        }
        return Math.log(e);
    }

    private double chebyshev(boolean grad) {
        double max = Double.NEGATIVE_INFINITY;
        int arg = 0;
        double sum = 0;
        for (int k = 0; k < m; k++) {
            double l = weights[k] * (mean[k] - 2 * sd[k] - ideal[k]) / scale[k];
            sum += l;
            if (l > max) {
                max = l;
                arg = k;
            }
        }
        if (grad) {
            for (int k = 0; k < m; k++) {
                double w = weights[k] / scale[k] * (0.05 + (k == arg ? 1 : 0));
                dMean[k] = -w;
                dSd[k] = 2 * w;
            }
        }
        return -(max + 0.05 * sum);
    }

    private double logEi(boolean grad) {
        if (Double.isNaN(incumbent)) {
            if (grad) {
                dMean[0] = 0;
                dSd[0] = 0;
            }
            return 0;
        }
        double u = (incumbent - mean[0]) / sd[0];
        if (grad) {
            double slope = ImprovementMath.dLogH(u);
            dMean[0] = -slope / sd[0];
            dSd[0] = (1 - slope * u) / sd[0];
        }
        return ImprovementMath.logH(u) + Math.log(sd[0]);
    }
}
