package io.paratune.bo;

import io.paratune.internal.ScrambledSobol;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * Finds the point that maximises an acquisition function of a {@link GaussianProcess}, given the
 * points still being evaluated (pending).
 *
 * <p>The search, as in BoTorch's {@code optimize_acqf}: score {@code rawSamples} scrambled-Sobol
 * candidates and {@code localSamples} Gaussian perturbations of the best observations; refine the
 * best candidates (half the best, half drawn from the best fifth) by bounded quasi-Newton on the
 * analytic gradient in the unit cube, categorical coordinates held fixed; round the rounded
 * coordinates and re-score; try every category of each categorical coordinate once. Then the
 * highest-scoring candidate that is not {@code taken} (evaluated or pending, as the caller
 * decides after mapping to parameter values) is returned; if every candidate is taken, a random
 * point that is not. The search is deterministic given the seed.
 */
public final class AcquisitionOptimizer {
    private static final double[] LOCAL_SCALES = {1e-3, 1e-2, 1e-1};
    private static final int LOCAL_CENTRES = 5;

    private AcquisitionOptimizer() {}

    /** A proposed point and its acquisition score. */
    public record Proposal(double[] point, double score) {
        public Proposal {
            point = point.clone();
        }

        @Override
        public double[] point() {
            return point.clone();
        }
    }

    /**
     * Maximises the acquisition.
     *
     * @param gp the model
     * @param pending points being evaluated, each of the GP's dimension; not modified
     * @param dimensions one per GP input dimension
     * @param taken whether a point (after rounding) equals an evaluated or pending one
     * @param seed seeds the candidates and the Monte-Carlo base samples
     */
    public static Proposal optimize(GaussianProcess gp, List<double[]> pending, List<InputDimension> dimensions,
            AcquisitionOptions options, Predicate<double[]> taken, long seed) {
        int d = gp.d;
        if (dimensions.size() != d) {
            throw new IllegalArgumentException(dimensions.size() + " input dimensions for a GP of dimension " + d);
        }
        InputDimension[] dims = dimensions.toArray(new InputDimension[0]);
        AcquisitionFunction f = AcquisitionFunction.create(gp, pending.toArray(new double[0][]), options, seed);
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        List<Candidate> raw = rawCandidates(gp, dims, options, seed, random);
        for (Candidate c : raw) {
            c.score = score(f, c.point);
        }
        raw.sort(Comparator.comparingDouble((Candidate c) -> c.score).reversed());
        List<Candidate> pool = new ArrayList<>();
        for (double[] start : starts(raw, options.restarts(), random)) {
            pool.add(refine(f, start, dims, options.maxIterations()));
        }
        pool.addAll(raw);
        pool.sort(Comparator.comparingDouble((Candidate c) -> c.score).reversed());
        for (Candidate c : pool) {
            if (!taken.test(c.point)) {
                return new Proposal(c.point, c.score);
            }
        }
        for (int i = 0; i < 10_000; i++) {
            double[] z = new double[d];
            for (int j = 0; j < d; j++) {
                z[j] = dims[j].fromUnit(random.nextDouble());
            }
            if (!taken.test(z)) {
                return new Proposal(z, score(f, z));
            }
        }
        return new Proposal(pool.get(0).point, pool.get(0).score);
    }

    private static final class Candidate {
        final double[] point;
        double score;

        Candidate(double[] point, double score) {
            this.point = point;
            this.score = score;
        }
    }

    private static double score(AcquisitionFunction f, double[] z) {
        double v = f.value(z, null);
        return Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
    }

    private static List<Candidate> rawCandidates(GaussianProcess gp, InputDimension[] dims, AcquisitionOptions options,
            long seed, SplittableRandom random) {
        int d = dims.length;
        List<Candidate> out = new ArrayList<>(options.rawSamples() + options.localSamples());
        ScrambledSobol sobol = new ScrambledSobol(true, seed);
        for (int i = 0; i < options.rawSamples(); i++) {
            double[] u = sobol.point(i, d);
            for (int j = 0; j < d; j++) {
                u[j] = dims[j].fromUnit(u[j]);
            }
            out.add(new Candidate(u, 0));
        }
        if (options.localSamples() > 0) {
            Integer[] order = new Integer[gp.n];
            for (int i = 0; i < gp.n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, Comparator.comparingDouble(i -> gp.ys[i]));
            int centres = Math.min(LOCAL_CENTRES, gp.n);
            for (int k = 0; k < options.localSamples(); k++) {
                double[] z = gp.input(order[k % centres]);
                double scale = LOCAL_SCALES[k % LOCAL_SCALES.length];
                for (int j = 0; j < d; j++) {
                    if (dims[j].kind() == InputDimension.Kind.CATEGORICAL) {
                        if (random.nextDouble() < 0.1) {
                            z[j] = random.nextInt(dims[j].categories());
                        }
                    } else {
                        z[j] = dims[j].fromUnit(z[j] + scale * random.nextGaussian());
                    }
                }
                out.add(new Candidate(z, 0));
            }
        }
        return out;
    }

    /** Half the best candidates, half drawn uniformly from the best fifth, all distinct. */
    private static List<double[]> starts(List<Candidate> sorted, int restarts, SplittableRandom random) {
        List<double[]> out = new ArrayList<>();
        int top = (restarts + 1) / 2;
        boolean[] used = new boolean[sorted.size()];
        for (int i = 0; i < Math.min(top, sorted.size()); i++) {
            out.add(sorted.get(i).point.clone());
            used[i] = true;
        }
        int fifth = Math.max(top, sorted.size() / 5);
        for (int tries = 0; out.size() < restarts && tries < 20 * restarts; tries++) {
            int i = random.nextInt(Math.min(fifth, sorted.size()));
            if (!used[i] && Double.isFinite(sorted.get(i).score)) {
                used[i] = true;
                out.add(sorted.get(i).point.clone());
            }
        }
        return out;
    }

    private static Candidate refine(AcquisitionFunction f, double[] start, InputDimension[] dims, int maxIterations) {
        int d = dims.length;
        double[] lower = new double[d];
        double[] upper = new double[d];
        for (int j = 0; j < d; j++) {
            boolean fixed = dims[j].kind() == InputDimension.Kind.CATEGORICAL;
            lower[j] = fixed ? start[j] : 0;
            upper[j] = fixed ? start[j] : 1;
        }
        double[] z = start.clone();
        BoundedLbfgs lbfgs = new BoundedLbfgs(d, 10);
        lbfgs.minimize((x, g) -> {
            double v = f.value(x, g);
            for (int j = 0; j < d; j++) {
                g[j] = -g[j];
            }
            return Double.isFinite(v) ? -v : Double.POSITIVE_INFINITY;
        }, z, lower, upper, maxIterations, 1e-9);
        for (int j = 0; j < d; j++) {
            z[j] = dims[j].fromUnit(z[j]);
        }
        double best = score(f, z);
        for (int j = 0; j < d; j++) {
            if (dims[j].kind() != InputDimension.Kind.CATEGORICAL) {
                continue;
            }
            double keep = z[j];
            for (int c = 0; c < dims[j].categories(); c++) {
                if (c == keep) {
                    continue;
                }
                z[j] = c;
                double v = score(f, z);
                if (v > best) {
                    best = v;
                    keep = c;
                }
            }
            z[j] = keep;
        }
        double startScore = score(f, start);
        if (startScore > best) {
            return new Candidate(start, startScore);
        }
        return new Candidate(z, best);
    }
}
