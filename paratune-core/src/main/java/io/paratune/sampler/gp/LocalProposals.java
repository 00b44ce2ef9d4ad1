package io.paratune.sampler.gp;

import io.paratune.Direction;
import io.paratune.FrozenTrial;
import io.paratune.StudyView;
import io.paratune.bo.AcquisitionFunction;
import io.paratune.bo.AcquisitionOptimizer;
import io.paratune.bo.AcquisitionOptions;
import io.paratune.bo.GaussianProcess;
import io.paratune.bo.GpFitOptions;
import io.paratune.bo.Hyperparameters;
import io.paratune.internal.Seeds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * The GP sampler's proposals for a large single-objective study: a local model of the observations
 * near the best one, on power-transformed outputs, its acquisition maximised inside a trust region
 * ({@link TrustRegion}, as TuRBO-1 does; decision record docs/decisions/0001-gp-trust-region.md).
 */
final class LocalProposals {
    private final AcquisitionOptions acquisitionOptions;
    private final GpFitOptions fitOptions;
    private final long seed;

    LocalProposals(AcquisitionOptions acquisitionOptions, GpFitOptions fitOptions, long seed) {
        this.acquisitionOptions = acquisitionOptions;
        this.fitOptions = fitOptions;
        this.seed = seed;
    }

    /**
     * The proposal of a large single-objective study: the acquisition of a local model, maximised
     * inside its trust region (see the class comment and {@link TrustRegion}); a random point while
     * a restarted region has fewer than its initial design.
     */
    Map<String, Double> propose(
            StudyView study,
            FrozenTrial trial,
            SpaceEncoding enc,
            List<FrozenTrial> data,
            List<double[]> pending,
            Set<List<Double>> taken,
            Predicate<double[]> isTaken,
            GpStudyState state,
            Direction direction,
            int initialTrials) {
        int d = enc.dimension();
        ToDoubleFunction<FrozenTrial> loss = t -> direction.asLoss(t.value());
        List<FrozenTrial> ordered = new ArrayList<>(data);
        ordered.sort(Comparator.comparingInt(FrozenTrial::number));
        TrustRegion region = state.trustRegion;
        if (region == null || !enc.space.equals(state.trustRegionSpace)) {
            region = new TrustRegion();
            for (FrozenTrial t : ordered) {
                region.seen(t.number(), loss.applyAsDouble(t));
            }
            state.trustRegion = region;
            state.trustRegionSpace = enc.space;
        }
        region.running(study.running().size());
        for (FrozenTrial t : ordered) {
            region.finished(t.number(), loss.applyAsDouble(t), d);
        }
        if (region.collapsed()) {
            region.restart(trial.number());
        }
        List<FrozenTrial> since = new ArrayList<>();
        FrozenTrial best = null;
        for (FrozenTrial t : ordered) {
            if (t.number() >= region.restartedAt) {
                since.add(t);
                if (best == null || loss.applyAsDouble(t) < loss.applyAsDouble(best)) {
                    best = t;
                }
            }
        }
        if (since.size() < initialTrials) {
            return Proposer.randomFree(enc, taken, Proposer.trialSeed(seed, trial.number()));
        }
        double[] centre = enc.encode(enc.internalValues(best.internalParams(), best.distributions()));
        GpStudyState.Fit last = state.fits.get(LOCAL_MODEL);
        if (last == null || !last.space().equals(enc.space)) {
            last = state.fits.get("objective0");
        }
        double[] lengthscales = last != null && last.space().equals(enc.space)
                ? last.gp().hyperparameters().lengthscales()
                : null;
        List<FrozenTrial> local = localObservations(state, region, enc, since, centre, lengthscales);
        GaussianProcess gp = localModel(state, region, enc, local, loss);
        double[] half = halfWidths(gp.hyperparameters().lengthscales(), region.length, enc);
        double[][] box = new double[2][d];
        for (int j = 0; j < d; j++) {
            box[0][j] = centre[j] - half[j];
            box[1][j] = centre[j] + half[j];
        }
        long trialSeed = Proposer.trialSeed(seed, trial.number());
        AcquisitionOptimizer.Proposal proposal = AcquisitionOptimizer.optimize(
                AcquisitionFunction.of(gp, pending, acquisitionOptions, trialSeed),
                enc.dimensions,
                acquisitionOptions,
                state.candidates,
                isTaken,
                trialSeed,
                box);
        return enc.toParams(enc.decode(proposal.point()));
    }

    /** The state key of the trust region's local model. */
    static final String LOCAL_MODEL = "local0";
    /** The most observations the local model conditions on: the nearest to the region's centre. */
    static final int LOCAL_MAX = 256;

    /**
     * Half the trust region's side per coordinate: TuRBO's {@code length / 2} scaled by the
     * lengthscale over the geometric mean of the lengthscales (null: all equal), so that the
     * region's volume is {@code length^d} and it is longer where the function varies slowly.
     */
    static double[] halfWidths(double[] lengthscales, double length, SpaceEncoding enc) {
        int d = enc.dimension();
        double[] half = new double[d];
        double logMean = 0;
        int continuous = 0;
        for (int j = 0; j < d; j++) {
            if (!enc.categorical[j] && lengthscales != null) {
                logMean += Math.log(lengthscales[j]);
                continuous++;
            }
        }
        logMean = continuous == 0 ? 0 : logMean / continuous;
        for (int j = 0; j < d; j++) {
            double weight =
                    lengthscales == null || enc.categorical[j] ? 1 : Math.exp(Math.log(lengthscales[j]) - logMean);
            half[j] = weight * length / 2;
        }
        return half;
    }

    /**
     * The observations of the local model ({@link #nearest}), chosen once for a set of observations,
     * a region and its size, and kept while those stay: the asks of one round then share one local
     * model. (Chosen anew at every ask, the choice followed the lengthscales of the model fitted on
     * the previous choice, and two sets could alternate, each ask refitting the model: in 50-D
     * rounds of 50 asks took 40 to 100 s instead of 2 to 5.)
     */
    static List<FrozenTrial> localObservations(
            GpStudyState state,
            TrustRegion region,
            SpaceEncoding enc,
            List<FrozenTrial> since,
            double[] centre,
            double[] lengthscales) {
        List<Integer> numbers = new ArrayList<>(since.size());
        for (FrozenTrial t : since) {
            numbers.add(t.number());
        }
        GpStudyState.LocalSelection last = state.localSelection;
        if (last != null
                && last.space().equals(enc.space)
                && last.restartedAt() == region.restartedAt
                && last.length() == region.length
                && last.since().equals(numbers)) {
            return last.local();
        }
        List<FrozenTrial> local =
                List.copyOf(nearest(since, enc, centre, halfWidths(lengthscales, region.length, enc)));
        state.localSelection = new GpStudyState.LocalSelection(
                enc.space, List.copyOf(numbers), region.restartedAt, region.length, local);
        return local;
    }

    /**
     * The observations the local model conditions on: those inside the region (by its scaled
     * distance from the centre), at most {@link #LOCAL_MAX} and at least {@code min(2(d+1), 32)} of
     * them, the nearest first.
     */
    private static List<FrozenTrial> nearest(
            List<FrozenTrial> since, SpaceEncoding enc, double[] centre, double[] half) {
        int d = enc.dimension();
        double[] distance = new double[since.size()];
        Integer[] order = new Integer[since.size()];
        for (int i = 0; i < since.size(); i++) {
            FrozenTrial t = since.get(i);
            double[] z = enc.encode(enc.internalValues(t.internalParams(), t.distributions()));
            double far = 0;
            for (int j = 0; j < d; j++) {
                if (!enc.categorical[j]) {
                    far = Math.max(far, Math.abs(z[j] - centre[j]) / half[j]);
                }
            }
            distance[i] = far;
            order[i] = i;
        }
        java.util.Arrays.sort(
                order,
                Comparator.comparingDouble((Integer i) -> distance[i])
                        .thenComparingInt(i -> since.get(i).number()));
        int least = Math.min(since.size(), Math.max(2 * (d + 1), 32));
        List<Integer> kept = new ArrayList<>();
        for (int k = 0; k < order.length && kept.size() < LOCAL_MAX; k++) {
            if (distance[order[k]] <= 1 || kept.size() < least) {
                kept.add(order[k]);
            }
        }
        kept.sort(null);
        List<FrozenTrial> out = new ArrayList<>(kept.size());
        for (int i : kept) {
            out.add(since.get(i));
        }
        return out;
    }

    /**
     * The local model: its outputs power-transformed ({@link PowerTransform}), its hyperparameters
     * re-optimised (warm-started) when a tenth of its observations are new since the last
     * optimisation or the region restarted, else the last ones conditioned on the current
     * observations.
     */
    private GaussianProcess localModel(
            GpStudyState state,
            TrustRegion region,
            SpaceEncoding enc,
            List<FrozenTrial> data,
            ToDoubleFunction<FrozenTrial> output) {
        Models.Observed o = Models.Observed.of(enc, data, output);
        List<Integer> numbers = o.numbers();
        GpStudyState.Fit last = state.fits.get(LOCAL_MODEL);
        if (last != null
                && last.space().equals(enc.space)
                && last.trialNumbers().equals(numbers)) {
            return last.gp();
        }
        double[][] x = o.x();
        double[] y = PowerTransform.apply(o.y());
        if (last == null || !last.space().equals(enc.space)) {
            last = state.fits.get("objective0");
        }
        Hyperparameters warm =
                last != null && last.space().equals(enc.space) ? last.gp().hyperparameters() : null;
        int fresh = 0;
        for (int number : numbers) {
            if (!region.optimisedOn.contains(number)) {
                fresh++;
            }
        }
        boolean optimise = warm == null || 10 * fresh >= numbers.size();
        GaussianProcess gp = optimise
                ? GaussianProcess.fit(
                        x,
                        y,
                        enc.categorical,
                        fitOptions,
                        warm,
                        Seeds.derive(seed, numbers.size(), Seeds.Purpose.GP_LOCAL_FIT))
                : GaussianProcess.withHyperparameters(x, y, enc.categorical, warm);
        if (optimise) {
            region.optimisedOn = Set.copyOf(numbers);
        }
        state.fits.put(LOCAL_MODEL, new GpStudyState.Fit(enc.space, List.copyOf(numbers), gp, numbers.size()));
        return gp;
    }
}
