/**
 * What every storage, sampler and pruner must do, as JUnit 5 suites to extend ({@link
 * io.paratune.testkit.StorageContract}, {@link io.paratune.testkit.SamplerContract}, {@link
 * io.paratune.testkit.PrunerContract}), with a manual clock and the shared test objectives. For
 * Paratune's own modules and third-party implementations alike.
 */
package io.paratune.testkit;
