package io.paratune;

/** A multi-objective function: returns one value per study direction. */
@FunctionalInterface
public interface MultiObjective {
    /**
     * Evaluates one trial.
     *
     * @return one value per direction, in the study's order; a wrong length or a non-finite value
     *     fails the trial
     * @throws Exception any failure; it fails this trial only (unless the study stops on failure)
     */
    double[] evaluate(Trial trial) throws Exception;
}
