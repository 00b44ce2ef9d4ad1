package io.paratune.sampler.gp;

import io.paratune.Direction;
import io.paratune.FrozenTrial;
import io.paratune.bo.GaussianProcess;
import io.paratune.bo.GpFitOptions;
import io.paratune.bo.JointAcquisition;
import io.paratune.internal.Parallel;
import io.paratune.internal.Seeds;
import io.paratune.moo.Pareto;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * The GP sampler's acquisition for a study with several objectives, with constraints or with failed
 * trials: a model per objective, per constraint and of failure, combined into log EHVI, a Chebyshev
 * scalarisation or constrained log EI, with the hypervolume reference point given or inferred.
 */
final class MultiObjectiveSetup {
    /** How far beyond the worst observed loss the hypervolume reference lies, in observed ranges. */
    static final double REFERENCE_MARGIN = 0.1;
    /** The factor on the objectives' standard deviations in an exploiting hypervolume proposal. */
    static final double EXPLOIT_SD_SCALE = 0.01;

    private final double[] referencePoint;
    /** The multi-objective acquisition asked for; null: EHVI for 2 or 3 objectives, Chebyshev beyond. */
    private final MultiObjectiveAcquisition multiObjective;
    /** The share of hypervolume proposals that exploit the posterior means (0: none). */
    private final double exploitation;

    private final GpFitOptions fitOptions;
    private final long seed;
    /** The most models fitted at once. */
    private final int threads;

    MultiObjectiveSetup(
            double[] referencePoint,
            MultiObjectiveAcquisition multiObjective,
            double exploitation,
            GpFitOptions fitOptions,
            long seed,
            int threads) {
        this.referencePoint = referencePoint;
        this.multiObjective = multiObjective;
        this.exploitation = exploitation;
        this.fitOptions = fitOptions;
        this.seed = seed;
        this.threads = threads;
    }

    /**
     * The acquisition of a multi-objective or constrained study, or of one with failed points: a GP
     * per objective and per constraint, and a failure model when {@code failed} is not empty; log
     * EHVI for 2 or 3 objectives, a Chebyshev scalarisation with the trial's own random weights for
     * more, log EI over the best feasible loss for one, each weighted by the probability that every
     * constraint holds and the point does not fail.
     *
     * @param failed the failed points to model ({@link Observations#failedPoints}); may be empty
     */
    JointAcquisition acquisition(
            GpStudyState state,
            SpaceEncoding enc,
            List<FrozenTrial> data,
            List<Direction> directions,
            int constraintCount,
            List<FrozenTrial> failed,
            FrozenTrial trial) {
        int m = directions.size();
        List<Supplier<GaussianProcess>> fits = new ArrayList<>();
        for (int k = 0; k < m; k++) {
            int index = k;
            fits.add(() -> Models.model(
                    state,
                    "objective" + index,
                    enc,
                    data,
                    t -> directions.get(index).asLoss(t.value(index)),
                    fitOptions,
                    seed));
        }
        if (constraintCount > 0) {
            List<FrozenTrial> constrained = new ArrayList<>();
            for (FrozenTrial t : data) {
                if (t.constraints().length == constraintCount) {
                    constrained.add(t);
                }
            }
            for (int c = 0; c < constraintCount; c++) {
                int index = c;
                fits.add(() -> Models.model(
                        state, "constraint" + index, enc, constrained, t -> t.constraints()[index], fitOptions, seed));
            }
        }
        if (!failed.isEmpty()) {
            // the failure model: failed points at +1, the others at -1, a constraint like the user's
            List<FrozenTrial> all = new ArrayList<>(data);
            all.addAll(failed);
            fits.add(() -> Models.model(
                    state,
                    "failure",
                    enc,
                    all,
                    t -> t.state() == io.paratune.TrialState.FAIL ? 1.0 : -1.0,
                    fitOptions,
                    seed));
        }
        List<GaussianProcess> models = fitAll(fits, threads);
        List<GaussianProcess> objectives = models.subList(0, m);
        List<GaussianProcess> constraints = models.subList(m, models.size());
        // the objective models are in units of outputScale: so are the losses, the reference and the incumbent
        double[] factors = new double[m];
        for (int k = 0; k < m; k++) {
            double[] column = new double[data.size()];
            for (int i = 0; i < column.length; i++) {
                column[i] = directions.get(k).asLoss(data.get(i).value(k));
            }
            factors[k] = Models.outputScale(column);
        }
        List<double[]> losses = new ArrayList<>();
        List<double[]> feasibleLosses = new ArrayList<>();
        List<double[]> feasibleInputs = new ArrayList<>();
        for (FrozenTrial t : data) {
            double[] loss = new double[m];
            for (int k = 0; k < m; k++) {
                loss[k] = directions.get(k).asLoss(t.value(k)) * factors[k];
            }
            losses.add(loss);
            if (t.isFeasible()) {
                feasibleLosses.add(loss);
                feasibleInputs.add(enc.encode(enc.internalValues(t.internalParams(), t.distributions())));
            }
        }
        List<double[]> centres = new ArrayList<>();
        if (feasibleLosses.isEmpty()) {
            List<FrozenTrial> byViolation = new ArrayList<>(data);
            byViolation.sort(Comparator.comparingDouble(Observations::violation));
            for (FrozenTrial t : byViolation.subList(0, Math.min(5, byViolation.size()))) {
                centres.add(enc.encode(enc.internalValues(t.internalParams(), t.distributions())));
            }
        } else {
            for (int i : Pareto.nonDominated(feasibleLosses)) {
                centres.add(feasibleInputs.get(i));
            }
        }
        if (m == 1) {
            double incumbent = Double.NaN;
            for (double[] l : feasibleLosses) {
                incumbent = Double.isNaN(incumbent) ? l[0] : Math.min(incumbent, l[0]);
            }
            return JointAcquisition.expectedImprovement(objectives.get(0), incumbent, constraints, centres);
        }
        List<double[]> scaleFrom = feasibleLosses.isEmpty() ? losses : feasibleLosses;
        double[] low = new double[m];
        double[] high = new double[m];
        java.util.Arrays.fill(low, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(high, Double.NEGATIVE_INFINITY);
        for (double[] l : scaleFrom) {
            for (int k = 0; k < m; k++) {
                low[k] = Math.min(low[k], l[k]);
                high[k] = Math.max(high[k], l[k]);
            }
        }
        double[] range = new double[m];
        for (int k = 0; k < m; k++) {
            range[k] = Math.max(high[k] - low[k], 1e-9 * Math.max(1, Math.abs(high[k])));
        }
        if (useHypervolume(m)) {
            JointAcquisition.Hypervolume ehvi = JointAcquisition.hypervolume(
                    objectives,
                    feasibleLosses,
                    reference(directions, feasibleLosses, high, range, factors),
                    constraints,
                    centres);
            return exploits(trial.number()) ? ehvi.exploiting(EXPLOIT_SD_SCALE) : ehvi;
        }
        java.util.SplittableRandom random = Seeds.stream(seed, trial.number(), Seeds.Purpose.GP_WEIGHTS);
        double[] weights = new double[m];
        double sum = 0;
        for (int k = 0; k < m; k++) {
            weights[k] = -Math.log(1 - random.nextDouble());
            sum += weights[k];
        }
        for (int k = 0; k < m; k++) {
            weights[k] /= sum;
        }
        return JointAcquisition.chebyshev(objectives, weights, low, range, constraints, centres);
    }

    /**
     * Whether this trial's hypervolume proposal exploits the posterior means: the trials where
     * {@code floor(number * exploitation)} steps up, a share {@code exploitation} of consecutive
     * trials, evenly spread (0.25: trials 3, 7, 11, ..., two of every 8; 1: all).
     */
    boolean exploits(int number) {
        return exploitation > 0 && Math.floor((number + 1) * exploitation) > Math.floor(number * exploitation);
    }

    /** Whether a study with {@code m >= 2} objectives gets EHVI rather than Chebyshev scalarisations. */
    private boolean useHypervolume(int m) {
        if (multiObjective == null) {
            return m <= 3;
        }
        if (multiObjective == MultiObjectiveAcquisition.EHVI && m > 3) {
            throw new io.paratune.SamplerConfigurationException("multiObjective=EHVI takes 2 or 3 objectives but the"
                    + " study has " + m
                    + "; use MultiObjectiveAcquisition.CHEBYSHEV or leave the option unset");
        }
        return multiObjective == MultiObjectiveAcquisition.EHVI;
    }

    /** The given reference point as losses, or the inferred one. */
    private double[] reference(
            List<Direction> directions,
            List<double[]> feasibleLosses,
            double[] high,
            double[] range,
            double[] factors) {
        if (referencePoint == null) {
            return inferredReference(feasibleLosses, high, range);
        }
        if (referencePoint.length != directions.size()) {
            throw new io.paratune.SamplerConfigurationException("the reference point "
                    + java.util.Arrays.toString(referencePoint)
                    + " has " + referencePoint.length + " values but the study has " + directions.size()
                    + " objectives; give one value per objective");
        }
        double[] out = new double[referencePoint.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = directions.get(k).asLoss(referencePoint[k]) * factors[k];
        }
        return out;
    }

    /**
     * Runs the fits on at most {@code maxThreads} threads, this one and others of the common pool
     * (each fit is deterministic, so the threads do not change the models).
     */
    private static List<GaussianProcess> fitAll(List<Supplier<GaussianProcess>> fits, int maxThreads) {
        int threads = Math.min(maxThreads, fits.size());
        List<List<GaussianProcess>> done = Parallel.run(threads, t -> {
            List<GaussianProcess> own = new ArrayList<>();
            for (int i = t; i < fits.size(); i += threads) {
                own.add(fits.get(i).get());
            }
            return own;
        });
        List<GaussianProcess> out = new ArrayList<>(fits.size());
        for (int i = 0; i < fits.size(); i++) {
            out.add(done.get(i % threads).get(i / threads));
        }
        return out;
    }

    /**
     * The hypervolume reference point inferred: the nadir of the feasible front (its worst loss per
     * objective) plus {@link #REFERENCE_MARGIN} of the front's range, as BoTorch infers it; the
     * worst observed loss plus that margin of the observed range when nothing is feasible.
     */
    private static double[] inferredReference(List<double[]> feasibleLosses, double[] high, double[] range) {
        int m = high.length;

        double[] reference = new double[m];
        if (feasibleLosses.isEmpty()) {
            for (int k = 0; k < m; k++) {
                reference[k] = high[k] + REFERENCE_MARGIN * range[k];
            }
            return reference;
        }
        double[] lo = new double[m];
        double[] hi = new double[m];
        java.util.Arrays.fill(lo, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        for (int i : Pareto.nonDominated(feasibleLosses)) {
            double[] l = feasibleLosses.get(i);
            for (int k = 0; k < m; k++) {
                lo[k] = Math.min(lo[k], l[k]);
                hi[k] = Math.max(hi[k], l[k]);
            }
        }
        for (int k = 0; k < m; k++) {
            double r = Math.max(hi[k] - lo[k], 1e-9 * Math.max(1, Math.abs(hi[k])));
            reference[k] = hi[k] + REFERENCE_MARGIN * r;
        }
        return reference;
    }
}
