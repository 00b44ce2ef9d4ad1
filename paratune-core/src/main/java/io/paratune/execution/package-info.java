/**
 * Local execution resources: the {@link io.paratune.execution.DevicePool} that hands each running
 * trial its own devices (GPUs). Layer: used by the trial loop.
 */
package io.paratune.execution;
