/**
 * CMA-ES as an ask/tell sampler ({@link io.paratune.sampler.cmaes.CmaEsSampler}): the
 * evolution strategy itself, with restarts (IPOP, BIPOP), sep-CMA-ES, margins for integers and
 * warm starts, and the per-study state rebuilt from stored trials. Layer: a sampler adapter over its
 * own algorithm.
 */
package io.paratune.sampler.cmaes;
