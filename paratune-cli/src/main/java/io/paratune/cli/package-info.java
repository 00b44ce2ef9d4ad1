/**
 * The {@code paratune} command: YAML study files (validated with one message per mistake), the
 * trial runner for subprocesses with GPU slots and the shared {@code trials:} budget (both plugged
 * into core's trial loop), workers on a shared database, and the verbs create, ask, tell, enqueue,
 * studies, best and export. Layer: an application over the core and the JDBC storage.
 */
package io.paratune.cli;
