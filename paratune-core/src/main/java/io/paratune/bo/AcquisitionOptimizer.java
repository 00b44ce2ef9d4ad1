package io.paratune.bo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * Finds the point that maximises an acquisition function of a {@link GaussianProcess}, given the
 * points still being evaluated (pending).
 *
 * <p>The search, as in BoTorch's {@code optimize_acqf}: score {@code rawSamples} scrambled-Sobol
 * candidates and {@code localSamples} Gaussian perturbations of the best observations (for the
 * Monte-Carlo batch acquisition, all are ranked first by the kriging-believer log EI, about ten
 * times cheaper, and the best quarter is scored by the Monte-Carlo estimate); refine the
 * best candidates (half the best, half drawn from the best fifth) by bounded quasi-Newton on the
 * analytic gradient in the unit cube, categorical coordinates held fixed; round the rounded
 * coordinates and re-score; try every category of each categorical coordinate once. Then the
 * highest-scoring candidate that is not {@code taken} (evaluated or pending, as the caller
 * decides after mapping to parameter values) is returned; if every candidate is taken, a random
 * point that is not. The search is deterministic given the seed and the model.
 *
 * <p>The Sobol candidates depend on the model only (their scrambling is seeded by its data): their
 * posterior moments are computed once per model and kept by the caller's {@link CandidateCache}, so
 * the later asks of a batch, which condition the same model on more pending points, pay only for
 * the cross-covariances with those points.
 */
public final class AcquisitionOptimizer {
    private static final double[] LOCAL_SCALES = {1e-3, 1e-2, 1e-1};
    private static final int LOCAL_CENTRES = 5;
    private static final int SCREEN_KEEP_DIVISOR = 4;
    private static final int SCREEN_KEEP_MIN = 128;

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
     * Maximises an acquisition function (built with its pending points by {@link
     * AcquisitionFunction#of}).
     *
     * @param f the acquisition function; its GPs have one input per dimension
     * @param dimensions one per GP input dimension
     * @param cache keeps the Sobol candidates of the function's GPs for the next call (the next ask
     *     of a batch)
     * @param taken whether a point (after rounding) equals an evaluated or pending one
     * @param seed seeds the local candidates and the choice of starts
     * @param region a box of the unit cube (a trust region) holding every candidate: {@code
     *     region[0][j] <= z_j <= region[1][j]} for the continuous and rounded coordinates
     *     (categorical ones are free); null for the whole cube
     */
    public static Proposal optimize(
            AcquisitionFunction f,
            List<InputDimension> dimensions,
            AcquisitionOptions options,
            CandidateCache cache,
            Predicate<double[]> taken,
            long seed,
            double[][] region) {
        Objects.requireNonNull(cache, "cache");
        int d = f.gp.d;
        if (dimensions.size() != d) {
            throw new IllegalArgumentException(dimensions.size() + " input dimensions for GPs of dimension " + d);
        }
        InputDimension[] dims = dimensions.toArray(new InputDimension[0]);
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        Box box = Box.of(region, dims);
        List<Candidate> raw = f instanceof JointFunction joint
                ? jointCandidates(joint, dims, options, cache, random, box)
                : modelCandidates(f, dims, options, cache, random, box);
        return search(f, raw, dims, options, taken, random, box);
    }

    /**
     * The scored candidates of a one-model function: from their posterior moments, the Sobol
     * candidates' cached; screened first when the function has a cheaper proxy.
     */
    private static List<Candidate> modelCandidates(
            AcquisitionFunction f,
            InputDimension[] dims,
            AcquisitionOptions options,
            CandidateCache cache,
            SplittableRandom random,
            Box box) {
        GaussianProcess gp = f.gp;
        int p = f.pending == null ? 0 : f.pending.p;
        RawSet set = cache.sets(List.of(gp), dims, options.rawSamples(), gp.dataSeed, box, options.threadCount())[0];
        List<Candidate> raw = sobolCandidates(set, f);
        List<Candidate> local = localCandidates(bestInputs(gp), dims, options, random, box);
        computeMoments(f, local, p, options.threadCount());
        raw.addAll(local);
        AcquisitionFunction screen = f.screen();
        if (screen != null) {
            // rank all candidates by the cheap proxy on the same moments, keep the best quarter
            scoreFromMoments(screen, raw, p, options.threadCount());
            raw.sort(Comparator.comparingDouble((Candidate c) -> c.score).reversed());
            raw = new ArrayList<>(raw.subList(
                    0, Math.min(raw.size(), Math.max(SCREEN_KEEP_MIN, raw.size() / SCREEN_KEEP_DIVISOR))));
        }
        scoreFromMoments(f, raw, p, options.threadCount());
        return raw;
    }

    /**
     * The box candidates are searched in: lower and upper bounds per coordinate in the unit cube
     * (0 and 1 for categorical coordinates); {@link #CUBE} is the whole cube.
     */
    record Box(double[] lower, double[] upper) {
        static final Box CUBE = new Box(null, null);

        static Box of(double[][] region, InputDimension[] dims) {
            if (region == null) {
                return CUBE;
            }
            int d = dims.length;
            if (region.length != 2 || region[0].length != d || region[1].length != d) {
                throw new IllegalArgumentException("a region is two arrays of " + d + " bounds");
            }
            double[] lo = new double[d];
            double[] hi = new double[d];
            for (int j = 0; j < d; j++) {
                boolean free = dims[j].kind() == InputDimension.Kind.CATEGORICAL;
                lo[j] = free ? 0 : Math.max(0, Math.min(1, region[0][j]));
                hi[j] = free ? 1 : Math.max(lo[j], Math.min(1, region[1][j]));
            }
            return new Box(lo, hi);
        }

        /** The unit value {@code u} of coordinate j mapped into the box. */
        double map(int j, double u) {
            return lower == null ? u : lower[j] + u * (upper[j] - lower[j]);
        }

        /** The width of coordinate j. */
        double width(int j) {
            return lower == null ? 1 : upper[j] - lower[j];
        }

        double clamp(int j, double v) {
            return lower == null ? v : Math.max(lower[j], Math.min(upper[j], v));
        }

        double low(int j) {
            return lower == null ? 0 : lower[j];
        }

        double high(int j) {
            return lower == null ? 1 : upper[j];
        }
    }

    /**
     * The scored candidates of a joint function: the Sobol candidates, shared by all its GPs, from
     * each GP's cached moments; the local ones, drawn around the acquisition's centres, directly.
     */
    private static List<Candidate> jointCandidates(
            JointFunction f,
            InputDimension[] dims,
            AcquisitionOptions options,
            CandidateCache cache,
            SplittableRandom random,
            Box box) {
        RawSet[] sets = f.rawSets(cache, dims, options.rawSamples(), box, options.threadCount());
        List<Candidate> raw = new ArrayList<>(options.rawSamples() + options.localSamples());
        for (int i = 0; i < sets[0].count; i++) {
            raw.add(new Candidate(sets[0].points[i].clone(), 0));
        }
        int blocks = sets[0].kernel.length;
        int threads = Math.min(options.threadCount(), Math.max(1, blocks / 4));
        List<Candidate> sobol = raw;
        inParallel(threads, t -> {
            JointFunction own = t == 0 ? f : (JointFunction) f.copy();
            double[] scores = new double[PointPosterior.BLOCK];
            for (int b = t; b < blocks; b += threads) {
                int from = b * PointPosterior.BLOCK;
                int m = own.scoreBlock(sets, b, scores);
                for (int i = 0; i < m; i++) {
                    sobol.get(from + i).score = scores[i];
                }
            }
            return null;
        });
        List<Candidate> local = localCandidates(f.centres(), dims, options, random, box);
        scoreByValues(f, local, options.threadCount());
        raw.addAll(local);
        return raw;
    }

    /** Scores the candidates by {@link AcquisitionFunction#values}, split over the available processors. */
    private static void scoreByValues(AcquisitionFunction f, List<Candidate> all, int maxThreads) {
        int threads = Math.min(maxThreads, Math.max(1, all.size() / (4 * PointPosterior.BLOCK)));
        int chunk = (all.size() + threads - 1) / threads;
        inParallel(threads, t -> {
            AcquisitionFunction own = t == 0 ? f : f.copy();
            int from = t * chunk;
            int to = Math.min(all.size(), from + chunk);
            int m = Math.max(0, to - from);
            double[][] points = new double[m][];
            for (int i = 0; i < m; i++) {
                points[i] = all.get(from + i).point;
            }
            double[] scores = new double[m];
            own.values(points, scores);
            for (int i = 0; i < m; i++) {
                all.get(from + i).score = scores[i];
            }
            return null;
        });
    }

    /** The inputs of the best observations of a GP, best first. */
    private static List<double[]> bestInputs(GaussianProcess gp) {
        Integer[] order = new Integer[gp.n];
        for (int i = 0; i < gp.n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> gp.ys[i]));
        List<double[]> out = new ArrayList<>();
        for (int k = 0; k < Math.min(LOCAL_CENTRES, gp.n); k++) {
            out.add(gp.input(order[k]));
        }
        return out;
    }

    /** Refines the best scored candidates and returns the best point that is not taken. */
    private static Proposal search(
            AcquisitionFunction f,
            List<Candidate> raw,
            InputDimension[] dims,
            AcquisitionOptions options,
            Predicate<double[]> taken,
            SplittableRandom random,
            Box box) {
        int d = dims.length;
        raw.sort(Comparator.comparingDouble((Candidate c) -> c.score).reversed());
        List<double[]> starts = starts(raw, options.restarts(), random);
        int threads = Math.min(options.threadCount(), starts.size());
        List<List<Candidate>> refined = inParallel(threads, t -> {
            AcquisitionFunction own = t == 0 ? f : f.copy();
            List<Candidate> out = new ArrayList<>();
            for (int k = t; k < starts.size(); k += threads) {
                out.add(refine(own, starts.get(k), dims, options.maxIterations(), box));
            }
            return out;
        });
        List<Candidate> pool = new ArrayList<>();
        for (int k = 0; k < starts.size(); k++) {
            pool.add(refined.get(k % threads).get(k / threads));
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
                double u = random.nextDouble();
                z[j] = dims[j].fromUnit(dims[j].kind() == InputDimension.Kind.CATEGORICAL ? u : box.map(j, u));
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
        double mean;
        double variance;
        double[] cross;

        Candidate(double[] point, double score) {
            this.point = point;
            this.score = score;
        }
    }

    /** The posterior moments of the candidates, split over the available processors. */
    private static void computeMoments(AcquisitionFunction f, List<Candidate> candidates, int p, int maxThreads) {
        int threads = Math.min(maxThreads, Math.max(1, candidates.size() / (4 * PointPosterior.BLOCK)));
        int chunk = (candidates.size() + threads - 1) / threads;
        inParallel(threads, t -> {
            AcquisitionFunction own = t == 0 ? f : f.copy();
            int from = t * chunk;
            int to = Math.min(candidates.size(), from + chunk);
            int m = Math.max(0, to - from);
            double[][] points = new double[m][];
            for (int i = 0; i < m; i++) {
                points[i] = candidates.get(from + i).point;
            }
            double[] means = new double[m];
            double[] variances = new double[m];
            double[] cross = new double[m * p];
            own.moments(points, means, variances, cross);
            for (int i = 0; i < m; i++) {
                Candidate c = candidates.get(from + i);
                c.mean = means[i];
                c.variance = variances[i];
                c.cross = java.util.Arrays.copyOfRange(cross, i * p, (i + 1) * p);
            }
            return null;
        });
    }

    /** Scores the candidates from their moments, split over the available processors. */
    private static void scoreFromMoments(AcquisitionFunction f, List<Candidate> candidates, int p, int maxThreads) {
        int threads = Math.min(maxThreads, Math.max(1, candidates.size() / 64));
        int chunk = (candidates.size() + threads - 1) / threads;
        inParallel(threads, t -> {
            AcquisitionFunction own = t == 0 ? f : f.copy();
            for (int i = t * chunk; i < Math.min(candidates.size(), (t + 1) * chunk); i++) {
                Candidate c = candidates.get(i);
                double v = own.fromMoments(c.mean, c.variance, c.cross);
                c.score = Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
            }
            return null;
        });
    }

    /** Runs {@code task(0..threads-1)}, the first on this thread and the others on the common pool. */
    private static <T> List<T> inParallel(int threads, IntFunction<T> task) {
        List<CompletableFuture<T>> others = new ArrayList<>();
        for (int t = 1; t < threads; t++) {
            int id = t;
            others.add(CompletableFuture.supplyAsync(() -> task.apply(id)));
        }
        List<T> out = new ArrayList<>();
        out.add(task.apply(0));
        for (CompletableFuture<T> c : others) {
            out.add(c.join());
        }
        return out;
    }

    private static double score(AcquisitionFunction f, double[] z) {
        double v = f.value(z, null);
        return Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
    }

    /** Candidates for the Sobol points of {@code set}, with their moments and cross-covariances. */
    private static List<Candidate> sobolCandidates(RawSet set, AcquisitionFunction f) {
        List<Candidate> out = new ArrayList<>(set.count);
        PendingPoints pending = f.pending;
        int p = pending == null ? 0 : pending.p;
        double[][] columns = new double[p][];
        for (int q = 0; q < p; q++) {
            columns[q] = pending.rawCross(q, set);
        }
        for (int i = 0; i < set.count; i++) {
            Candidate c = new Candidate(set.points[i].clone(), 0);
            c.mean = set.means[i];
            c.variance = set.variances[i];
            c.cross = new double[p];
            for (int q = 0; q < p; q++) {
                c.cross[q] = columns[q][i];
            }
            out.add(c);
        }
        return out;
    }

    /** Candidates drawn around {@code centres} (the best observations, best first), at several scales. */
    private static List<Candidate> localCandidates(
            List<double[]> centres,
            InputDimension[] dims,
            AcquisitionOptions options,
            SplittableRandom random,
            Box box) {
        int d = dims.length;
        List<Candidate> out = new ArrayList<>(options.localSamples());
        if (options.localSamples() > 0 && !centres.isEmpty()) {
            for (int k = 0; k < options.localSamples(); k++) {
                double[] z = centres.get(k % centres.size()).clone();
                double scale = LOCAL_SCALES[k % LOCAL_SCALES.length];
                for (int j = 0; j < d; j++) {
                    if (dims[j].kind() == InputDimension.Kind.CATEGORICAL) {
                        if (random.nextDouble() < 0.1) {
                            z[j] = random.nextInt(dims[j].categories());
                        }
                    } else {
                        z[j] = dims[j].fromUnit(box.clamp(j, z[j] + scale * box.width(j) * random.nextGaussian()));
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

    private static Candidate refine(
            AcquisitionFunction f, double[] start, InputDimension[] dims, int maxIterations, Box box) {
        int d = dims.length;
        double[] lower = new double[d];
        double[] upper = new double[d];
        for (int j = 0; j < d; j++) {
            boolean fixed = dims[j].kind() == InputDimension.Kind.CATEGORICAL;
            lower[j] = fixed ? start[j] : box.low(j);
            upper[j] = fixed ? start[j] : box.high(j);
        }
        double[] z = start.clone();
        BoundedLbfgs lbfgs = new BoundedLbfgs(d, 10);
        lbfgs.minimize(
                (x, g) -> {
                    double v = f.value(x, g);
                    for (int j = 0; j < d; j++) {
                        g[j] = -g[j];
                    }
                    return Double.isFinite(v) ? -v : Double.POSITIVE_INFINITY;
                },
                z,
                lower,
                upper,
                maxIterations,
                1e-9);
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
