/**
 * The sampler SPI ({@link io.paratune.sampler.Sampler}) and the samplers without models of
 * their own: random, grid, quasi-Monte-Carlo and {@link io.paratune.sampler.AutoSampler}, which
 * chooses between the GP and TPE; {@link io.paratune.sampler.FinishedTrialCursor} lets a sampler's
 * per-study state read each finished trial once. The model-based samplers live in the sub-packages.
 * Layer: adapters between the study ({@link io.paratune.StudyView}) and the algorithms.
 */
package io.paratune.sampler;
