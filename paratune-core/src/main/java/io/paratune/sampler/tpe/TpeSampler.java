package io.paratune.sampler.tpe;

import static io.paratune.internal.Checks.requireUnset;

import io.paratune.FrozenTrial;
import io.paratune.StudyView;
import io.paratune.TrialState;
import io.paratune.internal.Seeds;
import io.paratune.sampler.Sampler;
import io.paratune.space.Distribution;
import io.paratune.space.SearchSpace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;

/**
 * The Tree-structured Parzen Estimator (Bergstra et al. 2011), with the rules of Optuna 3.x's
 * {@code TPESampler}. After {@code startupTrials} random trials, the observations are split into
 * the {@code gamma(n)} best and the rest; a Parzen estimator is fitted to each ({@code l} and
 * {@code g}), {@code eiCandidates} points are drawn from {@code l}, and the one with the largest
 * {@code l(x) / g(x)} is proposed.
 *
 * <ul>
 *   <li><b>Multivariate</b> (the default) models the parameters every finished trial has (the
 *       intersection search space) jointly; <b>univariate</b> models each parameter alone, as
 *       Optuna does by default. With {@code group}, conditional (define-by-run) spaces are split
 *       into groups of parameters that always occur together, each modelled jointly. Parameters
 *       outside the joint space are sampled univariately.
 *   <li><b>Kernels</b> work in the unit interval of {@link Distribution#toUnit} (log space for
 *       {@code log} parameters): Gaussians truncated to the bounds for floats; for int and stepped
 *       parameters the Gaussian's mass on the grid point's cell {@code [x - step/2, x + step/2]}
 *       (the discrete form of Optuna 3.1's "sample a truncated normal on [low - step/2, high +
 *       step/2], then round"); smoothed categorical kernels for choices. Multivariate kernel
 *       widths ({@link Bandwidth}, default {@link Bandwidth#AUTO}): with one objective and only
 *       continuous parameters each kernel's width in a parameter is the larger gap to its
 *       neighbours there ({@link Bandwidth#NEIGHBOUR}, Hyperopt's rule, which Optuna uses only for
 *       univariate estimators); when an int, stepped or categorical parameter is modelled jointly,
 *       and with several objectives, all kernels share one width from Scott's rule, as in Optuna
 *       ({@link Bandwidth#SCOTT}); decision record docs/decisions/0005-tpe-kernel-widths.md.
 *   <li><b>No repeats in finite spaces</b>: when every jointly modelled parameter is an int, a
 *       stepped float or a categorical, a proposal skips the candidates that a finished or running
 *       trial already holds on those parameters (drawing up to three more rounds of candidates),
 *       and repeats a point only when every candidate was taken.
 *   <li><b>Parallel workers</b>: RUNNING trials count as bad observations (a constant liar, as
 *       Optuna's {@code constant_liar=True}), on by default, so that pending asks are steered away
 *       from each other's points. Enqueued parameters take precedence over proposals. FAIL trials
 *       are ignored. PRUNED trials count after every COMPLETE one, ranked by the step they reached
 *       (later is better), then by their last intermediate value.
 *   <li><b>What a seed reproduces:</b> a trial's draws depend only on the seed, the trial's number
 *       and the parameter (or joint group) drawn, with no shared random state, so a proposal is
 *       fixed by the seed and the finished and running trials it sees: a sequential study, or a
 *       parallel one told in the same order, is repeated exactly; with parallel workers, which
 *       trials are finished when a trial is asked depends on timing.
 *   <li><b>Cost</b>: finished trials are read once and kept as unit-interval columns and a ranking
 *       (see the package's {@code TpeStudyState}); an ask reads only the trials from the first unfinished
 *       one on ({@link StudyView#trialsFrom}), and the multivariate "above" estimator keeps its
 *       kernels' truncation masses between asks with {@link Bandwidth#SCOTT} (neighbour widths
 *       change with every observation). One ask is linear in the number of observations, with
 *       {@code eiCandidates} kernel evaluations per observation and parameter.
 *   <li><b>Multi-objective</b> studies are modelled as Optuna's MOTPE: the "good" group is
 *       chosen by non-dominated rank, the boundary front thinned greedily by hypervolume
 *       contribution.
 *   <li><b>Constraints</b> (see {@link io.paratune.Trial#setConstraints}): infeasible trials rank
 *       after every feasible one, by total violation, so they fall in the "bad" group unless too
 *       few trials are feasible, as in Optuna.
 * </ul>
 *
 * <p>Thread-safe; share one sampler among all workers of a study.
 */
public final class TpeSampler implements Sampler {
    /**
     * How the multivariate estimators set the widths of their observation kernels (the
     * univariate ones always use {@link #NEIGHBOUR}, as Optuna and Hyperopt do). Either way the
     * widths are in the unit interval of each parameter and clipped to {@code [1 / min(100, n +
     * 2), 1]} with {@code magicClip}.
     */
    public enum Bandwidth {
        /**
         * {@link #NEIGHBOUR} for an estimator of continuous parameters only (floats without a
         * step) in a study with one objective; {@link #SCOTT} when an int, a stepped float or a
         * categorical parameter is modelled jointly, and for several objectives: the rules that
         * measured better on the shared quality benchmarks (continuous) and on the real-model
         * suite (mixed spaces) (decision record docs/decisions/0005-tpe-kernel-widths.md). The
         * default.
         */
        AUTO,
        /**
         * Optuna's multivariate rule: Scott's rule {@code 0.2 n^(-1/(d + 4))} of the range, one
         * width for every kernel and parameter ({@code n} observations, {@code d} parameters).
         * Chosen by {@link #AUTO} for mixed spaces and for several objectives (MOTPE).
         */
        SCOTT,
        /**
         * Hyperopt's rule in each parameter: a kernel's width in a parameter is the larger
         * distance from its centre to the sorted neighbouring centres in that parameter (the
         * prior's centre among them; the bounds with {@code endpoints}). Kernels are narrow where
         * observations are dense and wide where they are sparse. It is the default rule of the
         * reference implementation of Watanabe (2023, "Tree-structured Parzen estimator:
         * understanding its algorithm components"), also for multivariate TPE. {@link #AUTO}
         * chooses it for one objective over continuous parameters (decision record
         * docs/decisions/0005-tpe-kernel-widths.md).
         */
        NEIGHBOUR
    }

    /**
     * The settings of a {@link TpeSampler}; validated at construction.
     *
     * @param seed the seed of every random draw
     * @param startupTrials the number of finished (COMPLETE or PRUNED) trials sampled at random
     *     before the estimators are used; at least 0 (Optuna's {@code n_startup_trials}, 10)
     * @param eiCandidates the number of points drawn from {@code l} per proposal; at least 1 (24)
     * @param gamma observation count {@code n} to the number of "good" observations; the default
     *     is {@code min(ceil(0.1 n), 25)}
     * @param weights observation count {@code n} to {@code n} weights for the observations of one
     *     estimator, oldest first; the default gives 1 to the newest 25 and a linear ramp from
     *     {@code 1/n} to 1 to the older ones; a pure function (results are cached per count)
     * @param priorWeight the weight of the prior kernel, {@code > 0} (1.0)
     * @param magicClip whether kernel widths have the lower bound {@code 1 / min(100, n + 2)} of
     *     the range (true)
     * @param endpoints whether the bounds count as neighbours for kernel widths by neighbour gaps
     *     (univariate, and multivariate with {@link Bandwidth#NEIGHBOUR}) (false)
     * @param multivariate whether parameters are modelled jointly (true)
     * @param group whether conditional spaces are decomposed into groups; needs {@code
     *     multivariate} (false)
     * @param constantLiar whether RUNNING trials count as bad observations (true)
     * @param equalHeights whether candidates are scored with kernels of equal height (each kernel's
     *     weight times its width), as Optuna 3.1 does, rather than equal mass; it keeps the prior's
     *     share large and explores more (true)
     * @param hypervolumeWeights for several objectives, whether the "good" observations are
     *     weighted by their hypervolume contribution within the group, as Optuna's MOTPE does,
     *     rather than by the weights function (true)
     * @param bandwidth how multivariate kernel widths are set ({@link Bandwidth#AUTO})
     */
    public record Options(
            long seed,
            int startupTrials,
            int eiCandidates,
            IntUnaryOperator gamma,
            IntFunction<double[]> weights,
            double priorWeight,
            boolean magicClip,
            boolean endpoints,
            boolean multivariate,
            boolean group,
            boolean constantLiar,
            boolean equalHeights,
            boolean hypervolumeWeights,
            Bandwidth bandwidth) {

        public Options {
            Objects.requireNonNull(
                    bandwidth,
                    "TPE bandwidth is null; give Bandwidth.AUTO (the default),"
                            + " Bandwidth.SCOTT (Optuna's) or Bandwidth.NEIGHBOUR");
            if (startupTrials < 0) {
                throw new IllegalArgumentException("TPE startupTrials=" + startupTrials + " must be >= 0");
            }
            if (eiCandidates < 1) {
                throw new IllegalArgumentException("TPE eiCandidates=" + eiCandidates + " must be >= 1");
            }
            Objects.requireNonNull(gamma, "TPE gamma is null; give a function of the observation count");
            Objects.requireNonNull(weights, "TPE weights is null; give a function of the observation count");
            if (!(priorWeight > 0) || !Double.isFinite(priorWeight)) {
                throw new IllegalArgumentException(
                        "TPE priorWeight=" + priorWeight + " must be a finite number > 0 (1.0 is the default)");
            }
            if (group && !multivariate) {
                throw new IllegalArgumentException(
                        "TPE group=true needs multivariate=true; set multivariate(true)" + " or group(false)");
            }
        }
    }

    /**
     * Builds a {@link TpeSampler}; every setting starts at its default (see {@link Options}), and
     * each may be set once (a second setting throws {@link IllegalStateException}).
     */
    public static final class Builder {
        private Long seed;
        private Integer startupTrials;
        private Integer eiCandidates;
        private IntUnaryOperator gamma;
        private IntFunction<double[]> weights;
        private Double priorWeight;
        private Boolean magicClip;
        private Boolean endpoints;
        private Boolean multivariate;
        private Boolean group;
        private Boolean constantLiar;
        private Boolean equalHeights;
        private Boolean hypervolumeWeights;
        private Bandwidth bandwidth;

        private Builder() {}

        /**
         * The seed of every random draw: the same seed and the same finished trials give the same
         * proposals. Default: from the system's entropy; share one seed between the processes of
         * a study for reproducible runs.
         */
        public Builder seed(long seed) {
            requireUnset(this.seed, "seed");
            this.seed = seed;
            return this;
        }

        /** Finished trials sampled at random before the estimators are used; at least 0 (default 10). */
        public Builder startupTrials(int startupTrials) {
            requireUnset(this.startupTrials, "startupTrials");
            this.startupTrials = startupTrials;
            return this;
        }

        /** Candidates drawn from the good estimator per proposal; at least 1 (default 24). */
        public Builder eiCandidates(int eiCandidates) {
            requireUnset(this.eiCandidates, "eiCandidates");
            this.eiCandidates = eiCandidates;
            return this;
        }

        /** Observation count to the number of good observations (default {@code min(ceil(0.1 n), 25)}). */
        public Builder gamma(IntUnaryOperator gamma) {
            requireUnset(this.gamma, "gamma");
            this.gamma = Objects.requireNonNull(gamma, "TPE gamma is null; give a function of the observation count");
            return this;
        }

        /**
         * Observation count {@code n} to {@code n} weights of one estimator's observations, oldest
         * first; a pure function (default: 1 for the newest 25, a ramp from {@code 1/n} before).
         */
        public Builder weights(IntFunction<double[]> weights) {
            requireUnset(this.weights, "weights");
            this.weights =
                    Objects.requireNonNull(weights, "TPE weights is null; give a function of the observation count");
            return this;
        }

        /** The weight of the prior kernel, {@code > 0} (default 1.0). */
        public Builder priorWeight(double priorWeight) {
            requireUnset(this.priorWeight, "priorWeight");
            this.priorWeight = priorWeight;
            return this;
        }

        /** Whether kernel widths are at least {@code 1 / min(100, n + 2)} of the range (default true). */
        public Builder magicClip(boolean magicClip) {
            requireUnset(this.magicClip, "magicClip");
            this.magicClip = magicClip;
            return this;
        }

        /** Whether the bounds count as neighbours for widths by neighbour gaps (default false). */
        public Builder endpoints(boolean endpoints) {
            requireUnset(this.endpoints, "endpoints");
            this.endpoints = endpoints;
            return this;
        }

        /** Whether parameters are modelled jointly (default true). */
        public Builder multivariate(boolean multivariate) {
            requireUnset(this.multivariate, "multivariate");
            this.multivariate = multivariate;
            return this;
        }

        /** Whether conditional spaces are decomposed into groups; needs multivariate (default false). */
        public Builder group(boolean group) {
            requireUnset(this.group, "group");
            this.group = group;
            return this;
        }

        /** Whether RUNNING trials count as bad observations (default true). */
        public Builder constantLiar(boolean constantLiar) {
            requireUnset(this.constantLiar, "constantLiar");
            this.constantLiar = constantLiar;
            return this;
        }

        /** Whether candidates are scored with kernels of equal height, as Optuna 3.1 does (default true). */
        public Builder equalHeights(boolean equalHeights) {
            requireUnset(this.equalHeights, "equalHeights");
            this.equalHeights = equalHeights;
            return this;
        }

        /** With several objectives, whether good observations are weighted by hypervolume (default true). */
        public Builder hypervolumeWeights(boolean hypervolumeWeights) {
            requireUnset(this.hypervolumeWeights, "hypervolumeWeights");
            this.hypervolumeWeights = hypervolumeWeights;
            return this;
        }

        /**
         * The multivariate kernel widths: {@link Bandwidth#AUTO} (default), {@link Bandwidth#SCOTT}
         * or {@link Bandwidth#NEIGHBOUR}.
         */
        public Builder bandwidth(Bandwidth bandwidth) {
            requireUnset(this.bandwidth, "bandwidth");
            this.bandwidth = Objects.requireNonNull(
                    bandwidth,
                    "TPE bandwidth is null; give Bandwidth.AUTO (the"
                            + " default), Bandwidth.SCOTT (Optuna's) or Bandwidth.NEIGHBOUR");
            return this;
        }

        /** @throws IllegalArgumentException naming an invalid setting */
        public TpeSampler build() {
            return new TpeSampler(new Options(
                    seed != null ? seed : new SplittableRandom().nextLong(),
                    or(startupTrials, 10),
                    or(eiCandidates, 24),
                    gamma != null ? gamma : TpeSampler::defaultGamma,
                    weights != null ? weights : TpeSampler::defaultWeights,
                    or(priorWeight, 1.0),
                    or(magicClip, true),
                    or(endpoints, false),
                    or(multivariate, true),
                    or(group, false),
                    or(constantLiar, true),
                    or(equalHeights, true),
                    or(hypervolumeWeights, true),
                    bandwidth != null ? bandwidth : Bandwidth.AUTO));
        }

        private static <T> T or(T value, T byDefault) {
            return value != null ? value : byDefault;
        }
    }

    private final Options options;
    private final Proposer proposer;
    private final Map<String, TpeStudyState> histories = new ConcurrentHashMap<>();
    private volatile RunningMemo lastRunning;

    private TpeSampler(Options options) {
        this.options = options;
        this.proposer = new Proposer(options);
    }

    /** A TPE sampler with the default settings, seeded from the system's entropy. */
    public static TpeSampler create() {
        return builder().build();
    }

    /** A reproducible TPE sampler with the default settings. */
    public static TpeSampler seeded(long seed) {
        return builder().seed(seed).build();
    }

    /** A TPE sampler with the given settings. */
    public static TpeSampler of(Options options) {
        return new TpeSampler(Objects.requireNonNull(options, "options"));
    }

    /** A builder starting from the default settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** The settings of this sampler. */
    public Options options() {
        return options;
    }

    /** Optuna's default gamma: {@code min(ceil(0.1 n), 25)}. */
    static int defaultGamma(int n) {
        return Math.min((int) Math.ceil(0.1 * n), 25);
    }

    /** Optuna's default weights: 1 for the newest 25, a ramp from {@code 1/n} to 1 before them. */
    static double[] defaultWeights(int n) {
        double[] w = new double[n];
        if (n < 25) {
            java.util.Arrays.fill(w, 1.0);
            return w;
        }
        int ramp = n - 25;
        for (int i = 0; i < ramp; i++) {
            w[i] = ramp == 1 ? 1.0 / n : 1.0 / n + (1.0 - 1.0 / n) * i / (ramp - 1);
        }
        java.util.Arrays.fill(w, ramp, n, 1.0);
        return w;
    }

    // ---- Sampler ----

    @Override
    public SearchSpace relativeSearchSpace(StudyView study, FrozenTrial trial) {
        if (!options.multivariate()) {
            return SearchSpace.empty();
        }
        TpeStudyState h = history(study);
        if (h.count() < Math.max(options.startupTrials(), 1)) {
            return SearchSpace.empty();
        }
        if (!options.group()) {
            return h.intersectionSpace();
        }
        List<Distribution> all = new ArrayList<>();
        h.groups().forEach(all::addAll);
        return SearchSpace.of(all);
    }

    @Override
    public Map<String, Double> sampleRelative(StudyView study, FrozenTrial trial, SearchSpace space) {
        TpeStudyState h = history(study);
        if (h.count() < options.startupTrials()) {
            return Map.of();
        }
        Map<String, Double> out = new HashMap<>();
        if (!options.group()) {
            out.putAll(propose(study, trial, h, dims(space.distributions().values()), true));
            return out;
        }
        for (List<Distribution> group : h.groups()) {
            List<Distribution> inSpace = group.stream()
                    .filter(d ->
                            space.get(d.name()) != null && space.get(d.name()).sameRange(d))
                    .toList();
            if (!inSpace.isEmpty()) {
                out.putAll(propose(study, trial, h, dims(inSpace), false));
            }
        }
        return out;
    }

    @Override
    public double sampleIndependent(StudyView study, FrozenTrial trial, String name, Distribution distribution) {
        if (distribution.isSingle()) {
            return distribution.fromUnit(0.5);
        }
        TpeStudyState h = history(study);
        if (h.count() < options.startupTrials()) {
            return distribution.fromUnit(random(trial.number(), name).nextDouble());
        }
        return propose(study, trial, h, new Dim[] {Dim.of(distribution)}, false).get(name);
    }

    // ---- internals ----

    /**
     * The history of the trials {@code study} shows. A pruner may narrow the view to a group of
     * trials (Hyperband's brackets); each group then has its own history, keyed by its first trial,
     * so that switching between groups neither mixes them nor rebuilds a history from scratch.
     */
    private TpeStudyState history(StudyView study) {
        int first = study.firstTrialNumber();
        String key = first <= 0 ? study.studyName() : study.studyName() + "#" + first;
        TpeStudyState h = histories.computeIfAbsent(key, k -> new TpeStudyState(study.directions()));
        List<FrozenTrial> tail = h.sync(study);
        // every unfinished trial is in the tail that the history read
        List<FrozenTrial> running = new ArrayList<>();
        for (FrozenTrial t : tail) {
            if (t.state() == TrialState.RUNNING && t.number() != study.currentTrialNumber()) {
                running.add(t);
            }
        }
        lastRunning = new RunningMemo(study, running);
        return h;
    }

    /** The history kept for the study of that name, or null (for tests). */
    TpeStudyState history(String studyName) {
        return histories.get(studyName);
    }

    private static Dim[] dims(java.util.Collection<Distribution> distributions) {
        return distributions.stream().map(Dim::of).toArray(Dim[]::new);
    }

    /**
     * One TPE proposal for the parameters {@code dims}, with the random stream of the trial and
     * those parameters; see {@link Proposer#propose}.
     */
    private Map<String, Double> propose(
            StudyView study, FrozenTrial trial, TpeStudyState h, Dim[] dims, boolean avoidRepeats) {
        StringBuilder key = new StringBuilder();
        for (Dim d : dims) {
            key.append(d.name).append('\u0000');
        }
        return proposer.propose(
                h,
                dims,
                study.directions().size() > 1,
                () -> running(study),
                random(trial.number(), key.toString()),
                avoidRepeats);
    }

    /** The view's RUNNING trials other than the current one, as read by the last {@link #history}. */
    private List<FrozenTrial> running(StudyView study) {
        RunningMemo memo = lastRunning;
        if (memo != null && memo.view() == study) {
            return memo.running();
        }
        return study.running();
    }

    private record RunningMemo(StudyView view, List<FrozenTrial> running) {}

    /** A random stream that depends only on the seed, the trial number and the key. */
    private SplittableRandom random(int trialNumber, String key) {
        return Seeds.stream(options.seed(), trialNumber, Seeds.Purpose.TPE_PROPOSAL, key);
    }

    @Override
    public String toString() {
        return "TpeSampler" + options;
    }
}
