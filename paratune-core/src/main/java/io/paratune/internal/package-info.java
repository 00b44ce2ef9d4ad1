/**
 * Helpers shared by the core packages: argument checks, frozen maps, JSON-like values, the
 * scrambled Sobol sequence and the one seed mixer ({@link io.paratune.internal.Seeds}). Not part of
 * the public API (left out of the Javadoc); may change in any release.
 */
package io.paratune.internal;
