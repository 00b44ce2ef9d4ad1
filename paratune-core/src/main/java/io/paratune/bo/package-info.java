/**
 * Bayesian optimisation's numerics, in four layers: the <b>model</b> (a Gaussian process with a
 * Matérn-5/2 kernel and its marginal likelihood: {@link io.paratune.bo.GaussianProcess}), its
 * <b>posterior</b> at candidate points with pending points conditioned on, the <b>acquisition</b>
 * functions (log EI, UCB, Monte-Carlo q-EI, EHVI and their joint forms) and their
 * <b>optimisation</b> (scrambled Sobol candidates refined by bounded L-BFGS: {@link
 * io.paratune.bo.AcquisitionOptimizer}). Knows nothing of studies or trials: the GP sampler adapts
 * it.
 */
package io.paratune.bo;
