package io.paratune.bo;

import io.paratune.internal.Parallel;
import io.paratune.internal.Seeds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * Finds the point that maximises an {@link AcquisitionFunction} (of one GP or several, conditioned
 * on the points still being evaluated).
 *
 * <p>The search, as in BoTorch's {@code optimize_acqf}: score {@code rawSamples} scrambled-Sobol
 * candidates and {@code localSamples} Gaussian perturbations of the best observations ({@link
 * InitialCandidates}; for the
 * Monte-Carlo batch acquisition, all are ranked first by the kriging-believer log EI, about ten
 * times cheaper, and the best quarter is scored by the Monte-Carlo estimate); refine the
 * best candidates (half the best, half drawn from the best fifth) by bounded quasi-Newton on the
 * analytic gradient in the unit cube, categorical coordinates held fixed; round the rounded
 * coordinates and try every category of each categorical coordinate once (or, with {@link
 * AcquisitionOptions#discreteNeighbours}, move the rounded coordinates to neighbouring allowed
 * values and the categorical ones to other categories while the score rises). Then the
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
        SplittableRandom random = Seeds.stream(seed, 0, Seeds.Purpose.ACQUISITION_SEARCH);
        SearchBox box = SearchBox.of(region, dims);
        List<Candidate> raw = InitialCandidates.scored(f, dims, options, cache, random, box);
        return search(f, raw, dims, options, taken, random, box);
    }

    /** Refines the best scored candidates and returns the best point that is not taken. */
    private static Proposal search(
            AcquisitionFunction f,
            List<Candidate> raw,
            InputDimension[] dims,
            AcquisitionOptions options,
            Predicate<double[]> taken,
            SplittableRandom random,
            SearchBox box) {
        int d = dims.length;
        raw.sort(Comparator.comparingDouble((Candidate c) -> c.score).reversed());
        List<double[]> starts = starts(raw, options.restarts(), random);
        int threads = Math.min(options.threadCount(), starts.size());
        List<List<Candidate>> refined = Parallel.run(threads, t -> {
            AcquisitionFunction own = t == 0 ? f : f.copy();
            List<Candidate> out = new ArrayList<>();
            for (int k = t; k < starts.size(); k += threads) {
                out.add(refine(own, starts.get(k), dims, options, box));
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

    private static double score(AcquisitionFunction f, double[] z) {
        double v = f.value(z, null);
        return Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
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

    /** How many passes over the discrete coordinates {@link #discreteAscent} makes at most. */
    static final int DISCRETE_PASSES = 3;

    /**
     * Improves a rounded point one discrete coordinate at a time: each rounded coordinate moves to
     * the neighbouring allowed value above or below (inside the box) and each categorical one to
     * every other category, while the score rises; up to {@value #DISCRETE_PASSES} passes. Rounding
     * the continuous optimum alone can land one step off the best allowed value when the
     * acquisition changes within a cell, as it does for ints with few values.
     *
     * @param z a point whose discrete coordinates hold allowed values; moved to the best found
     * @return the score of {@code z} as returned
     */
    static double discreteAscent(AcquisitionFunction f, double[] z, InputDimension[] dims, SearchBox box, int passes) {
        double best = score(f, z);
        for (int pass = 0; pass < passes; pass++) {
            boolean moved = false;
            for (int j = 0; j < dims.length; j++) {
                double was = z[j];
                double keep = was;
                switch (dims[j].kind()) {
                    case CONTINUOUS -> {
                        continue;
                    }
                    case ROUNDED -> {
                        double lowest = dims[j].fromUnit(box.low(j));
                        double highest = dims[j].fromUnit(box.high(j));
                        for (double v : dims[j].neighbours(z[j])) {
                            if (Double.isNaN(v) || v < lowest || v > highest) {
                                continue;
                            }
                            z[j] = v;
                            double s = score(f, z);
                            if (s > best) {
                                best = s;
                                keep = v;
                            }
                        }
                    }
                    case CATEGORICAL -> {
                        best = bestCategory(f, z, dims[j], j, best);
                        keep = z[j];
                    }
                }
                z[j] = keep;
                moved |= keep != was;
            }
            if (!moved) {
                break;
            }
        }
        return best;
    }

    /**
     * Tries every other category of each categorical coordinate once, in order, keeping a change
     * that raises the score (without {@link AcquisitionOptions#discreteNeighbours}).
     *
     * @return the score of {@code z} as returned
     */
    static double tryCategories(AcquisitionFunction f, double[] z, InputDimension[] dims) {
        double best = score(f, z);
        for (int j = 0; j < dims.length; j++) {
            if (dims[j].kind() == InputDimension.Kind.CATEGORICAL) {
                best = bestCategory(f, z, dims[j], j, best);
            }
        }
        return best;
    }

    /**
     * Tries every other category of categorical coordinate {@code j} in order, keeping one that
     * scores above {@code best}; leaves {@code z[j]} at the kept category.
     *
     * @return the score of {@code z} as left
     */
    private static double bestCategory(AcquisitionFunction f, double[] z, InputDimension dim, int j, double best) {
        double keep = z[j];
        for (int c = 0; c < dim.categories(); c++) {
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
        return best;
    }

    private static Candidate refine(
            AcquisitionFunction f, double[] start, InputDimension[] dims, AcquisitionOptions options, SearchBox box) {
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
                options.maxIterations(),
                1e-9);
        for (int j = 0; j < d; j++) {
            z[j] = dims[j].fromUnit(z[j]);
        }
        double best = options.discreteNeighbours()
                ? discreteAscent(f, z, dims, box, DISCRETE_PASSES)
                : tryCategories(f, z, dims);
        double startScore = score(f, start);
        if (startScore > best) {
            return new Candidate(start, startScore);
        }
        return new Candidate(z, best);
    }
}
