/**
 * The GP sampler ({@link io.paratune.sampler.gp.GpSampler}): the initial design ({@code
 * InitialDesign}), the proposals past it ({@code Proposer}), which trials the models learn from
 * ({@code Observations}) and which are pending ({@code Pending}), the model cache and refit policy
 * ({@code Models}), the trust region of large studies ({@code LocalProposals}), the multi-objective
 * and constrained set-up ({@code MultiObjectiveSetup}) and the per-study state ({@code
 * GpStudyState}). Layer: the adapter between studies and {@link io.paratune.bo}.
 */
package io.paratune.sampler.gp;
