/**
 * The tree-structured Parzen estimator ({@link io.paratune.sampler.tpe.TpeSampler}), univariate
 * and multivariate, with groups, a constant liar for running trials and MOTPE for several
 * objectives: kernel widths, mixture densities, the ranking of trials and a column store read
 * once per finished trial. Layer: a sampler adapter over its own estimators.
 */
package io.paratune.sampler.tpe;
