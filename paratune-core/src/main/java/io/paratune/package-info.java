/**
 * The user API: {@link io.paratune.Study} (create, optimize, ask and tell), {@link
 * io.paratune.Trial} and {@link io.paratune.FrozenTrial}, the one trial loop ({@link
 * io.paratune.TrialLoop} with its seams {@link io.paratune.TrialRunner} and {@link
 * io.paratune.TrialBudget}), retries and the keys Paratune stores on trials ({@link
 * io.paratune.SystemAttributes}). Layer: the top of the core; it uses every other core package.
 */
package io.paratune;
