package io.paratune.bo;

import io.paratune.internal.Parallel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Scores the candidates an acquisition search starts from: the scrambled-Sobol candidates of a
 * {@link CandidateCache} and Gaussian perturbations of the best observations.
 *
 * <p>A one-model function scores them from their posterior moments, the Sobol candidates' cached,
 * ranking all by a cheaper proxy first when it has one (Monte-Carlo q-EI); a joint function scores
 * the Sobol candidates block by block from each of its GPs' cached moments and the others directly.
 */
final class InitialCandidates {
    private static final double[] LOCAL_SCALES = {1e-3, 1e-2, 1e-1};
    private static final int LOCAL_CENTRES = 5;
    private static final int SCREEN_KEEP_DIVISOR = 4;
    private static final int SCREEN_KEEP_MIN = 128;

    private InitialCandidates() {}

    /** The scored candidates of {@code f}: the Sobol ones first, then the local ones. */
    static List<Candidate> scored(
            AcquisitionFunction f,
            InputDimension[] dims,
            AcquisitionOptions options,
            CandidateCache cache,
            SplittableRandom random,
            SearchBox box) {
        return f instanceof JointFunction joint
                ? jointCandidates(joint, dims, options, cache, random, box)
                : modelCandidates(f, dims, options, cache, random, box);
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
            SearchBox box) {
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
     * The scored candidates of a joint function: the Sobol candidates, shared by all its GPs, from
     * each GP's cached moments; the local ones, drawn around the acquisition's centres, directly.
     */
    private static List<Candidate> jointCandidates(
            JointFunction f,
            InputDimension[] dims,
            AcquisitionOptions options,
            CandidateCache cache,
            SplittableRandom random,
            SearchBox box) {
        RawSet[] sets = f.rawSets(cache, dims, options.rawSamples(), box, options.threadCount());
        List<Candidate> raw = new ArrayList<>(options.rawSamples() + options.localSamples());
        for (int i = 0; i < sets[0].count; i++) {
            raw.add(new Candidate(sets[0].points[i].clone(), 0));
        }
        int blocks = sets[0].kernel.length;
        int threads = Math.min(options.threadCount(), Math.max(1, blocks / 4));
        List<Candidate> sobol = raw;
        Parallel.run(threads, t -> {
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

    /** Scores the candidates by {@link AcquisitionFunction#values}, split over the threads. */
    private static void scoreByValues(AcquisitionFunction f, List<Candidate> all, int maxThreads) {
        inBlocks(f, all, maxThreads, (own, block, from) -> {
            double[] scores = new double[block.length];
            own.values(block, scores);
            for (int i = 0; i < block.length; i++) {
                all.get(from + i).score = scores[i];
            }
        });
    }

    /** Work on one thread's block of candidates' points, starting at index {@code from}. */
    private interface BlockWork {
        void run(AcquisitionFunction own, double[][] block, int from);
    }

    /**
     * Splits the candidates into one contiguous block per thread (at most {@code maxThreads}, one
     * per {@code 4 * BLOCK} candidates), each worked on with its own copy of {@code f}.
     */
    private static void inBlocks(AcquisitionFunction f, List<Candidate> all, int maxThreads, BlockWork work) {
        int threads = Math.min(maxThreads, Math.max(1, all.size() / (4 * PointPosterior.BLOCK)));
        int chunk = (all.size() + threads - 1) / threads;
        Parallel.run(threads, t -> {
            AcquisitionFunction own = t == 0 ? f : f.copy();
            int from = t * chunk;
            int to = Math.min(all.size(), from + chunk);
            int m = Math.max(0, to - from);
            double[][] points = new double[m][];
            for (int i = 0; i < m; i++) {
                points[i] = all.get(from + i).point;
            }
            work.run(own, points, from);
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

    /** The posterior moments of the candidates, split over the threads. */
    private static void computeMoments(AcquisitionFunction f, List<Candidate> candidates, int p, int maxThreads) {
        inBlocks(f, candidates, maxThreads, (own, block, from) -> {
            int m = block.length;
            double[] means = new double[m];
            double[] variances = new double[m];
            double[] cross = new double[m * p];
            own.moments(block, means, variances, cross);
            for (int i = 0; i < m; i++) {
                Candidate c = candidates.get(from + i);
                c.mean = means[i];
                c.variance = variances[i];
                c.cross = Arrays.copyOfRange(cross, i * p, (i + 1) * p);
            }
        });
    }

    /** Scores the candidates from their moments, split over the threads. */
    private static void scoreFromMoments(AcquisitionFunction f, List<Candidate> candidates, int p, int maxThreads) {
        int threads = Math.min(maxThreads, Math.max(1, candidates.size() / 64));
        int chunk = (candidates.size() + threads - 1) / threads;
        Parallel.run(threads, t -> {
            AcquisitionFunction own = t == 0 ? f : f.copy();
            for (int i = t * chunk; i < Math.min(candidates.size(), (t + 1) * chunk); i++) {
                Candidate c = candidates.get(i);
                double v = own.fromMoments(c.mean, c.variance, c.cross);
                c.score = Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
            }
            return null;
        });
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
            SearchBox box) {
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
}
