/**
 * Durable storage on a SQLite file (the embedded default) or PostgreSQL (many machines): {@link
 * io.paratune.storage.jdbc.JdbcStorage} opens a storage URL, migrates the schema (Flyway), pools
 * connections (HikariCP) and keeps heartbeats. Layer: an implementation of the core's storage SPI.
 */
package io.paratune.storage.jdbc;
