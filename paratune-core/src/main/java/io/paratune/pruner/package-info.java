/**
 * Pruners: decide from a trial's intermediate values, and the stored state of the others,
 * whether it stops early ({@link io.paratune.pruner.Pruners} builds the built-in ones). Layer: beside
 * the samplers, used by the study.
 */
package io.paratune.pruner;
