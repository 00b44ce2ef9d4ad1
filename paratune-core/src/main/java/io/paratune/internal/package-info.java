/**
 * Helpers shared by the core packages: argument checks, frozen maps, JSON-like values, the
 * scrambled Sobol sequence, the one seed mixer ({@link io.paratune.internal.Seeds}) and the one
 * implementation of the normal distribution's functions ({@link io.paratune.internal.Normal}). Not
 * part of the public API (left out of the Javadoc); may change in any release.
 */
package io.paratune.internal;
