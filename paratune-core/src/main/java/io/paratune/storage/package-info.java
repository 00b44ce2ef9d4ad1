/**
 * The storage SPI ({@link io.paratune.storage.Storage}, with heartbeats in {@link
 * io.paratune.storage.HeartbeatStorage}) and the in-memory storage. Everything a study knows goes
 * through it, so threads, processes and machines share one study. Layer: below the study; durable
 * storages live in other modules and run the testkit's {@code StorageContract}.
 */
package io.paratune.storage;
