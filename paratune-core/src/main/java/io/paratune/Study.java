package io.paratune;

import io.paratune.internal.JsonValues;
import io.paratune.internal.Seeds;
import io.paratune.pruner.Pruner;
import io.paratune.sampler.RandomSampler;
import io.paratune.sampler.Sampler;
import io.paratune.space.Distribution;
import io.paratune.space.SearchSpace;
import io.paratune.storage.HeartbeatStorage;
import io.paratune.storage.Storage;
import io.paratune.storage.StudyInfo;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An optimisation task: a named set of trials in a storage, with one or more directions, a sampler
 * that proposes parameters and a pruner that stops bad trials early. Create or load one with
 * {@link #builder()}.
 *
 * <p>Use it either through {@link #optimize} (runs an objective on many threads) or through
 * {@link #ask()} / {@link #tell(Trial, double...)} (the caller runs trials wherever it likes).
 * Everything a study knows is in its storage, so several {@code Study} objects, threads, processes
 * or machines may work on one study at once. Study objects are thread-safe.
 *
 * <p>A failing sampler never takes the study down. When its joint proposal throws (or proposes a
 * value outside its distribution), the trial's parameters are sampled independently; when its
 * independent proposal for a parameter throws (or is outside), that parameter is sampled uniformly
 * at random; when reserving parameters throws, the trial starts without. Each such fallback is one
 * WARNING on the logger {@code io.paratune.SamplerFallback} naming the sampler class and the cause,
 * as Optuna warns when it falls back to independent sampling. Paratune's own domain failures keep
 * their meaning: {@link SamplerExhaustedException} ends the study, {@link
 * SamplerConfigurationException} (settings that do not fit the study) and storage failures reach
 * the caller.
 */
public final class Study {
    private static final System.Logger LOG = System.getLogger(Study.class.getName());

    private final Storage storage;
    private final StudyInfo info;
    private final Sampler sampler;
    private final Pruner pruner;
    private final Clock clock;
    private final HeartbeatPolicy heartbeat;
    private final Heartbeats heartbeats;
    private final StaleTrials staleTrials;
    private final ContainedSampler contained;
    private final TrialFinisher finisher;

    private volatile boolean stopRequested;

    Study(Storage storage, StudyInfo info, Sampler sampler, Pruner pruner, Clock clock, HeartbeatPolicy heartbeat) {
        this.storage = storage;
        this.info = info;
        this.sampler = sampler;
        this.pruner = pruner;
        this.clock = clock;
        this.heartbeat = heartbeat;
        this.heartbeats =
                heartbeat == null ? null : new Heartbeats((HeartbeatStorage) storage, clock, heartbeat.interval());
        this.staleTrials = heartbeat == null
                ? null
                : new StaleTrials((HeartbeatStorage) storage, info.id(), info.name(), clock, heartbeat, heartbeats);
        this.contained = new ContainedSampler(
                sampler,
                info.name(),
                RandomSampler.seeded(Seeds.derive(0, info.id(), Seeds.Purpose.STUDY_FALLBACK, info.name())));
        this.finisher = new TrialFinisher(storage, heartbeats, clock, info.directions(), contained, this::view);
    }

    /** A builder that creates or loads a study. */
    public static StudyBuilder builder() {
        return new StudyBuilder();
    }

    public String name() {
        return info.name();
    }

    /** The storage's id of the study. */
    public long id() {
        return info.id();
    }

    /** One direction per objective value. */
    public List<Direction> directions() {
        return info.directions();
    }

    public Storage storage() {
        return storage;
    }

    public Sampler sampler() {
        return sampler;
    }

    public Pruner pruner() {
        return pruner;
    }

    Clock clock() {
        return clock;
    }

    /** The view for samplers and the pruner working on trial {@code currentTrialNumber} (-1: none yet). */
    StudyView view(int currentTrialNumber) {
        java.util.function.Predicate<FrozenTrial> scope =
                currentTrialNumber < 0 ? null : pruner.trialScope(info.name(), currentTrialNumber);
        return new StudyView(storage, info.id(), info.name(), info.directions(), currentTrialNumber, scope);
    }

    // ---- ask / tell ----

    /** Starts a trial: an enqueued one if any is waiting, else a new one proposed by the sampler. */
    public Trial ask() {
        return ask(List.of());
    }

    /**
     * Starts a trial and suggests every parameter of {@code space} at once, so that {@link
     * Trial#params()} holds them all.
     */
    public Trial ask(SearchSpace space) {
        Trial trial = ask();
        try {
            for (Distribution d : space.distributions().values()) {
                trial.suggest(d);
            }
        } catch (RuntimeException e) {
            failQuietly(trial.id(), "suggesting the fixed search space failed: " + e);
            throw e;
        }
        return trial;
    }

    /**
     * Starts the oldest enqueued (WAITING) trial, if there is one, and never a new one: for
     * launchers that count new trials against a budget shared by several processes (see {@link
     * #askNew()}).
     *
     * @return the claimed trial, or empty when none is waiting
     */
    public Optional<Trial> askEnqueued() {
        if (staleTrials != null) {
            staleTrials.failStale();
        }
        return storage.claimWaitingTrial(info.id(), clock.instant()).map(t -> begin(t, List.of()));
    }

    /**
     * Starts a new trial proposed by the sampler, leaving enqueued trials waiting (see {@link
     * #askEnqueued()}).
     *
     * @throws SamplerExhaustedException when the sampler has no point left
     */
    public Trial askNew() {
        if (staleTrials != null) {
            staleTrials.failStale();
        }
        return begin(createRunning(), List.of());
    }

    /**
     * Starts a trial, as {@link #ask()} does, holding {@code devices} (see {@link Trial#devices()}):
     * for a {@link TrialBudget} or a launcher that hands each trial its own GPUs.
     */
    public Trial ask(List<String> devices) {
        if (staleTrials != null) {
            staleTrials.failStale();
        }
        FrozenTrial start;
        if (!sampler.reservesParams()) {
            start = storage.startTrial(info.id(), clock.instant());
        } else {
            Optional<FrozenTrial> claimed = storage.claimWaitingTrial(info.id(), clock.instant());
            start = claimed.isPresent() ? claimed.get() : createRunning();
        }
        return begin(start, devices);
    }

    /**
     * Creates a RUNNING trial with the parameters the sampler reserves for it, if any; a sampler
     * failing to reserve (other than by being exhausted) is contained: the trial starts without.
     */
    private FrozenTrial createRunning() {
        Map<String, Object> reserved = contained.reserveParams(view(-1));
        return storage.createTrial(
                info.id(),
                TrialState.RUNNING,
                reserved.isEmpty() ? Map.of() : Map.of(SystemAttributes.FIXED_PARAMS, reserved),
                clock.instant());
    }

    /**
     * Turns a started trial into a {@link Trial}: heartbeats, relative proposals. A sampler that
     * fails to propose jointly (any exception but Paratune's domain failures, see {@link
     * SamplerFallback#containable}) is contained: the trial's parameters are then sampled
     * independently, with a warning. Proposed values outside their distributions are dropped the same
     * way.
     */
    private Trial begin(FrozenTrial start, List<String> devices) {
        if (heartbeats != null) {
            heartbeats.start(start.id());
        }
        StudyView view = view(start.number());
        ContainedSampler.Proposal proposal;
        try {
            proposal = contained.propose(view, start);
        } catch (RuntimeException e) {
            failQuietly(start.id(), "the sampler failed to propose: " + e);
            throw e;
        }
        return new Trial(this, start, view, Reruns.fixedParams(start), proposal.space(), proposal.relative(), devices);
    }

    /** The sampler's independent proposal for one parameter of a trial; see {@link ContainedSampler}. */
    double sampleIndependent(StudyView view, FrozenTrial trial, String name, Distribution distribution) {
        return contained.sampleIndependent(view, trial, name, distribution);
    }

    /**
     * How many retries the chain that {@code trial} ends has had: 0 for a trial that is no retry, 1
     * for the first retry. Re-runs enqueued by {@link #enqueueResume} keep their original's count.
     */
    public static int retryCount(FrozenTrial trial) {
        return Reruns.count(trial);
    }

    /**
     * The number of the trial that {@code trial} runs again, or empty when it is no re-run (see
     * {@link #enqueueRetry} and {@link #enqueueResume}).
     */
    public static OptionalInt retryOf(FrozenTrial trial) {
        return Reruns.of(trial);
    }

    /**
     * Enqueues a retry of a failed trial: a WAITING trial with the same parameters, which the next
     * ask runs before any new trial. Its system attributes link it to the failed trial ({@code
     * retry_of}) and count the retries of the chain ({@code retry_count}, one more than the failed
     * trial's; see {@link #retryCount}), as the retries of trials lost by their workers (see {@link
     * StudyBuilder#maxRetries}) do. The caller decides whether the chain may have another retry.
     *
     * @return the enqueued trial
     * @throws IllegalArgumentException if {@code failed} is not a FAIL trial of this study
     */
    public FrozenTrial enqueueRetry(FrozenTrial failed) {
        requireFailedTrialOfThisStudy(failed, "enqueueRetry");
        return storage.createTrial(
                info.id(), TrialState.WAITING, Reruns.attributes(failed, retryCount(failed) + 1), clock.instant());
    }

    /**
     * Enqueues a trial again that its launcher stopped (a run interrupted by the user) and marked
     * FAIL: like {@link #enqueueRetry}, but the re-run is no retry: it keeps the trial's retry count.
     *
     * @return the enqueued trial
     * @throws IllegalArgumentException if {@code interrupted} is not a FAIL trial of this study
     */
    public FrozenTrial enqueueResume(FrozenTrial interrupted) {
        requireFailedTrialOfThisStudy(interrupted, "enqueueResume");
        return storage.createTrial(
                info.id(),
                TrialState.WAITING,
                Reruns.attributes(interrupted, retryCount(interrupted)),
                clock.instant());
    }

    private void requireFailedTrialOfThisStudy(FrozenTrial trial, String method) {
        Objects.requireNonNull(trial, "trial");
        if (trial.state() != TrialState.FAIL) {
            throw new IllegalArgumentException(method + ": trial " + trial.number() + " is " + trial.state()
                    + "; only a FAIL trial runs again (finish it as FAIL first)");
        }
        boolean ours = storage.trialByNumber(info.id(), trial.number())
                .map(t -> t.id() == trial.id())
                .orElse(false);
        if (!ours) {
            throw new IllegalArgumentException(method + ": trial " + trial.number() + " (id " + trial.id()
                    + ") is not a trial of study '" + name() + "'; pass a trial read from this study");
        }
    }

    private void failQuietly(long trialId, String message) {
        finisher.failQuietly(trialId, message);
    }

    /**
     * Finishes a trial with its values. Values of the wrong count, NaN or infinite fail the trial
     * (the message says why), as they would in {@link #optimize}.
     *
     * @param values one per direction
     * @return the finished trial
     * @throws TrialAlreadyFinishedException if the trial was already finished
     */
    public FrozenTrial tell(Trial trial, double... values) {
        return finish(trial.id(), TrialState.COMPLETE, values, null);
    }

    /** Finishes the study's trial of that number with its values; see {@link #tell(Trial, double...)}. */
    public FrozenTrial tell(int trialNumber, double... values) {
        return finish(trialId(trialNumber), TrialState.COMPLETE, values, null);
    }

    /**
     * Finishes a trial without values: PRUNED (it keeps its last intermediate value) or FAIL.
     *
     * @throws IllegalArgumentException for COMPLETE (give values) or an unfinished state
     */
    public FrozenTrial tell(Trial trial, TrialState state) {
        return tellState(trial.id(), state);
    }

    /** Finishes the study's trial of that number as PRUNED or FAIL. */
    public FrozenTrial tell(int trialNumber, TrialState state) {
        return tellState(trialId(trialNumber), state);
    }

    private FrozenTrial tellState(long trialId, TrialState state) {
        if (state != TrialState.PRUNED && state != TrialState.FAIL) {
            throw new IllegalArgumentException(
                    "tell(trial, " + state + "): give PRUNED or FAIL, or tell(trial," + " values...) for COMPLETE");
        }
        return finish(trialId, state, null, state == TrialState.FAIL ? "told FAIL" : null);
    }

    /**
     * Finishes a trial as FAIL with a message saying why (kept as the trial's failure message), for
     * callers that run trials themselves, such as a launcher whose trial process crashed.
     *
     * @param message why the trial failed; not blank
     * @return the finished trial
     * @throws TrialAlreadyFinishedException if the trial was already finished
     */
    public FrozenTrial fail(Trial trial, String message) {
        if (message == null || message.isBlank()) {
            throw new IllegalArgumentException("fail(trial, message): the message is empty; say why the trial failed");
        }
        return finish(trial.id(), TrialState.FAIL, null, message);
    }

    private long trialId(int number) {
        return storage.trialByNumber(info.id(), number)
                .orElseThrow(() -> new IllegalArgumentException("study '" + name() + "' has no trial " + number))
                .id();
    }

    /** Finishes a trial, turning invalid values into a FAIL with a message; see {@link TrialFinisher}. */
    FrozenTrial finish(long trialId, TrialState state, double[] values, String failureMessage) {
        return finisher.finish(trialId, state, values, failureMessage);
    }

    // ---- enqueue, attributes ----

    /**
     * Enqueues a trial with fixed parameters (external values); the next ask runs it before any
     * sampled trial. Parameters the objective suggests beyond these are sampled as usual.
     */
    public void enqueue(Map<String, ?> params) {
        Object copy = JsonValues.copy("enqueued parameters", params);
        storage.createTrial(
                info.id(), TrialState.WAITING, Map.of(SystemAttributes.FIXED_PARAMS, copy), clock.instant());
    }

    /**
     * Adds a trial evaluated elsewhere, already finished, without asking the sampler for a
     * proposal (Optuna's {@code add_trial}); samplers then learn from it like from any finished
     * trial. It gets the next number, starts and finishes now.
     *
     * @return the added trial
     * @throws IllegalArgumentException naming the problem: a COMPLETE trial without one value per
     *     direction, a parameter value that is not a member of its distribution, intermediate values
     *     in a multi-objective study
     */
    public FrozenTrial addTrial(EvaluatedTrial trial) {
        Objects.requireNonNull(trial, "trial");
        FrozenTrial template = FinishedTrials.imported(trial, directions(), name(), clock.instant());
        FrozenTrial added = storage.createFinishedTrial(info.id(), template);
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(
                    Level.DEBUG,
                    "Trial " + added.number() + " added as " + added.state() + " with values "
                            + Arrays.toString(added.values()) + " and params " + added.params());
        }
        return added;
    }

    /**
     * Adds a COMPLETE trial evaluated elsewhere; see {@link #addTrial(EvaluatedTrial)}.
     *
     * @param space the distributions of the parameters (it may have more, unused ones)
     * @param params the parameters as external values, by name
     * @param values one per direction
     */
    public FrozenTrial addTrial(SearchSpace space, Map<String, ?> params, double... values) {
        return addTrial(EvaluatedTrial.complete(values).params(space, params).build());
    }

    /** Sets a study attribute (a JSON-like value). */
    public void setAttribute(String key, Object value) {
        storage.setStudyAttribute(info.id(), key, value);
    }

    /** The study's attributes. */
    public Map<String, Object> attributes() {
        return storage.studyAttributes(info.id());
    }

    // ---- results ----

    /** All trials, by number. */
    public List<FrozenTrial> trials() {
        return storage.trials(info.id());
    }

    /** The trials in the given states, by number. */
    public List<FrozenTrial> trials(TrialState first, TrialState... rest) {
        return storage.trials(info.id(), EnumSet.of(first, rest));
    }

    /**
     * The feasible COMPLETE trial with the best value (the lowest number among ties). A trial is
     * feasible when it reported no constraints or all of them are {@code <= 0} (see {@link
     * Trial#setConstraints}).
     *
     * @throws IllegalStateException for a multi-objective study (use {@link #bestTrials()}), when no
     *     trial is COMPLETE yet, or when no COMPLETE trial is feasible (the message says so)
     */
    public FrozenTrial bestTrial() {
        return FinishedTrials.best(storage.trials(info.id(), EnumSet.of(TrialState.COMPLETE)), directions(), name());
    }

    /** The best value; see {@link #bestTrial()}. */
    public double bestValue() {
        return bestTrial().value();
    }

    /** The best trial's parameters; see {@link #bestTrial()}. */
    public Map<String, Object> bestParams() {
        return bestTrial().params();
    }

    /**
     * The Pareto-optimal feasible COMPLETE trials, by number: those no other feasible trial
     * dominates (no worse in every direction, better in one). For one direction, every feasible
     * trial with the best value. Infeasible trials (a constraint {@code > 0}, see {@link
     * Trial#setConstraints}) never appear, so the list is empty when no COMPLETE trial is feasible;
     * {@link #bestTrial()} says so in its exception.
     */
    public List<FrozenTrial> bestTrials() {
        return FinishedTrials.paretoFront(storage.trials(info.id(), EnumSet.of(TrialState.COMPLETE)), directions());
    }

    // ---- optimize ----

    /** Runs {@code trials} trials of a single-objective function on one thread. */
    public void optimize(Objective objective, int trials) {
        optimize(objective, OptimizeOptions.builder().trials(trials).build());
    }

    /** Runs {@code trials} trials of a single-objective function, {@code parallelism} at a time. */
    public void optimize(Objective objective, int trials, int parallelism) {
        optimize(
                objective,
                OptimizeOptions.builder()
                        .trials(trials)
                        .parallelism(parallelism)
                        .build());
    }

    /**
     * Runs a single-objective function until the options' trial count or timeout is reached, the
     * sampler is exhausted, or {@link #stop()} is called. A trial whose objective throws or returns
     * a non-finite value is recorded as FAIL with its message, and the study goes on unless {@link
     * OptimizeOptions#stopOnFailure()}.
     *
     * @throws StudyInterruptedException if the calling thread was interrupted; no trial started
     *     here is left RUNNING
     */
    public void optimize(Objective objective, OptimizeOptions options) {
        if (directions().size() != 1) {
            throw new IllegalArgumentException(
                    "study '" + name() + "' has " + directions().size()
                            + " directions; use optimizeMulti with an objective returning one value per direction");
        }
        optimizeMulti(trial -> new double[] {objective.evaluate(trial)}, options);
    }

    /** Runs a multi-objective function; see {@link #optimize(Objective, OptimizeOptions)}. */
    public void optimizeMulti(MultiObjective objective, OptimizeOptions options) {
        clearStopRequest();
        try {
            TrialLoop.builder(this, new ObjectiveRunner(this, objective))
                    .options(options)
                    .build()
                    .run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StudyInterruptedException(
                    "optimize of study '" + name() + "' was interrupted;" + " its running trials were marked FAIL");
        }
    }

    /** Asks running {@link #optimize} calls to start no further trials; running ones finish. */
    public void stop() {
        stopRequested = true;
    }

    void clearStopRequest() {
        stopRequested = false;
    }

    boolean stopRequested() {
        return stopRequested;
    }

    @Override
    public String toString() {
        return "Study[" + name() + ", directions=" + directions() + "]";
    }
}
