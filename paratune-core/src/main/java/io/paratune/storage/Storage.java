package io.paratune.storage;

import io.paratune.Direction;
import io.paratune.DuplicateStudyException;
import io.paratune.FrozenTrial;
import io.paratune.StudyNotFoundException;
import io.paratune.TrialAlreadyFinishedException;
import io.paratune.TrialState;
import io.paratune.space.Distribution;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The single source of truth of studies and trials, shared by every worker of a study.
 *
 * <p>Contract, for every implementation (checked by one shared contract test suite):
 *
 * <ul>
 *   <li>Implementations are thread-safe; durable ones are also safe across processes.
 *   <li>Returned objects are immutable snapshots; later writes do not change them.
 *   <li>Trial numbers are assigned atomically: 0, 1, 2, ... per study, dense and unique.
 *   <li>State changes are compare-and-set: only a RUNNING trial can be finished, only a WAITING
 *       trial can be claimed; finishing a finished trial throws {@link
 *       TrialAlreadyFinishedException}. A finished trial never changes, so readers may cache it.
 *   <li>Durable implementations commit a finished trial before {@link #finishTrial} returns.
 *   <li>Attribute values are JSON-like: null, {@link String}, {@link Boolean}, {@link Number},
 *       {@link List} and {@link Map} with string keys, nested; anything else, NaN or an infinite
 *       number is refused with an {@link IllegalArgumentException} naming the key. A number may
 *       come back as another {@code Number} type of the same value.
 *   <li>Intermediate values are recorded as given, NaN and infinities included.
 *   <li>Every operation on a study id that does not exist throws {@link StudyNotFoundException}.
 * </ul>
 *
 * <p>The contract test suite is {@code io.paratune.testkit.StorageContract} in {@code paratune-testkit}.
 */
public interface Storage extends AutoCloseable {

    /** A new thread-safe storage that lives in this JVM's memory. */
    static Storage inMemory() {
        return new InMemoryStorage();
    }

    // ---- studies ----

    /**
     * Creates a study.
     *
     * @throws DuplicateStudyException if a study of that name exists
     */
    StudyInfo createStudy(String name, List<Direction> directions, Instant now);

    /** The study of that name, if it exists. */
    Optional<StudyInfo> findStudy(String name);

    /**
     * The study of that id.
     *
     * @throws StudyNotFoundException if there is none
     */
    StudyInfo study(long studyId);

    /** All studies, in creation order. */
    List<StudyInfo> studies();

    /** Deletes a study with all its trials. */
    void deleteStudy(long studyId);

    /** Sets a study attribute (JSON-like value), replacing an earlier one. */
    void setStudyAttribute(long studyId, String key, Object value);

    /** The study's attributes. */
    Map<String, Object> studyAttributes(long studyId);

    /**
     * Atomically returns the next value of the study's counter {@code key}: 0, 1, 2, ... Samplers
     * use it to hand out points (grid cells, quasi-random indices) exactly once across workers.
     */
    long nextSequenceValue(long studyId, String key);

    // ---- trials ----

    /**
     * Creates a trial with the next number.
     *
     * @param state RUNNING (started now) or WAITING (enqueued)
     * @param systemAttributes initial system attributes, for example fixed parameters
     */
    FrozenTrial createTrial(long studyId, TrialState state, Map<String, Object> systemAttributes, Instant now);

    /**
     * Checks a template as {@link #createFinishedTrial} asks, for implementations of it.
     *
     * @throws IllegalArgumentException if the template is not finished, or a parameter is not a
     *     member of its distribution (naming the parameter)
     */
    static void requireFinishedTemplate(FrozenTrial template) {
        if (!template.state().isFinished()) {
            throw new IllegalArgumentException(
                    "createFinishedTrial needs a COMPLETE, PRUNED or FAIL trial, not " + template.state());
        }
        template.internalParams().forEach((name, v) -> {
            Distribution d = template.distributions().get(name);
            if (!d.contains(v)) {
                throw new IllegalArgumentException(
                        "parameter '" + name + "': internal value " + v + " is not a member of " + d);
            }
        });
    }

    /**
     * Adds a trial that was evaluated elsewhere, already finished, with the next number (Optuna's
     * {@code create_new_trial} with a template): its state (COMPLETE, PRUNED or FAIL), parameters
     * with their distributions, values, intermediate values, user and system attributes, failure
     * message, and start and finish times are the template's; its id and number are ignored.
     *
     * <p>The default creates a RUNNING trial, records the template's parts on it and finishes it,
     * using the other methods of this interface; should one fail, it fails the trial (with the
     * cause as its message) before rethrowing. Other workers may see the trial RUNNING for that
     * moment. A storage that can write the finished trial at once (one transaction) should.
     *
     * @param template a finished trial; each parameter a member of its distribution
     * @return the added trial
     * @throws IllegalArgumentException if the template is not finished, or a parameter is not a
     *     member of its distribution
     */
    default FrozenTrial createFinishedTrial(long studyId, FrozenTrial template) {
        requireFinishedTemplate(template);
        FrozenTrial running = createTrial(studyId, TrialState.RUNNING, template.systemAttributes(), template.started());
        try {
            template.internalParams()
                    .forEach((name, v) -> setParam(
                            running.id(), name, v, template.distributions().get(name)));
            template.intermediateValues().forEach((step, v) -> setIntermediateValue(running.id(), step, v));
            template.userAttributes().forEach((key, v) -> setUserAttribute(running.id(), key, v));
        } catch (RuntimeException e) {
            try {
                finishTrial(running.id(), TrialState.FAIL, null, "adding the trial failed: " + e, template.finished());
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return finishTrial(
                running.id(),
                template.state(),
                template.hasValues() ? template.values() : null,
                template.failureMessage(),
                template.finished());
    }

    /** Atomically moves the oldest WAITING trial of the study to RUNNING, if there is one. */
    Optional<FrozenTrial> claimWaitingTrial(long studyId, Instant now);

    /**
     * Starts a trial: claims the oldest WAITING trial as {@link #claimWaitingTrial} does or, when
     * none is waiting, creates a RUNNING trial without system attributes. A database storage does
     * both in one round trip; the default calls the two methods.
     */
    default FrozenTrial startTrial(long studyId, Instant now) {
        return claimWaitingTrial(studyId, now).orElseGet(() -> createTrial(studyId, TrialState.RUNNING, Map.of(), now));
    }

    /**
     * Records a suggested parameter of a RUNNING trial.
     *
     * @throws IllegalArgumentException if the parameter exists with another distribution or
     *     value, or the value is not a member of the distribution
     * @throws TrialAlreadyFinishedException if the trial is not RUNNING
     */
    void setParam(long trialId, String name, double internalValue, Distribution distribution);

    /**
     * Records an intermediate value of a RUNNING trial; a step already reported keeps its first
     * value and this returns false.
     */
    boolean setIntermediateValue(long trialId, int step, double value);

    /** Sets a user attribute of a trial (JSON-like value). */
    void setUserAttribute(long trialId, String key, Object value);

    /** Sets a system attribute of a trial (JSON-like value). */
    void setSystemAttribute(long trialId, String key, Object value);

    /**
     * Finishes a RUNNING trial, compare-and-set.
     *
     * @param state COMPLETE, PRUNED or FAIL
     * @param values one per direction for COMPLETE; optional otherwise
     * @param failureMessage why it failed, or null
     * @return the finished trial
     * @throws TrialAlreadyFinishedException if the trial was already finished
     */
    FrozenTrial finishTrial(long trialId, TrialState state, double[] values, String failureMessage, Instant now);

    /** The trial of that id. */
    FrozenTrial trial(long trialId);

    /** The study's trial of that number, if it exists. */
    Optional<FrozenTrial> trialByNumber(long studyId, int number);

    /**
     * The study's trials whose state is in {@code states} and whose number is at least {@code
     * minNumber}, ordered by number. Caching readers use {@code minNumber} to fetch only new trials.
     */
    List<FrozenTrial> trials(long studyId, Set<TrialState> states, int minNumber);

    /** All trials of the study in the given states, ordered by number. */
    default List<FrozenTrial> trials(long studyId, Set<TrialState> states) {
        return trials(studyId, states, 0);
    }

    /** All trials of the study, ordered by number. */
    default List<FrozenTrial> trials(long studyId) {
        return trials(studyId, EnumSet.allOf(TrialState.class), 0);
    }

    /** Releases the storage's resources; the in-memory storage keeps its data. */
    @Override
    default void close() {}
}
