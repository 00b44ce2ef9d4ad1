/**
 * Multi-objective helpers shared by samplers and studies: Pareto ranks and fronts, and exact
 * hypervolumes. Layer: numerics below the samplers, above nothing.
 */
package io.paratune.moo;
