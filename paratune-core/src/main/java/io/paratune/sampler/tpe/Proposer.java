package io.paratune.sampler.tpe;

import io.paratune.FrozenTrial;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * One TPE proposal: split the observations into the good and the rest, build a Parzen estimator of
 * each ({@code l} and {@code g}), draw candidates from {@code l} and take the one with the largest
 * {@code l(x) / g(x)}. Thread-safe: its only state, the mixture weights cached in its settings, is
 * synchronized.
 */
final class Proposer {
    /**
     * How many more rounds of {@code eiCandidates} are drawn from {@code l} when every candidate of a
     * discrete space was evaluated (or is running) already.
     */
    private static final int EXTRA_DRAWS = 3;

    private final TpeSampler.Options options;
    /**
     * Estimator settings for studies with one objective over continuous parameters only, with one
     * objective over other parameters too, and with several objectives ({@link
     * TpeSampler.Bandwidth#AUTO} resolved).
     */
    private final EstimatorSettings continuous;

    private final EstimatorSettings mixed;
    private final EstimatorSettings multiObjective;

    Proposer(TpeSampler.Options options) {
        this.options = options;
        this.continuous = settings(options, false);
        this.mixed = settings(options, true);
        this.multiObjective = settings(options, true);
    }

    /** The settings with {@code AUTO} resolved: Scott's rule when {@code scott}, else neighbour widths. */
    private static EstimatorSettings settings(TpeSampler.Options options, boolean scott) {
        TpeSampler.Bandwidth bandwidth = options.bandwidth() != TpeSampler.Bandwidth.AUTO
                ? options.bandwidth()
                : scott ? TpeSampler.Bandwidth.SCOTT : TpeSampler.Bandwidth.NEIGHBOUR;
        return new EstimatorSettings(
                options.priorWeight(),
                options.magicClip(),
                options.endpoints(),
                options.multivariate(),
                options.weights(),
                options.equalHeights(),
                bandwidth,
                new MixtureWeights.Cache());
    }

    /**
     * One TPE proposal for the parameters {@code dims}: internal values by name. With {@code
     * avoidRepeats}, a joint proposal whose parameters all take finitely many values skips the
     * candidates that a finished or running trial already holds.
     *
     * @param multiObjective whether the study has several objectives
     * @param running the RUNNING trials other than the one proposed for, asked for only when needed
     * @param rng the random stream of this proposal
     */
    Map<String, Double> propose(
            TpeStudyState h,
            Dim[] dims,
            boolean multiObjective,
            Supplier<List<FrozenTrial>> running,
            SplittableRandom rng,
            boolean avoidRepeats) {
        int n = h.count();
        int good = Math.max(0, Math.min(n, options.gamma().applyAsInt(n)));
        boolean univariate = !options.multivariate() || dims.length == 1;
        EstimatorSettings settings = multiObjective ? this.multiObjective : allContinuous(dims) ? continuous : mixed;
        // one shared width (Scott's rule): the split keeps the "above" kernels' masses between asks;
        // widths per kernel (neighbour gaps): it gives the sorted order of the "above" rows instead
        boolean shared = !univariate && settings.sharedWidth();
        ColumnStore.Split split = h.split(
                dims,
                good,
                options.constantLiar() ? running.get() : List.of(),
                !shared,
                shared ? count -> KernelWidths.sharedSigma(count, dims.length, settings) : null);
        double[] belowWeights = options.hypervolumeWeights() ? h.belowWeights(split.belowNumbers()) : null;
        ParzenEstimator below = new ParzenEstimator(dims, split.belowObservations(belowWeights), settings);
        ParzenEstimator above = new ParzenEstimator(dims, split.aboveObservations(), settings);
        Set<List<Double>> taken = avoidRepeats && !univariate && finite(dims) ? taken(h, dims, running.get()) : null;
        double[] chosen = null;
        for (int draw = 0; draw <= (taken == null ? 0 : EXTRA_DRAWS) && chosen == null; draw++) {
            double[][] candidates = below.sample(rng, options.eiCandidates());
            double[] l = below.logPdf(candidates);
            double[] g = above.logPdf(candidates);
            int best = -1;
            for (int c = 0; c < candidates.length; c++) {
                boolean free = taken == null || !taken.contains(point(candidates[c]));
                if (free && (best < 0 || l[c] - g[c] > l[best] - g[best])) {
                    best = c;
                }
            }
            if (best >= 0) {
                chosen = candidates[best];
            } else if (draw == EXTRA_DRAWS) {
                chosen = bestOf(candidates, l, g); // every candidate was evaluated before: a repeat
            }
        }
        Map<String, Double> out = new HashMap<>();
        for (int j = 0; j < dims.length; j++) {
            out.put(dims[j].name, chosen[j]);
        }
        return out;
    }

    /** Whether every parameter of {@code dims} is a float without a step. */
    private static boolean allContinuous(Dim[] dims) {
        for (Dim d : dims) {
            if (d.kind != Dim.Kind.CONTINUOUS) {
                return false;
            }
        }
        return true;
    }

    /** Whether every parameter of {@code dims} takes finitely many values (ints, grids, choices). */
    private static boolean finite(Dim[] dims) {
        for (Dim d : dims) {
            if (d.kind == Dim.Kind.CONTINUOUS) {
                return false;
            }
        }
        return true;
    }

    /** The points of {@code dims} that finished or running trials hold. */
    private static Set<List<Double>> taken(TpeStudyState h, Dim[] dims, List<FrozenTrial> running) {
        Set<List<Double>> taken = h.finishedPoints(dims);
        for (FrozenTrial t : running) {
            List<Double> p = TpeStudyState.project(t.internalParams(), dims);
            if (p != null) {
                taken.add(p);
            }
        }
        return taken;
    }

    private static List<Double> point(double[] candidate) {
        Double[] p = new Double[candidate.length];
        for (int j = 0; j < candidate.length; j++) {
            p[j] = candidate[j] + 0.0;
        }
        return List.of(p);
    }

    private static double[] bestOf(double[][] candidates, double[] l, double[] g) {
        int best = 0;
        for (int c = 1; c < candidates.length; c++) {
            if (l[c] - g[c] > l[best] - g[best]) {
                best = c;
            }
        }
        return candidates[best];
    }
}
