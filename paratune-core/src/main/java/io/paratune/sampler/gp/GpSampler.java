package io.paratune.sampler.gp;

import static io.paratune.internal.Checks.requireUnset;

import io.paratune.Direction;
import io.paratune.FrozenTrial;
import io.paratune.StudyView;
import io.paratune.TrialState;
import io.paratune.bo.AcquisitionOptimizer;
import io.paratune.bo.AcquisitionOptions;
import io.paratune.bo.BatchStrategy;
import io.paratune.bo.GaussianProcess;
import io.paratune.bo.GpFitOptions;
import io.paratune.bo.Hyperparameters;
import io.paratune.bo.JointAcquisition;
import io.paratune.internal.ScrambledSobol;
import io.paratune.internal.Seeds;
import io.paratune.moo.Pareto;
import io.paratune.sampler.RandomSampler;
import io.paratune.sampler.Sampler;
import io.paratune.space.Distribution;
import io.paratune.space.SearchSpace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

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
 * partly trained value for a final one. Failed trials are left out. Above 200 observations the hyperparameters
 * are re-optimised only when the data grew by a tenth since the last optimisation (the model is
 * re-conditioned on every observation each time); above {@code maxObservations} the model keeps
 * the best half and the most recent of the others.
 *
 * <p><b>Large studies.</b> From {@link Builder#trustRegionAbove} observations on (200 by default),
 * a single-objective, unconstrained study is modelled locally, as TuRBO-1 does (Eriksson et al.,
 * NeurIPS 2019): a GP on the at most 256 observations nearest the best one since the last
 * restart, its hyperparameters re-optimised when a tenth of them are new, and the acquisition
 * maximised inside a box around that best trial whose sides follow the lengthscales. The box
 * doubles after three improving batches and halves after {@code ceil(max(4, d) / q)} batches
 * without improvement, a batch being as many finished trials as the most trials seen running at
 * once; when it has shrunk below {@code 2^-7} of the cube it restarts: the trials before then no
 * longer count for it, and its first proposals are random until it has an initial design. So a
 * proposal costs about the same at thousands of observations as at a few hundred, and a long
 * study refines its best region instead of spreading its batches over the whole space
 * ({@link TrustRegion}; decision record docs/decisions/0001-gp-trust-region.md).
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
 * <p>Randomness comes from the seed and the trial number, so a sequential study is reproducible
 * per seed. The sampler is thread-safe; one instance may serve several studies.
 */
public final class GpSampler implements Sampler {
    static final String INIT_COUNTER = "gp_init";
    static final int REFIT_ALWAYS_BELOW = 200;
    /** The system attribute where a study keeps an enqueued trial's fixed parameters. */
    private static final String FIXED_PARAMS = io.paratune.SystemAttributes.FIXED_PARAMS;
    private static final int DEFAULT_INITIAL_CAP = 10;
    static final int DEFAULT_TRUST_REGION_ABOVE = 200;
    /** How far beyond the worst observed loss the hypervolume reference lies, in observed ranges. */
    static final double REFERENCE_MARGIN = 0.1;
    /** The factor on the objectives' standard deviations in an exploiting hypervolume proposal. */
    static final double EXPLOIT_SD_SCALE = 0.01;

    private final long seed;
    private final Integer initialTrials;
    private final AcquisitionOptions acquisitionOptions;
    private final GpFitOptions fitOptions;
    private final int maxObservations;
    private final double[] referencePoint;
    /** The multi-objective acquisition asked for; null: EHVI for 2 or 3 objectives, Chebyshev beyond. */
    private final MultiObjectiveAcquisition multiObjective;
    /** The share of hypervolume proposals that exploit the posterior means (0: none). */
    private final double exploitation;
    /** Single-objective studies with at least this many observations get the trust-region local model. */
    private final int trustRegionAbove;
    private final ScrambledSobol sobol;
    private final RandomSampler independent;
    private final ConcurrentHashMap<String, StudyState> states = new ConcurrentHashMap<>();

    private GpSampler(Builder b) {
        this.seed = b.seed == null ? new java.util.SplittableRandom().nextLong() : b.seed;
        this.initialTrials = b.initialTrials;
        AcquisitionOptions acquisition = b.acquisitionOptions == null ? AcquisitionOptions.defaults()
                : b.acquisitionOptions;
        this.acquisitionOptions = b.threads == null ? acquisition : acquisition.withThreads(b.threads);
        this.fitOptions = b.fitOptions == null ? GpFitOptions.defaults() : b.fitOptions;
        this.maxObservations = b.maxObservations == null ? 1000 : b.maxObservations;
        this.referencePoint = b.referencePoint;
        this.multiObjective = b.multiObjective;
        this.exploitation = b.exploitation == null ? 0 : b.exploitation;
        this.trustRegionAbove = b.trustRegionAbove == null ? DEFAULT_TRUST_REGION_ABOVE : b.trustRegionAbove;
        this.sobol = new ScrambledSobol(true, seed);
        this.independent = RandomSampler.seeded(seed);
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

    private StudyState state(StudyView study) {
        return states.computeIfAbsent(study.studyName(), n -> new StudyState());
    }

    /** The initial design size for d joint parameters. */
    int initialTrials(int d) {
        return initialTrials != null ? initialTrials : Math.min(2 * (d + 1), DEFAULT_INITIAL_CAP);
    }

    // ---- the joint space and the phase of a trial ----

    @Override
    public SearchSpace relativeSearchSpace(StudyView study, FrozenTrial trial) {
        SearchSpace space = intersection(study.completed());
        StudyState state = state(study);
        state.initIndex.computeIfAbsent(trial.number(), t -> {
            List<FrozenTrial> completed = study.completed();
            int busy = completed.size() + study.trials(java.util.EnumSet.of(TrialState.PRUNED)).size()
                    + study.running().size();
            boolean init = completed.isEmpty() || space.isEmpty() || busy < initialTrials(space.size());
            return init ? study.nextSequenceValue(INIT_COUNTER) : StudyState.GP_PHASE;
        });
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
        StudyState state = state(study);
        Long index = state.initIndex.get(trial.number());
        if (index == null) {
            relativeSearchSpace(study, trial);
            index = state.initIndex.get(trial.number());
        }
        return index == null ? StudyState.GP_PHASE : index;
    }

    private double initValue(StudyView study, FrozenTrial trial, long index, String name, Distribution d) {
        int coordinate = state(study).coordinate(name);
        if (coordinate >= ScrambledSobol.MAX_DIMENSION) {
            return independent.sampleIndependent(study, trial, name, d);
        }
        return d.fromUnit(sobol.point(index, coordinate + 1)[coordinate]);
    }

    // ---- proposals ----

    @Override
    public Map<String, Double> sampleRelative(StudyView study, FrozenTrial trial, SearchSpace space) {
        if (space.isEmpty() || fixedCover(trial, space)) {
            return Map.of();
        }
        long index = phase(study, trial);
        if (index != StudyState.GP_PHASE) {
            Map<String, Double> out = new LinkedHashMap<>();
            for (Distribution d : space.distributions().values()) {
                out.put(d.name(), initValue(study, trial, index, d.name(), d));
            }
            return out;
        }
        StudyState state = state(study);
        synchronized (state.lock) {
            Map<String, Double> proposal = propose(study, trial, space, state);
            state.proposals.put(trial.number(), proposal);
            return proposal;
        }
    }

    @SuppressWarnings("unchecked")
    private static boolean fixedCover(FrozenTrial trial, SearchSpace space) {
        Object fixed = trial.systemAttributes().get(FIXED_PARAMS);
        return fixed instanceof Map<?, ?> m && ((Map<String, Object>) m).keySet().containsAll(space.names());
    }

    /** The GP proposal for {@code trial}; called under the study's lock. */
    private Map<String, Double> propose(StudyView study, FrozenTrial trial, SearchSpace space, StudyState state) {
        SpaceEncoding enc = new SpaceEncoding(space);
        List<Direction> directions = study.directions();
        List<FrozenTrial> data = observations(study.completed(), enc, directions);
        if (directions.size() == 1 && constraintCount(data) == 0) {
            // a single unconstrained objective also models the PRUNED trials (see the class comment)
            data = observations(withPruned(study.trials(java.util.EnumSet.of(TrialState.COMPLETE,
                    TrialState.PRUNED)), directions.get(0)), enc, directions);
        }
        Set<List<Double>> taken = new HashSet<>();
        for (FrozenTrial t : study.trials()) {
            double[] v = enc.internalValues(t.internalParams(), t.distributions());
            if (v != null) {
                taken.add(SpaceEncoding.key(v));
            }
        }
        List<double[]> pending = new ArrayList<>();
        for (FrozenTrial t : study.running()) {
            double[] v = enc.internalValues(t.internalParams(), t.distributions());
            if (v == null) {
                Map<String, Double> own = state.proposals.get(t.number());
                v = own == null ? null : enc.internalValues(own, null);
            }
            if (v != null) {
                taken.add(SpaceEncoding.key(v));
                pending.add(enc.encode(v));
            }
        }
        if (data.isEmpty()) {
            return randomFree(enc, taken, trial);
        }
        Predicate<double[]> isTaken = z -> taken.contains(SpaceEncoding.key(enc.decode(z)));
        int constraintCount = constraintCount(data);
        AcquisitionOptimizer.Proposal best;
        if (directions.size() == 1 && constraintCount == 0 && data.size() >= trustRegionAbove) {
            return proposeLocally(study, trial, enc, data, pending, taken, isTaken, state, directions.get(0));
        }
        if (directions.size() == 1 && constraintCount == 0) {
            GaussianProcess gp = model(state, "objective0", enc, data, t -> directions.get(0).asLoss(t.value()));
            best = AcquisitionOptimizer.optimize(gp, pending, enc.dimensions, acquisitionOptions, isTaken,
                    trialSeed(trial.number()));
        } else {
            JointAcquisition joint = jointAcquisition(state, enc, data, directions, constraintCount, trial);
            best = AcquisitionOptimizer.optimize(joint, pending, enc.dimensions, acquisitionOptions, isTaken,
                    trialSeed(trial.number()));
        }
        return enc.toParams(enc.decode(best.point()));
    }

    /**
     * The proposal of a large single-objective study: the acquisition of a local model, maximised
     * inside its trust region (see the class comment and {@link TrustRegion}); a random point while
     * a restarted region has fewer than its initial design.
     */
    private Map<String, Double> proposeLocally(StudyView study, FrozenTrial trial, SpaceEncoding enc,
            List<FrozenTrial> data, List<double[]> pending, Set<List<Double>> taken, Predicate<double[]> isTaken,
            StudyState state, Direction direction) {
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
        if (since.size() < initialTrials(d)) {
            return randomFree(enc, taken, trial);
        }
        double[] centre = enc.encode(enc.internalValues(best.internalParams(), best.distributions()));
        StudyState.Fit last = state.fits.get(LOCAL_MODEL);
        if (last == null || !last.space().equals(enc.space)) {
            last = state.fits.get("objective0");
        }
        double[] lengthscales = last != null && last.space().equals(enc.space)
                ? last.gp().hyperparameters().lengthscales() : null;
        List<FrozenTrial> local = localObservations(state, region, enc, since, centre, lengthscales);
        GaussianProcess gp = localModel(state, region, enc, local, loss);
        double[] half = halfWidths(gp.hyperparameters().lengthscales(), region.length, enc);
        double[][] box = new double[2][d];
        for (int j = 0; j < d; j++) {
            box[0][j] = centre[j] - half[j];
            box[1][j] = centre[j] + half[j];
        }
        AcquisitionOptimizer.Proposal proposal = AcquisitionOptimizer.optimize(gp, pending, enc.dimensions,
                acquisitionOptions, isTaken, trialSeed(trial.number()), box);
        return enc.toParams(enc.decode(proposal.point()));
    }

    /** The state key of the trust region's local model. */
    private static final String LOCAL_MODEL = "local0";
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
            double weight = lengthscales == null || enc.categorical[j] ? 1
                    : Math.exp(Math.log(lengthscales[j]) - logMean);
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
    static List<FrozenTrial> localObservations(StudyState state, TrustRegion region, SpaceEncoding enc,
            List<FrozenTrial> since, double[] centre, double[] lengthscales) {
        List<Integer> numbers = new ArrayList<>(since.size());
        for (FrozenTrial t : since) {
            numbers.add(t.number());
        }
        StudyState.LocalSelection last = state.localSelection;
        if (last != null && last.space().equals(enc.space) && last.restartedAt() == region.restartedAt
                && last.length() == region.length && last.since().equals(numbers)) {
            return last.local();
        }
        List<FrozenTrial> local = List.copyOf(nearest(since, enc, centre, halfWidths(lengthscales, region.length, enc)));
        state.localSelection = new StudyState.LocalSelection(enc.space, List.copyOf(numbers), region.restartedAt,
                region.length, local);
        return local;
    }

    /**
     * The observations the local model conditions on: those inside the region (by its scaled
     * distance from the centre), at most {@link #LOCAL_MAX} and at least {@code min(2(d+1), 32)} of
     * them, the nearest first.
     */
    private static List<FrozenTrial> nearest(List<FrozenTrial> since, SpaceEncoding enc, double[] centre,
            double[] half) {
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
        java.util.Arrays.sort(order, Comparator.comparingDouble((Integer i) -> distance[i])
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
     * The local model: its hyperparameters re-optimised (warm-started) when a tenth of its
     * observations are new since the last optimisation or the region restarted, else the last ones
     * conditioned on the current observations.
     */
    private GaussianProcess localModel(StudyState state, TrustRegion region, SpaceEncoding enc,
            List<FrozenTrial> data, ToDoubleFunction<FrozenTrial> output) {
        Observed o = Observed.of(enc, data, output);
        List<Integer> numbers = o.numbers();
        double[][] x = o.x();
        double[] y = o.y();
        StudyState.Fit last = state.fits.get(LOCAL_MODEL);
        if (last != null && last.space().equals(enc.space) && last.trialNumbers().equals(numbers)) {
            return last.gp();
        }
        if (last == null || !last.space().equals(enc.space)) {
            last = state.fits.get("objective0");
        }
        Hyperparameters warm = last != null && last.space().equals(enc.space) ? last.gp().hyperparameters() : null;
        int fresh = 0;
        for (int number : numbers) {
            if (!region.optimisedOn.contains(number)) {
                fresh++;
            }
        }
        boolean optimise = warm == null || 10 * fresh >= numbers.size();
        GaussianProcess gp = optimise
                ? GaussianProcess.fit(x, y, enc.categorical, fitOptions, warm,
                        Seeds.mix64(seed + numbers.size()))
                : GaussianProcess.withHyperparameters(x, y, enc.categorical, warm);
        if (optimise) {
            region.optimisedOn = Set.copyOf(numbers);
        }
        state.fits.put(LOCAL_MODEL, new StudyState.Fit(enc.space, List.copyOf(numbers), gp, numbers.size()));
        return gp;
    }

    /**
     * The acquisition of a multi-objective or constrained study: a GP per objective and per
     * constraint; log EHVI for 2 or 3 objectives, a Chebyshev scalarisation with the trial's own
     * random weights for more, log EI over the best feasible loss for one.
     */
    private JointAcquisition jointAcquisition(StudyState state, SpaceEncoding enc, List<FrozenTrial> data,
            List<Direction> directions, int constraintCount, FrozenTrial trial) {
        int m = directions.size();
        List<java.util.function.Supplier<GaussianProcess>> fits = new ArrayList<>();
        for (int k = 0; k < m; k++) {
            int index = k;
            fits.add(() -> model(state, "objective" + index, enc, data,
                    t -> directions.get(index).asLoss(t.value(index))));
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
                fits.add(() -> model(state, "constraint" + index, enc, constrained, t -> t.constraints()[index]));
            }
        }
        List<GaussianProcess> models = fitAll(fits);
        List<GaussianProcess> objectives = models.subList(0, m);
        List<GaussianProcess> constraints = models.subList(m, models.size());
        // the objective models are in units of outputScale: so are the losses, the reference and the incumbent
        double[] factors = new double[m];
        for (int k = 0; k < m; k++) {
            double[] column = new double[data.size()];
            for (int i = 0; i < column.length; i++) {
                column[i] = directions.get(k).asLoss(data.get(i).value(k));
            }
            factors[k] = outputScale(column);
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
            byViolation.sort(Comparator.comparingDouble(GpSampler::violation));
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
            JointAcquisition ehvi = JointAcquisition.hypervolume(objectives, feasibleLosses, reference(directions,
                    feasibleLosses, high, range, factors), constraints, centres);
            return exploits(trial.number()) ? ehvi.exploiting(EXPLOIT_SD_SCALE) : ehvi;
        }
        java.util.SplittableRandom random = new java.util.SplittableRandom(trialSeed(trial.number()) ^ 0x9E3779B9L);
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
    private double[] reference(List<Direction> directions, List<double[]> feasibleLosses, double[] high,
            double[] range, double[] factors) {
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

    /** Outputs of a model are scaled down below this magnitude, so that their sums and squares stay finite. */
    private static final double MAX_OUTPUT = 0x1p480;

    /**
     * The factor a model's outputs are multiplied by: 1 unless the largest magnitude exceeds
     * {@link #MAX_OUTPUT} (finite values near the largest double, whose sums, differences and
     * squares overflow), else the power of two that brings it just below. A power of two scales
     * exactly, and a standardised GP, the hypervolume, the Chebyshev scalarisation and the
     * probability of feasibility are all unchanged by a common positive factor.
     */
    static double outputScale(double[] values) {
        double max = 0;
        for (double v : values) {
            max = Math.max(max, Math.abs(v));
        }
        if (!(max > MAX_OUTPUT) || Double.isInfinite(max)) {
            return 1;
        }
        return Math.scalb(1.0, Math.getExponent(MAX_OUTPUT) - 1 - Math.getExponent(max));
    }

    /**
     * Runs the fits, the first on this thread and the others on the common pool (each is
     * deterministic, so the order does not matter).
     */
    private static List<GaussianProcess> fitAll(List<java.util.function.Supplier<GaussianProcess>> fits) {
        List<java.util.concurrent.CompletableFuture<GaussianProcess>> others = new ArrayList<>();
        for (int i = 1; i < fits.size(); i++) {
            others.add(java.util.concurrent.CompletableFuture.supplyAsync(fits.get(i)));
        }
        List<GaussianProcess> out = new ArrayList<>();
        out.add(fits.get(0).get());
        for (java.util.concurrent.CompletableFuture<GaussianProcess> f : others) {
            out.add(f.join());
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

    /** The sum of the positive constraint values. */
    private static double violation(FrozenTrial t) {
        double sum = 0;
        for (double v : t.constraints()) {
            sum += Math.max(v, 0);
        }
        return sum;
    }

    /** How many constraints the observations report: the count of the latest one that reports any. */
    private static int constraintCount(List<FrozenTrial> data) {
        for (int i = data.size() - 1; i >= 0; i--) {
            double[] c = data.get(i).constraints();
            if (c.length > 0) {
                return c.length;
            }
        }
        return 0;
    }

    private Map<String, Double> randomFree(SpaceEncoding enc, Set<List<Double>> taken, FrozenTrial trial) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(trialSeed(trial.number()));
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

    private long trialSeed(int trialNumber) {
        return Seeds.mix64(seed ^ Seeds.mix64(trialNumber + 0x632BE59BD9B4E019L));
    }

    /**
     * Of {@code finished} (COMPLETE and PRUNED trials), the COMPLETE trials and, once one is complete,
     * the PRUNED trials, in the given order, each PRUNED trial
     * given a single value no better than the worst COMPLETE one (see the class comment).
     */
    static List<FrozenTrial> withPruned(List<FrozenTrial> finished, Direction direction) {
        double best = Double.POSITIVE_INFINITY;
        double worst = Double.NEGATIVE_INFINITY;
        for (FrozenTrial t : finished) {
            if (t.state() == TrialState.COMPLETE && t.valueCount() == 1) {
                double loss = direction.asLoss(t.value());
                best = Math.min(best, loss);
                worst = Math.max(worst, loss);
            }
        }
        List<FrozenTrial> out = new ArrayList<>(finished.size());
        for (FrozenTrial t : finished) {
            if (t.state() == TrialState.COMPLETE) {
                out.add(t);
            } else if (worst > Double.NEGATIVE_INFINITY) {
                double last = direction.asLoss(t.lastIntermediateValue());
                double loss = Double.isFinite(last) ? Math.min(Math.max(last, worst), worst + (worst - best)) : worst;
                out.add(t.withValues(new double[] {direction == Direction.MINIMIZE ? loss : -loss}));
            }
        }
        return out;
    }

    /**
     * The completed trials of the space with one value per objective, at most {@code
     * maxObservations}: the best half (by loss, or by Pareto rank with several objectives) and the
     * most recent.
     */
    private List<FrozenTrial> observations(List<FrozenTrial> completed, SpaceEncoding enc, List<Direction> directions) {
        int m = directions.size();
        List<FrozenTrial> usable = new ArrayList<>();
        for (FrozenTrial t : completed) {
            if (t.valueCount() == m && enc.internalValues(t.internalParams(), t.distributions()) != null) {
                usable.add(t);
            }
        }
        if (usable.size() <= maxObservations) {
            return usable;
        }
        List<double[]> losses = new ArrayList<>();
        for (FrozenTrial t : usable) {
            double[] l = new double[m];
            for (int k = 0; k < m; k++) {
                l[k] = directions.get(k).asLoss(t.value(k));
            }
            losses.add(l);
        }
        double[] key = new double[usable.size()];
        if (m == 1) {
            for (int i = 0; i < key.length; i++) {
                key[i] = losses.get(i)[0];
            }
        } else {
            int[] ranks = Pareto.ranks(losses);
            for (int i = 0; i < key.length; i++) {
                key[i] = ranks[i];
            }
        }
        Integer[] order = new Integer[usable.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingDouble((Integer i) -> key[i])
                .thenComparingInt(i -> usable.get(i).number()));
        Set<Integer> kept = new HashSet<>();
        for (int i = 0; i < maxObservations / 2; i++) {
            kept.add(order[i]);
        }
        for (int i = usable.size() - 1; i >= 0 && kept.size() < maxObservations; i--) {
            kept.add(i);
        }
        List<FrozenTrial> out = new ArrayList<>();
        for (int i = 0; i < usable.size(); i++) {
            if (kept.contains(i)) {
                out.add(usable.get(i));
            }
        }
        return out;
    }

    /**
     * Observations as a model takes them: trial numbers, GP inputs, and outputs scaled by {@link
     * #outputScale}.
     */
    private record Observed(List<Integer> numbers, double[][] x, double[] y) {
        static Observed of(SpaceEncoding enc, List<FrozenTrial> data, ToDoubleFunction<FrozenTrial> output) {
            List<Integer> numbers = new ArrayList<>(data.size());
            double[][] x = new double[data.size()][];
            double[] y = new double[data.size()];
            for (int i = 0; i < data.size(); i++) {
                FrozenTrial t = data.get(i);
                numbers.add(t.number());
                x[i] = enc.encode(enc.internalValues(t.internalParams(), t.distributions()));
                y[i] = output.applyAsDouble(t);
            }
            double factor = outputScale(y);
            for (int i = 0; i < y.length; i++) {
                y[i] *= factor;
            }
            return new Observed(numbers, x, y);
        }
    }

    /**
     * The model of one output ({@code key}) of these observations: cached, re-conditioned or
     * refitted; called under the lock.
     */
    private GaussianProcess model(StudyState state, String key, SpaceEncoding enc, List<FrozenTrial> data,
            ToDoubleFunction<FrozenTrial> output) {
        Observed o = Observed.of(enc, data, output);
        List<Integer> numbers = o.numbers();
        double[][] x = o.x();
        double[] y = o.y();
        StudyState.Fit last = state.fits.get(key);
        if (last != null && last.space().equals(enc.space) && last.trialNumbers().equals(numbers)) {
            return last.gp();
        }
        Hyperparameters warm = last != null && last.space().equals(enc.space) ? last.gp().hyperparameters() : null;
        int n = data.size();
        boolean optimise = warm == null || n < REFIT_ALWAYS_BELOW || n - last.optimisedAt() >= last.optimisedAt() / 10;
        GaussianProcess gp = optimise
                ? GaussianProcess.fit(x, y, enc.categorical, fitOptions, warm, Seeds.mix64(seed + n))
                : GaussianProcess.withHyperparameters(x, y, enc.categorical, warm);
        state.fits.put(key, new StudyState.Fit(enc.space, List.copyOf(numbers), gp, optimise ? n : last.optimisedAt()));
        return gp;
    }

    @Override
    public double sampleIndependent(StudyView study, FrozenTrial trial, String name, Distribution distribution) {
        if (!distribution.isSingle()) {
            long index = phase(study, trial);
            if (index != StudyState.GP_PHASE) {
                return initValue(study, trial, index, name, distribution);
            }
        }
        return independent.sampleIndependent(study, trial, name, distribution);
    }

    @Override
    public void afterTrial(StudyView study, FrozenTrial trial) {
        if (trial.state() != TrialState.RUNNING) {
            StudyState state = states.get(study.studyName());
            if (state != null) {
                state.forget(trial.number());
            }
        }
    }

    /** The trust region of a study, or null before it has one (for tests). */
    TrustRegion trustRegion(String studyName) {
        StudyState state = states.get(studyName);
        return state == null ? null : state.trustRegion;
    }

    /** The local model of a study's trust region, or null before it has one (for tests). */
    GaussianProcess localModel(String studyName) {
        StudyState state = states.get(studyName);
        StudyState.Fit fit = state == null ? null : state.fits.get(LOCAL_MODEL);
        return fit == null ? null : fit.gp();
    }

    @Override
    public String toString() {
        return "GpSampler[seed=" + seed + ", initialTrials=" + (initialTrials == null ? "2(d+1)<=10" : initialTrials)
                + ", " + acquisitionOptions + (multiObjective == null ? "" : ", multiObjective=" + multiObjective)
                + (exploitation == 0 ? "" : ", exploitation=" + exploitation)
                + (trustRegionAbove == DEFAULT_TRUST_REGION_ABOVE ? "" : ", trustRegionAbove=" + trustRegionAbove)
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
         * The most threads one proposal uses to score and refine candidates: the asking thread and
         * others of the common fork-join pool (default: as many as the machine has processors;
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

        /** The sampler. */
        public GpSampler build() {
            return new GpSampler(this);
        }
    }
}
