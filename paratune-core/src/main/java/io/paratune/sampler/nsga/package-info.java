/**
 * NSGA-II and NSGA-III as a sampler ({@link io.paratune.sampler.nsga.NsgaIISampler}):
 * generations kept on trials, non-dominated sorting with crowding or reference points, SBX and
 * polynomial mutation. Layer: a sampler adapter over its own algorithm.
 */
package io.paratune.sampler.nsga;
