package io.paratune.sampler.gp;

/**
 * The acquisition {@link GpSampler} optimises in a study with several objectives ({@link
 * GpSampler.Builder#multiObjective}).
 */
public enum MultiObjectiveAcquisition {
    /**
     * The log of the expected hypervolume improvement over the observed Pareto front, exact on a
     * box decomposition; for 2 or 3 objectives only (the decomposition grows too fast beyond).
     */
    EHVI,
    /**
     * Random augmented Chebyshev scalarisations (qParEGO-style): each proposal minimises the
     * scalarisation of the objectives' lower confidence bounds under its own weights, drawn
     * uniformly from the simplex; for any number of objectives.
     */
    CHEBYSHEV
}
