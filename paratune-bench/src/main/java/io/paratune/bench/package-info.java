/**
 * {@code paratune-bench}: the benchmark commands behind docs/benchmarks.md (overhead, quality on
 * the shared protocols, time per ask, storage throughput, the large protocol, early stopping,
 * hypervolume, real models) and their peers' result formats. Layer: an application; not shipped
 * with the library.
 */
package io.paratune.bench;
