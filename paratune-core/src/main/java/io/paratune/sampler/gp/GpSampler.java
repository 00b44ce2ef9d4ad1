package io.paratune.sampler.gp;

import static io.paratune.internal.Checks.requireUnset;

import io.paratune.FrozenTrial;
import io.paratune.StudyView;
import io.paratune.TrialState;
import io.paratune.bo.AcquisitionOptions;
import io.paratune.bo.BatchStrategy;
import io.paratune.bo.GaussianProcess;
import io.paratune.bo.GpFitOptions;
import io.paratune.bo.InputWarping;
import io.paratune.bo.JointAcquisition;
import io.paratune.sampler.RandomSampler;
import io.paratune.sampler.Sampler;
import io.paratune.space.Distribution;
import io.paratune.space.SearchSpace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bayesian optimisation with a Gaussian process: the sample-efficient choice when each trial is
 * expensive, and built to stay efficient when many trials run at once.
 *
 * <p><b>Initial design.</b> The first trials (by default {@code 2(d+1)} for d joint parameters, at
 * most 10) take consecutive points of one scrambled Sobol sequence, claimed through the study's
 * {@code "gp_init"} counter so that parallel workers get distinct, evenly spread points. Before
 * any trial completes, every parameter is drawn this way.
 *
 * <p><b>Model.</b> Then a GP ({@link GaussianProcess}: Matérn-5/2 ARD kernel, standardised
 * outputs, learned noise, MAP hyperparameters under dimension-scaled priors, warm-started from the
 * previous fit) is fitted to the COMPLETE trials of the joint search space (the intersection of
 * the parameter spaces of the completed trials), with values turned into losses by the study's
 * direction. PRUNED trials with a reported value count too, as no better than the worst COMPLETE
 * trial: a pruned trial's loss is its last intermediate loss raised to the worst complete loss and
 * capped one loss range ({@code worst - best}) above it; a pruned trial without a finite value gets
 * the worst complete loss. So the model learns where training was stopped early without taking a
 * partly trained value for a final one. Above 200 observations the hyperparameters
 * are re-optimised only when the data grew by a tenth since the last optimisation (the model is
 * re-conditioned on every observation each time); above {@code maxObservations} the model keeps
 * the best half and the most recent of the others.
 *
 * <p><b>Failed trials.</b> An objective that fails in a region (out of memory above some batch
 * size, a diverging model above some learning rate) would otherwise be proposed there again and
 * again: the model never learns from a failure. Once a trial has completed, the points of FAIL
 * trials get a failure model, as Gelbart et al. (UAI 2014) model unknown constraints: a GP on +1
 * at each failed point and -1 at every observation, and the acquisition is weighted by the
 * probability that a point does not fail, as for a user's constraint. A failed point that another
 * trial holds without failing (a retry, a transient failure) is left out, and a point that failed
 * several times counts once. Failures spread evenly (a flaky machine) leave that probability about
 * flat and the proposals about as they were. The trust region of a large study leaves failed
 * trials out (decision record docs/decisions/0010-gp-failed-trials.md).
 *
 * <p><b>Large studies.</b> From {@link Builder#trustRegionAbove} observations on (200 by default),
 * a single-objective, unconstrained study is modelled locally, as TuRBO-1 does (Eriksson et al.,
 * NeurIPS 2019): a GP on the at most 256 observations nearest the best one since the last
 * restart, its outputs power-transformed (Yeo-Johnson, as HEBO warps its outputs, with the
 * exponent in {@code [0, 1]} chosen by likelihood: losses that span orders of magnitude are
 * compressed at the top and spread near the best), its hyperparameters re-optimised when a
 * tenth of them are new, and the acquisition
 * maximised inside a box around that best trial whose sides follow the lengthscales. The box
 * doubles after three improving batches and halves after {@code ceil(max(4, d) / q)} batches
 * without improvement, a batch being as many finished trials as the most trials seen running at
 * once; when it has shrunk below {@code 2^-7} of the cube it restarts: the trials before then no
 * longer count for it, and its first proposals are random until it has an initial design. So a
 * proposal costs about the same at thousands of observations as at a few hundred, and a long
 * study refines its best region instead of spreading its batches over the whole space
 * ({@link TrustRegion}; decision record docs/decisions/0001-gp-trust-region.md).
 *
 * <p><b>Input warping</b> ({@link Builder#inputWarping}, off by default): the global model of a
 * single-objective, unconstrained study learns a Kumaraswamy CDF per numeric input with its
 * hyperparameters ({@link InputWarping}), for a parameter given on the wrong scale (decision record
 * docs/decisions/0011-gp-input-warping.md).
 *
 * <p><b>Pending points.</b> RUNNING trials are pending: their parameters (or, before the trial
 * wrote them, this sampler's own proposal) condition the acquisition. By default that is {@link
 * BatchStrategy#MONTE_CARLO}, sequential-greedy Monte-Carlo q-EI in log form, rather than {@link
 * BatchStrategy#KRIGING_BELIEVER} (decision record docs/decisions/0003-gp-batch-strategy.md).
 * The proposals of one study are made
 * one at a time, so each sees every earlier one as pending: {@code ask()} called 8 times before any
 * {@code tell} gets 8 distinct, jointly chosen points. A proposal never equals an evaluated or
 * pending point.
 *
 * <p><b>Other parameters.</b> Parameters outside the joint space (define-by-run branches) are
 * sampled independently and uniformly like {@link RandomSampler}; enqueued parameters are used as
 * given.
 *
 * <p><b>Several objectives.</b> A multi-objective study gets one independent GP per objective
 * (each fitted, cached and warm-started as above) and, for 2 or 3 objectives, the log of the
 * expected hypervolume improvement (EHVI) over the observed feasible Pareto front, exact in closed
 * form on a box decomposition of the non-dominated region ({@link JointAcquisition#hypervolume}).
 * Pending points count as in the kriging believer: every GP's variance is conditioned on them and
 * their believed objective values join the front, so the members of a batch spread along it. The
 * reference point is the one given to {@link Builder#referencePoint} or else inferred as BoTorch
 * does: the front's worst value per objective plus a tenth of its range. With 4 or more objectives,
 * where the box decomposition grows too fast, each proposal minimises the augmented Chebyshev
 * scalarisation of the objectives' lower confidence bounds under its own random weights, drawn
 * uniformly from the simplex ({@link JointAcquisition#chebyshev}, qParEGO-style); {@link
 * Builder#multiObjective} chooses either for 2 or 3 objectives. EHVI is the default there: a
 * scalarisation optimises one random trade-off per proposal and leaves the extremes of the front,
 * which weigh heavily in the hypervolume, to chance (decision record
 * docs/decisions/0007-multi-objective-ehvi.md). For deterministic objectives {@link
 * GpFitOptions#withFixedNoise()} (as Optuna's {@code deterministic_objective}) is an option, and
 * {@link Builder#exploitation} makes a share of the hypervolume proposals exploit the model (the
 * hypervolume improvement of the posterior means).
 *
 * <p><b>Constraints.</b> When the completed trials report constraints ({@link
 * io.paratune.Trial#setConstraints}), each constraint gets a GP too, and the log of the
 * probability that all are satisfied ({@code c <= 0}) is added to the log acquisition; a
 * single-objective constrained study uses log EI over the best feasible value (before any trial is
 * feasible, the probability of feasibility alone), and the hypervolume counts feasible trials only.
 *
 * <p><b>What a seed reproduces:</b> the initial design's scramble, and each later proposal given
 * the trials it sees. A trial's random draws (model-fit restarts, the acquisition search's starts,
 * Monte-Carlo base samples, scalarisation weights) depend only on the seed, the trial's number and
 * the number of observations, so a sequential study, or a parallel one told in the same order, is
 * repeated exactly; with parallel workers, which trials are finished or running when a trial is
 * asked depends on timing. The sampler is thread-safe; one instance may serve several studies.
 */
public final class GpSampler implements Sampler {
    /** The system attribute where a study keeps an enqueued trial's fixed parameters. */
    private static final String FIXED_PARAMS = io.paratune.SystemAttributes.FIXED_PARAMS;

    static final int DEFAULT_TRUST_REGION_ABOVE = 200;

    private final long seed;
    private final Integer initialTrials;
    private final AcquisitionOptions acquisitionOptions;
    /** The multi-objective acquisition asked for; null: EHVI for 2 or 3 objectives, Chebyshev beyond. */
    private final MultiObjectiveAcquisition multiObjective;
    /** The share of hypervolume proposals that exploit the posterior means (0: none). */
    private final double exploitation;
    /** Single-objective studies with at least this many observations get the trust-region local model. */
    private final int trustRegionAbove;

    private final InitialDesign design;
    private final RandomSampler independent;
    private final ConcurrentHashMap<String, GpStudyState> states = new ConcurrentHashMap<>();
    private final Proposer proposer;

    private GpSampler(Builder b) {
        this.seed = b.seed == null ? new java.util.SplittableRandom().nextLong() : b.seed;
        this.initialTrials = b.initialTrials;
        AcquisitionOptions acquisition =
                b.acquisitionOptions == null ? AcquisitionOptions.defaults() : b.acquisitionOptions;
        this.acquisitionOptions = b.threads == null ? acquisition : acquisition.withThreads(b.threads);
        GpFitOptions fitOptions = b.fitOptions == null ? GpFitOptions.defaults() : b.fitOptions;
        this.multiObjective = b.multiObjective;
        this.exploitation = b.exploitation == null ? 0 : b.exploitation;
        this.trustRegionAbove = b.trustRegionAbove == null ? DEFAULT_TRUST_REGION_ABOVE : b.trustRegionAbove;
        this.independent = RandomSampler.seeded(seed);
        this.design = new InitialDesign(initialTrials, seed, independent);
        int maxObservations = b.maxObservations == null ? 1000 : b.maxObservations;
        MultiObjectiveSetup joint = new MultiObjectiveSetup(
                b.referencePoint, multiObjective, exploitation, fitOptions, seed, acquisitionOptions.threadCount());
        this.proposer = new Proposer(
                acquisitionOptions,
                fitOptions,
                maxObservations,
                trustRegionAbove,
                joint,
                design,
                seed,
                Boolean.TRUE.equals(b.inputWarping));
    }

    /**
     * Whether this trial's hypervolume proposal exploits the posterior means (see {@link
     * Builder#exploitation}).
     */
    boolean exploits(int number) {
        return proposer.exploits(number);
    }

    /** A GP sampler with the default options, seeded from the system's entropy (as every {@code create()}). */
    public static GpSampler create() {
        return builder().build();
    }

    /** A GP sampler with the given seed and default options. */
    public static GpSampler seeded(long seed) {
        return builder().seed(seed).build();
    }

    /** A builder; every option may be set once. */
    public static Builder builder() {
        return new Builder();
    }

    private GpStudyState state(StudyView study) {
        return states.computeIfAbsent(study.studyName(), n -> new GpStudyState());
    }

    // ---- the joint space and the phase of a trial ----

    @Override
    public SearchSpace relativeSearchSpace(StudyView study, FrozenTrial trial) {
        SearchSpace space = intersection(study.completed());
        state(study).initIndex.computeIfAbsent(trial.number(), t -> design.phase(study, space));
        return space;
    }

    /** The parameters every completed trial has with one range, without single-valued ones. */
    static SearchSpace intersection(List<FrozenTrial> completed) {
        if (completed.isEmpty()) {
            return SearchSpace.empty();
        }
        SearchSpace space = new SearchSpace(completed.get(0).distributions());
        for (FrozenTrial t : completed) {
            space = space.intersect(t.distributions());
        }
        List<Distribution> kept = new ArrayList<>();
        for (Distribution d : space.distributions().values()) {
            if (!d.isSingle()) {
                kept.add(d);
            }
        }
        List<Distribution> sorted = new ArrayList<>(kept);
        sorted.sort(Comparator.comparing(Distribution::name));
        return SearchSpace.of(sorted);
    }

    private long phase(StudyView study, FrozenTrial trial) {
        GpStudyState state = state(study);
        Long index = state.initIndex.get(trial.number());
        if (index == null) {
            relativeSearchSpace(study, trial);
            index = state.initIndex.get(trial.number());
        }
        return index == null ? GpStudyState.GP_PHASE : index;
    }

    // ---- proposals ----

    @Override
    public Map<String, Double> sampleRelative(StudyView study, FrozenTrial trial, SearchSpace space) {
        if (space.isEmpty() || fixedCover(trial, space)) {
            return Map.of();
        }
        long index = phase(study, trial);
        GpStudyState state = state(study);
        if (index != GpStudyState.GP_PHASE) {
            return design.point(study, trial, state, index, space);
        }
        synchronized (state.lock) {
            Map<String, Double> proposal = proposer.propose(study, trial, space, state);
            state.proposals.put(trial.number(), proposal);
            return proposal;
        }
    }

    @SuppressWarnings("unchecked")
    private static boolean fixedCover(FrozenTrial trial, SearchSpace space) {
        Object fixed = trial.systemAttributes().get(FIXED_PARAMS);
        return fixed instanceof Map<?, ?> m
                && ((Map<String, Object>) m).keySet().containsAll(space.names());
    }

    @Override
    public double sampleIndependent(StudyView study, FrozenTrial trial, String name, Distribution distribution) {
        if (!distribution.isSingle()) {
            long index = phase(study, trial);
            if (index != GpStudyState.GP_PHASE) {
                return design.value(study, trial, state(study), index, name, distribution);
            }
        }
        return independent.sampleIndependent(study, trial, name, distribution);
    }

    @Override
    public void afterTrial(StudyView study, FrozenTrial trial) {
        if (trial.state() != TrialState.RUNNING) {
            GpStudyState state = states.get(study.studyName());
            if (state != null) {
                state.forget(trial.number());
            }
        }
    }

    /** The trust region of a study, or null before it has one (for tests). */
    TrustRegion trustRegion(String studyName) {
        GpStudyState state = states.get(studyName);
        return state == null ? null : state.trustRegion;
    }

    /** The local model of a study's trust region, or null before it has one (for tests). */
    GaussianProcess localModel(String studyName) {
        GpStudyState state = states.get(studyName);
        GpStudyState.Fit fit = state == null ? null : state.fits.get(LocalProposals.LOCAL_MODEL);
        return fit == null ? null : fit.gp();
    }

    @Override
    public String toString() {
        return "GpSampler[seed=" + seed + ", initialTrials=" + (initialTrials == null ? "2(d+1)<=10" : initialTrials)
                + ", " + acquisitionOptions + (multiObjective == null ? "" : ", multiObjective=" + multiObjective)
                + (exploitation == 0 ? "" : ", exploitation=" + exploitation)
                + (trustRegionAbove == DEFAULT_TRUST_REGION_ABOVE ? "" : ", trustRegionAbove=" + trustRegionAbove)
                + (proposer.inputWarping() ? ", inputWarping=true" : "")
                + "]";
    }

    /** Builds a {@link GpSampler}. */
    public static final class Builder {
        private Long seed;
        private Integer initialTrials;
        private AcquisitionOptions acquisitionOptions;
        private Integer threads;
        private GpFitOptions fitOptions;
        private Integer maxObservations;
        private double[] referencePoint;
        private MultiObjectiveAcquisition multiObjective;
        private Double exploitation;
        private Integer trustRegionAbove;
        private Boolean inputWarping;

        private Builder() {}

        /**
         * The seed of the initial design's scramble and of the acquisition's random starts: the
         * same seed and the same finished and running trials give the same proposals. Default:
         * from the system's entropy; share one seed between the processes of a study, so that
         * their initial points come from one Sobol sequence.
         */
        public Builder seed(long seed) {
            requireUnset(this.seed, "seed");
            this.seed = seed;
            return this;
        }

        /** The initial design size, at least 1 (default {@code min(2(d+1), 10)}). */
        public Builder initialTrials(int initialTrials) {
            requireUnset(this.initialTrials, "initialTrials");
            if (initialTrials < 1) {
                throw new IllegalArgumentException("initialTrials=" + initialTrials + " must be >= 1");
            }
            this.initialTrials = initialTrials;
            return this;
        }

        /** How the acquisition is chosen and optimised (default {@link AcquisitionOptions#defaults()}). */
        public Builder acquisitionOptions(AcquisitionOptions options) {
            requireUnset(this.acquisitionOptions, "acquisitionOptions");
            this.acquisitionOptions = Objects.requireNonNull(options, "acquisitionOptions");
            return this;
        }

        /**
         * The most threads one proposal uses to fit its models and to score and refine candidates:
         * the asking thread and others of the common fork-join pool (default: as many as the machine
         * has processors;
         * overrides {@link AcquisitionOptions#threads}). {@code threads(1)} keeps a proposal on
         * the asking thread, for a machine whose other processors run the trials. Proposals are
         * the same whatever the thread count.
         */
        public Builder threads(int threads) {
            requireUnset(this.threads, "threads");
            if (threads < 1) {
                throw new IllegalArgumentException("threads=" + threads + " must be >= 1");
            }
            this.threads = threads;
            return this;
        }

        /** How the GP is fitted (default {@link GpFitOptions#defaults()}). */
        public Builder fitOptions(GpFitOptions options) {
            requireUnset(this.fitOptions, "fitOptions");
            this.fitOptions = Objects.requireNonNull(options, "fitOptions");
            return this;
        }

        /** The most observations the model conditions on, at least 16 (default 1000). */
        public Builder maxObservations(int maxObservations) {
            requireUnset(this.maxObservations, "maxObservations");
            if (maxObservations < 16) {
                throw new IllegalArgumentException("maxObservations=" + maxObservations + " must be >= 16");
            }
            this.maxObservations = maxObservations;
            return this;
        }

        /**
         * The hypervolume reference point of a study with 2 or 3 objectives: the worst value of
         * each objective that still counts, in the objectives' own units and directions (default:
         * inferred from the observed Pareto front, its worst value per objective plus a tenth of
         * its range). Points beyond it add no hypervolume, so the search concentrates inside it.
         */
        public Builder referencePoint(double... referencePoint) {
            requireUnset(this.referencePoint, "referencePoint");
            for (double v : referencePoint) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("referencePoint " + java.util.Arrays.toString(referencePoint)
                            + " holds " + v + "; give finite values, one per objective");
                }
            }
            this.referencePoint = referencePoint.clone();
            return this;
        }

        /**
         * The acquisition of a study with several objectives (default: {@link
         * MultiObjectiveAcquisition#EHVI} for 2 or 3 objectives, {@link
         * MultiObjectiveAcquisition#CHEBYSHEV} for 4 or more); EHVI with 4 or more objectives is
         * refused when the first proposal is made. Single-objective studies ignore it.
         */
        public Builder multiObjective(MultiObjectiveAcquisition acquisition) {
            requireUnset(this.multiObjective, "multiObjective");
            this.multiObjective = Objects.requireNonNull(acquisition, "multiObjective");
            return this;
        }

        /**
         * The share of hypervolume proposals (2 or 3 objectives with EHVI), in [0, 1], that exploit
         * the model rather than explore (default 0): they maximise the hypervolume improvement of
         * the GPs' posterior means (the objectives' standard deviations scaled by 0.01, which keeps
         * a gradient where the means are dominated), so they land where the model believes the
         * front is. The improvement counts only above the front's smallest value in each objective:
         * past the observed extremes the means are extrapolations, and reaching there is left to the
         * exploring proposals. Pending points still join the front with their believed values, so a
         * batch spreads along it. The exploiting trials are spread evenly over the trial numbers
         * (0.25: two of every 8 consecutive trials; 0.875: all but one of every 8; 1: every
         * proposal). Other studies ignore it.
         */
        public Builder exploitation(double share) {
            requireUnset(this.exploitation, "exploitation");
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException("exploitation=" + share + " must be in [0, 1]");
            }
            this.exploitation = share;
            return this;
        }

        /**
         * From how many observations on a single-objective, unconstrained study models locally
         * (default 200): a GP on the at most 256 observations nearest the best one, whose
         * acquisition is maximised inside a trust region around it that grows while proposals
         * improve and shrinks while they do not, restarting elsewhere when it has shrunk to
         * nothing (TuRBO). Each proposal then costs about the same however many observations the
         * study has. {@code Integer.MAX_VALUE} keeps the global model.
         */
        public Builder trustRegionAbove(int observations) {
            requireUnset(this.trustRegionAbove, "trustRegionAbove");
            if (observations < 1) {
                throw new IllegalArgumentException("trustRegionAbove=" + observations + " must be >= 1");
            }
            this.trustRegionAbove = observations;
            return this;
        }

        /**
         * Whether the global model of a single-objective, unconstrained study learns a warping of
         * each numeric input (a Kumaraswamy CDF fitted with the hyperparameters, as HEBO does),
         * for parameters whose natural scale is unknown: a learning rate given on a linear scale
         * is then modelled about as on a log one. Default false. The trust region's local model
         * and the models of several objectives, constraints and failures are not warped.
         */
        public Builder inputWarping(boolean warp) {
            requireUnset(this.inputWarping, "inputWarping");
            this.inputWarping = warp;
            return this;
        }

        /** The sampler. */
        public GpSampler build() {
            return new GpSampler(this);
        }
    }
}
