package io.paratune.sampler.gp;

import io.paratune.Direction;
import io.paratune.FrozenTrial;
import io.paratune.StudyView;
import io.paratune.TrialState;
import io.paratune.bo.AcquisitionFunction;
import io.paratune.bo.AcquisitionOptimizer;
import io.paratune.bo.AcquisitionOptions;
import io.paratune.bo.GaussianProcess;
import io.paratune.bo.GpFitOptions;
import io.paratune.bo.InputWarping;
import io.paratune.bo.JointAcquisition;
import io.paratune.internal.Seeds;
import io.paratune.space.SearchSpace;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * Makes the GP sampler's proposal for a trial past the initial design: it selects the observations
 * and the pending points, fits the model (or one per objective and constraint, or a local one in a
 * large study's trust region), maximises the acquisition and decodes the point.
 */
final class Proposer {
    private final AcquisitionOptions acquisitionOptions;
    private final GpFitOptions fitOptions;
    private final int maxObservations;
    /** Single-objective studies with at least this many observations get the trust-region local model. */
    private final int trustRegionAbove;

    private final LocalProposals local;
    private final MultiObjectiveSetup jointSetup;
    private final InitialDesign design;
    private final long seed;
    /** Whether the global single-objective model warps its numeric inputs ({@link InputWarping}). */
    private final boolean inputWarping;

    Proposer(
            AcquisitionOptions acquisitionOptions,
            GpFitOptions fitOptions,
            int maxObservations,
            int trustRegionAbove,
            MultiObjectiveSetup jointSetup,
            InitialDesign design,
            long seed,
            boolean inputWarping) {
        this.acquisitionOptions = acquisitionOptions;
        this.fitOptions = fitOptions;
        this.maxObservations = maxObservations;
        this.trustRegionAbove = trustRegionAbove;
        this.local = new LocalProposals(acquisitionOptions, fitOptions, seed);
        this.jointSetup = jointSetup;
        this.design = design;
        this.seed = seed;
        this.inputWarping = inputWarping;
    }

    boolean inputWarping() {
        return inputWarping;
    }

    /** Whether this trial's hypervolume proposal exploits the posterior means. */
    boolean exploits(int number) {
        return jointSetup.exploits(number);
    }

    /** The GP proposal for {@code trial}; called under the study's lock. */
    Map<String, Double> propose(StudyView study, FrozenTrial trial, SearchSpace space, GpStudyState state) {
        SpaceEncoding enc = new SpaceEncoding(space);
        List<Direction> directions = study.directions();
        List<FrozenTrial> data = Observations.select(study.completed(), enc, directions, maxObservations);
        if (directions.size() == 1 && Observations.constraintCount(data) == 0) {
            // a single unconstrained objective also models the PRUNED trials (see the class comment)
            data = Observations.select(
                    Observations.withPruned(
                            study.trials(EnumSet.of(TrialState.COMPLETE, TrialState.PRUNED)), directions.get(0)),
                    enc,
                    directions,
                    maxObservations);
        }
        Pending running = Pending.of(study, enc, state.proposals);
        Set<List<Double>> taken = running.taken();
        List<double[]> pending = running.pending();
        if (data.isEmpty()) {
            return randomFree(enc, taken, trialSeed(seed, trial.number()));
        }
        Predicate<double[]> isTaken = z -> taken.contains(SpaceEncoding.key(enc.decode(z)));
        int constraintCount = Observations.constraintCount(data);
        if (directions.size() == 1 && constraintCount == 0 && data.size() >= trustRegionAbove) {
            return local.propose(
                    study,
                    trial,
                    enc,
                    data,
                    pending,
                    taken,
                    isTaken,
                    state,
                    directions.get(0),
                    design.size(enc.dimension()));
        }
        // failed points are modelled globally; the trust region leaves them out
        List<FrozenTrial> failedTrials = study.trials(EnumSet.of(TrialState.FAIL));
        List<FrozenTrial> failed = failedTrials.isEmpty()
                ? List.of()
                : Observations.failedPoints(failedTrials, enc, Observations.notFailed(study.trials(), enc));
        long trialSeed = trialSeed(seed, trial.number());
        AcquisitionFunction f;
        if (directions.size() == 1 && constraintCount == 0 && failed.isEmpty() && inputWarping) {
            // the model, the pending points and the search live in warped coordinates
            Models.Warped m = Models.warpedModel(
                    state, "objective0", enc, data, t -> directions.get(0).asLoss(t.value()), fitOptions, seed);
            InputWarping w = m.warping();
            List<double[]> warpedPending = new ArrayList<>(pending.size());
            for (double[] p : pending) {
                warpedPending.add(w.warp(p));
            }
            f = AcquisitionFunction.of(m.gp(), warpedPending, acquisitionOptions, trialSeed);
            AcquisitionOptimizer.Proposal best = AcquisitionOptimizer.optimize(
                    f,
                    w.dimensions(enc.dimensions),
                    acquisitionOptions,
                    state.candidates,
                    z -> isTaken.test(w.unwarp(z)),
                    trialSeed,
                    null);
            return enc.toParams(enc.decode(w.unwarp(best.point())));
        }
        if (directions.size() == 1 && constraintCount == 0 && failed.isEmpty()) {
            GaussianProcess gp = Models.model(
                    state, "objective0", enc, data, t -> directions.get(0).asLoss(t.value()), fitOptions, seed);
            f = AcquisitionFunction.of(gp, pending, acquisitionOptions, trialSeed);
        } else {
            JointAcquisition joint =
                    jointSetup.acquisition(state, enc, data, directions, constraintCount, failed, trial);
            f = AcquisitionFunction.of(joint, pending);
        }
        AcquisitionOptimizer.Proposal best = AcquisitionOptimizer.optimize(
                f, enc.dimensions, acquisitionOptions, state.candidates, isTaken, trialSeed, null);
        return enc.toParams(enc.decode(best.point()));
    }

    /** A random point of the encoded space that no trial holds (up to 1,000 draws), from {@code trialSeed}. */
    static Map<String, Double> randomFree(SpaceEncoding enc, Set<List<Double>> taken, long trialSeed) {
        SplittableRandom random = new SplittableRandom(trialSeed);
        double[] internal = null;
        for (int i = 0; i < 1000 && (internal == null || taken.contains(SpaceEncoding.key(internal))); i++) {
            double[] u = new double[enc.dimension()];
            for (int j = 0; j < u.length; j++) {
                u[j] = random.nextDouble();
            }
            internal = enc.fromUnitCube(u);
        }
        return enc.toParams(internal);
    }

    /** The seed of the random draws of one trial's proposal. */
    static long trialSeed(long seed, int trialNumber) {
        return Seeds.derive(seed, trialNumber, Seeds.Purpose.GP_PROPOSAL);
    }
}
