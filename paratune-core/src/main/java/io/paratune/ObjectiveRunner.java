package io.paratune;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link TrialRunner} of {@link Study#optimize}: evaluates the objective in the worker thread.
 * A {@link TrialPrunedException} prunes the trial; any other throwable fails it with its text (a
 * {@link VirtualMachineError} other than a stack overflow is then rethrown and ends the loop).
 */
final class ObjectiveRunner implements TrialRunner {
    private final Study study;
    private final MultiObjective objective;
    /** Why the trials that failed here failed, until the loop asks (for stop on failure). */
    private final Map<Long, Throwable> causes = new ConcurrentHashMap<>();

    ObjectiveRunner(Study study, MultiObjective objective) {
        this.study = study;
        this.objective = objective;
    }

    @Override
    public FrozenTrial run(Trial trial, List<String> devices) {
        double[] values;
        try {
            values = objective.evaluate(trial);
        } catch (TrialPrunedException e) {
            return study.finish(trial.id(), TrialState.PRUNED, null, null);
        } catch (Throwable e) {
            FrozenTrial failed = study.finish(trial.id(), TrialState.FAIL, null, e.toString());
            if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
                throw (VirtualMachineError) e;
            }
            causes.put(failed.id(), e);
            return failed;
        }
        return study.finish(trial.id(), TrialState.COMPLETE, values, null);
    }

    /** The throwable that failed a trial run here, once; null when there is none. */
    Throwable takeCause(long trialId) {
        return causes.remove(trialId);
    }
}
