package io.paratune;

/** A single-objective function to optimise: suggests parameters on the trial, returns its value. */
@FunctionalInterface
public interface Objective {
    /**
     * Evaluates one trial.
     *
     * @return the objective value; NaN or infinity fails the trial
     * @throws Exception any failure; it fails this trial only (unless the study stops on failure)
     */
    double evaluate(Trial trial) throws Exception;
}
