package io.paratune.sampler;

import io.paratune.FrozenTrial;
import io.paratune.StudyView;
import io.paratune.TrialState;
import io.paratune.internal.Checks;
import io.paratune.internal.Seeds;
import io.paratune.sampler.gp.GpSampler;
import io.paratune.sampler.tpe.TpeSampler;
import io.paratune.space.Distribution;
import io.paratune.space.SearchSpace;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The default sampler of the command line: chooses, for each trial, the sampler that measured best
 * for the study at hand, and records the choice on the trial so a user can see why. The rules, and
 * the measurements behind them, are in {@code docs/decisions/0002-auto-sampler.md}:
 *
 * <ul>
 *   <li><b>One to three objectives</b>: {@link GpSampler} with its defaults, which model a
 *       single-objective study globally up to {@link GpSampler.Builder#trustRegionAbove} (200)
 *       observations and in a trust region around the best trial beyond;
 *   <li><b>Four or more objectives</b>: {@link TpeSampler} (MOTPE), which models every objective at
 *       the cost of one density ratio;
 *   <li><b>Proposals costlier than the trials</b>: once the median of the GP's last 20 proposals
 *       takes longer than {@link Builder#switchAfter} (5 s) and longer than twice the median
 *       evaluation of the trials this sampler proposed (a trial's duration less its proposal), the
 *       study's time goes mostly to the sampler, and the following trials use {@link TpeSampler},
 *       which proposes in milliseconds. The switch holds for the rest of this sampler's life (of
 *       this worker process, with several).
 * </ul>
 *
 * <p>Each trial gets the system attribute {@value #SAMPLER_KEY} (the sampler used: {@code gp} or
 * {@code tpe}); the trials where the choice changes also get {@value
 * #REASON_KEY}, one sentence saying why. Each change is logged at INFO on this class's logger.
 *
 * <p>Thread-safe; share one sampler among all workers of a study (studies sharing it keep their
 * choices and times apart, by study name). <b>What a seed reproduces:</b> what the sampler it
 * chooses reproduces (the GP's and TPE's proposals, see theirs); a switch on time depends on the
 * machine's speed.
 */
public final class AutoSampler implements Sampler {
    /** The trial system attribute naming the sampler chosen for the trial. */
    public static final String SAMPLER_KEY = io.paratune.SystemAttributes.AUTO_SAMPLER;
    /** The trial system attribute saying why the choice changed at this trial. */
    public static final String REASON_KEY = io.paratune.SystemAttributes.AUTO_REASON;
    /** The default time per GP proposal above which trials switch to TPE (see {@link Builder#switchAfter}). */
    public static final Duration DEFAULT_SWITCH_AFTER = Duration.ofSeconds(5);

    private static final System.Logger LOG = System.getLogger(AutoSampler.class.getName());
    /** How many recent proposals and evaluations of a study the medians are taken over. */
    static final int TIMED = 20;
    /** How many timed proposals and evaluations a switch on time needs at least. */
    static final int MIN_TIMED = 5;

    private static final int MANY_OBJECTIVES = 4;
    /** The GP's default: from this many observations a single-objective study is modelled locally. */
    private static final int TRUST_REGION_ABOVE = 200;

    /** One sampler and its label. */
    private record Choice(String label, Sampler sampler) {}

    private final long seed;
    private final Duration switchAfter;
    private final GpSampler gp;
    private final TpeSampler tpe;
    private final Map<String, PerStudy> studies = new ConcurrentHashMap<>();

    /** What the sampler keeps for one study: the choice per trial and the times the switch compares. */
    private static final class PerStudy {
        final Map<Long, Choice> byTrial = new ConcurrentHashMap<>();
        /** When the GP's proposal for a trial began (its relative search space), until it is timed. */
        final Map<Long, Long> pendingStart = new ConcurrentHashMap<>();
        /** The GP's proposal time of each trial not yet finished. */
        final Map<Long, Long> proposalOf = new ConcurrentHashMap<>();

        final long[] proposalNanos = new long[TIMED];
        final long[] evaluationNanos = new long[TIMED];
        int timed;
        int evaluated;
        String lastLabel;
        volatile String switchedToTpe;
    }

    private AutoSampler(Builder b) {
        this.seed = b.seed != null ? b.seed : new SplittableRandom().nextLong();
        this.switchAfter = b.switchAfter != null ? b.switchAfter : DEFAULT_SWITCH_AFTER;
        this.gp = GpSampler.seeded(seed);
        this.tpe = TpeSampler.seeded(Seeds.derive(seed, 0, Seeds.Purpose.AUTO_TPE));
    }

    /** An auto sampler seeded from the system's entropy. */
    public static AutoSampler create() {
        return builder().build();
    }

    /** A reproducible auto sampler (as far as the samplers it chooses are; see the class comment). */
    public static AutoSampler seeded(long seed) {
        return builder().seed(seed).build();
    }

    /** A builder starting from the default settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** The seed the chosen samplers derive theirs from. */
    public long seed() {
        return seed;
    }

    /** Settings of an {@link AutoSampler}. */
    public static final class Builder {
        private Long seed;
        private Duration switchAfter;

        private Builder() {}

        /**
         * The seed of the GP and TPE samplers it chooses between. Default: from the system's
         * entropy; share one seed between the processes of a study for reproducible runs.
         */
        public Builder seed(long seed) {
            Checks.requireUnset(this.seed, "seed");
            this.seed = seed;
            return this;
        }

        /**
         * The median time per GP proposal above which the following trials use TPE, when it is
         * also more than twice the median trial's duration; default {@link #DEFAULT_SWITCH_AFTER}.
         * {@link Duration#ZERO} switches as soon as the GP's proposals take longer than twice the
         * trials; a very long duration never switches.
         */
        public Builder switchAfter(Duration switchAfter) {
            Checks.requireUnset(this.switchAfter, "switchAfter");
            Objects.requireNonNull(switchAfter, "switchAfter");
            if (switchAfter.isNegative()) {
                throw new IllegalArgumentException("switchAfter=" + switchAfter + " is negative; give a duration"
                        + " >= 0 (default " + DEFAULT_SWITCH_AFTER + ")");
            }
            this.switchAfter = switchAfter;
            return this;
        }

        public AutoSampler build() {
            return new AutoSampler(this);
        }
    }

    // ---- the choice ----

    private PerStudy of(StudyView study) {
        return studies.computeIfAbsent(study.studyName(), n -> new PerStudy());
    }

    private Choice choose(StudyView study, PerStudy state, FrozenTrial trial) {
        if (study.directions().size() >= MANY_OBJECTIVES) {
            return record(
                    study,
                    state,
                    trial,
                    new Choice("tpe", tpe),
                    study.directions().size()
                            + " objectives: the GP would scalarise them at random, TPE (MOTPE) models each");
        }
        String switched = state.switchedToTpe;
        if (switched == null) {
            switched = switchOnTime(state);
        }
        if (switched != null) {
            return record(study, state, trial, new Choice("tpe", tpe), switched);
        }
        return record(
                study,
                state,
                trial,
                new Choice("gp", gp),
                study.directions().size() == 1
                        ? "one objective: the GP measured best on every benchmark suite (one global model up to "
                                + TRUST_REGION_ABOVE + " observations, a trust region around the best trial beyond)"
                        : study.directions().size() + " objectives: the GP's expected hypervolume improvement measured"
                                + " best");
    }

    /** Tags the trial with the choice; says why (and logs it) when it differs from the last one. */
    private Choice record(StudyView study, PerStudy state, FrozenTrial trial, Choice choice, String reason) {
        study.setTrialSystemAttribute(trial, SAMPLER_KEY, choice.label());
        boolean changed;
        synchronized (state) {
            changed = !choice.label().equals(state.lastLabel);
            state.lastLabel = choice.label();
        }
        if (changed) {
            study.setTrialSystemAttribute(trial, REASON_KEY, reason);
            LOG.log(
                    System.Logger.Level.INFO,
                    "study ''{0}'', trial #{1}: sampler {2} ({3})",
                    study.studyName(),
                    trial.number(),
                    choice.label(),
                    reason);
        }
        return choice;
    }

    /**
     * The reason to switch to TPE when the GP's median proposal time exceeds {@code switchAfter}
     * and twice the median evaluation time of the study's recent trials; null otherwise.
     */
    private String switchOnTime(PerStudy state) {
        synchronized (state) {
            if (state.timed < MIN_TIMED || state.evaluated < MIN_TIMED) {
                return null;
            }
            long medianProposal = median(state.proposalNanos, state.timed);
            long medianEvaluation = median(state.evaluationNanos, state.evaluated);
            if (medianProposal <= switchAfter.toNanos() || medianProposal <= 2 * medianEvaluation) {
                return null;
            }
            state.switchedToTpe = String.format(
                    java.util.Locale.ROOT,
                    "the GP's proposals took %.3f s (median of"
                            + " the last %d), over %.3f s and over twice the median evaluation (%.3f s): TPE from here on",
                    medianProposal / 1e9,
                    Math.min(state.timed, TIMED),
                    switchAfter.toNanos() / 1e9,
                    medianEvaluation / 1e9);
            return state.switchedToTpe;
        }
    }

    private static long median(long[] ring, int count) {
        long[] recent = Arrays.copyOf(ring, Math.min(count, ring.length));
        Arrays.sort(recent);
        return recent[recent.length / 2];
    }

    private static void timeProposal(PerStudy state, FrozenTrial trial, long nanos) {
        synchronized (state) {
            state.proposalNanos[state.timed % TIMED] = nanos;
            state.timed++;
            state.proposalOf.put(trial.id(), nanos);
        }
    }

    /**
     * Times the evaluation of a trial the GP proposed: from its start to its end, less the proposal
     * (a trial starts before its parameters are proposed).
     */
    private static void timeEvaluation(PerStudy state, FrozenTrial trial) {
        synchronized (state) {
            Long proposal = state.proposalOf.remove(trial.id());
            if (trial.state() != TrialState.COMPLETE || trial.started() == null || trial.finished() == null) {
                return;
            }
            long total = Duration.between(trial.started(), trial.finished()).toNanos();
            state.evaluationNanos[state.evaluated % TIMED] = Math.max(0, total - (proposal == null ? 0 : proposal));
            state.evaluated++;
        }
    }

    private Choice chosenFor(PerStudy state, FrozenTrial trial) {
        Choice c = state.byTrial.get(trial.id());
        return c != null ? c : new Choice("gp", gp);
    }

    // ---- Sampler ----

    @Override
    public SearchSpace relativeSearchSpace(StudyView study, FrozenTrial trial) {
        PerStudy state = of(study);
        Choice choice = choose(study, state, trial);
        state.byTrial.put(trial.id(), choice);
        if (choice.sampler() != gp) {
            return choice.sampler().relativeSearchSpace(study, trial);
        }
        long start = System.nanoTime();
        SearchSpace space = gp.relativeSearchSpace(study, trial);
        if (space.isEmpty()) {
            timeProposal(state, trial, System.nanoTime() - start);
        } else {
            state.pendingStart.put(trial.id(), start); // timed with the proposal, in sampleRelative
        }
        return space;
    }

    @Override
    public Map<String, Double> sampleRelative(StudyView study, FrozenTrial trial, SearchSpace space) {
        PerStudy state = of(study);
        Choice choice = chosenFor(state, trial);
        if (choice.sampler() != gp) {
            return choice.sampler().sampleRelative(study, trial, space);
        }
        long start = System.nanoTime();
        try {
            return gp.sampleRelative(study, trial, space);
        } finally {
            Long begun = state.pendingStart.remove(trial.id());
            timeProposal(state, trial, System.nanoTime() - (begun != null ? begun : start));
        }
    }

    @Override
    public double sampleIndependent(StudyView study, FrozenTrial trial, String name, Distribution distribution) {
        return chosenFor(of(study), trial).sampler().sampleIndependent(study, trial, name, distribution);
    }

    @Override
    public void afterTrial(StudyView study, FrozenTrial trial) {
        PerStudy state = of(study);
        Choice choice = state.byTrial.remove(trial.id());
        state.pendingStart.remove(trial.id());
        if (choice != null && choice.sampler() == gp) {
            timeEvaluation(state, trial);
        } else {
            state.proposalOf.remove(trial.id());
        }
        (choice != null ? choice.sampler() : gp).afterTrial(study, trial);
    }

    @Override
    public String toString() {
        return "AutoSampler[seed=" + seed + ", switchAfter=" + switchAfter + "]";
    }
}
