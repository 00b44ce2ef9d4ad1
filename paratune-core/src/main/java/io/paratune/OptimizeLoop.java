package io.paratune;

import io.paratune.execution.DevicePool;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One run of {@link Study#optimize}: {@code parallelism} workers each loop ask, evaluate, tell
 * until the trial budget, the timeout, a stop request or an exhausted sampler ends the run. The
 * same loop serves one thread and many; everything shared goes through the storage.
 */
final class OptimizeLoop {
    private static final System.Logger LOG = System.getLogger(OptimizeLoop.class.getName());
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final Study study;
    private final MultiObjective objective;
    private final OptimizeOptions options;
    private final AtomicInteger budget;
    private final Instant deadline;
    private final Set<Long> active = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();
    private volatile boolean done;

    OptimizeLoop(Study study, MultiObjective objective, OptimizeOptions options) {
        this.study = study;
        this.objective = objective;
        this.options = options;
        this.budget = new AtomicInteger(options.trials() == 0 ? Integer.MAX_VALUE : options.trials());
        this.deadline = options.timeout() == null ? null : study.clock().instant().plus(options.timeout());
    }

    void run() {
        study.clearStopRequest();
        int run = RUNS.incrementAndGet();
        AtomicInteger threadIds = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(options.parallelism(), r -> {
            Thread t = new Thread(r, "paratune-" + run + "-worker-" + threadIds.getAndIncrement());
            t.setDaemon(true);
            return t;
        });
        Thread shutdownHook = new Thread(() -> failActive("the JVM shut down while the trial was running"));
        boolean hooked = addShutdownHook(shutdownHook);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < options.parallelism(); i++) {
                workers.add(pool.submit(this::workerLoop));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        } catch (InterruptedException e) {
            done = true;
            pool.shutdownNow();
            awaitQuietly(pool);
            failActive("optimize was interrupted while the trial was running");
            Thread.currentThread().interrupt();
            throw new StudyInterruptedException("optimize of study '" + study.name() + "' was interrupted;"
                    + " its running trials were marked FAIL");
        } catch (ExecutionException e) {
            fatal.compareAndSet(null, e.getCause());
        } finally {
            done = true;
            pool.shutdownNow();
            if (hooked) {
                removeShutdownHook(shutdownHook);
            }
        }
        Throwable failure = fatal.get();
        if (failure instanceof ObjectiveFailedException ofe) {
            throw ofe;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        if (failure != null) {
            throw failure instanceof RuntimeException re ? re : new IllegalStateException(failure);
        }
    }

    private boolean mayStartAnother() {
        if (done || study.stopRequested() || Thread.currentThread().isInterrupted()) {
            return false;
        }
        if (deadline != null && !study.clock().instant().isBefore(deadline)) {
            return false;
        }
        return budget.getAndDecrement() > 0;
    }

    private void workerLoop() {
        DevicePool devices = options.devices();
        while (mayStartAnother()) {
            List<String> held;
            try {
                held = devices.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                if (!runOne(held)) {
                    done = true;
                }
            } catch (Throwable t) {
                fatal.compareAndSet(null, t);
                done = true;
            } finally {
                devices.release(held);
            }
        }
    }

    /** Runs one trial; false when the study should end (exhausted sampler or stop on failure). */
    private boolean runOne(List<String> devices) {
        Trial trial;
        try {
            trial = study.ask(devices);
        } catch (SamplerExhaustedException e) {
            LOG.log(Level.INFO, () -> "study '" + study.name() + "' ends: " + e.getMessage());
            return false;
        }
        active.add(trial.id());
        try {
            double[] values;
            try {
                values = objective.evaluate(trial);
            } catch (TrialPrunedException e) {
                return afterTrial(study.finish(trial.id(), TrialState.PRUNED, null, null), null);
            } catch (Throwable e) {
                FrozenTrial failed = study.finish(trial.id(), TrialState.FAIL, null, e.toString());
                if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
                    throw (VirtualMachineError) e;
                }
                return afterTrial(failed, e);
            }
            return afterTrial(study.finish(trial.id(), TrialState.COMPLETE, values, null), null);
        } catch (TrialAlreadyFinishedException e) {
            LOG.log(Level.WARNING, () -> "trial " + trial.number() + " was finished elsewhere: " + e.getMessage());
            return true;
        } finally {
            active.remove(trial.id());
        }
    }

    private boolean afterTrial(FrozenTrial finished, Throwable cause) {
        for (StudyCallback callback : options.callbacks()) {
            try {
                callback.afterTrial(study, finished);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "callback failed after trial " + finished.number(), e);
            }
        }
        if (finished.state() == TrialState.FAIL && options.stopOnFailure()) {
            fatal.compareAndSet(null, new ObjectiveFailedException("trial " + finished.number() + " of study '"
                    + study.name() + "' failed and stopOnFailure is set: " + finished.failureMessage(), cause));
            return false;
        }
        return true;
    }

    private void failActive(String message) {
        for (Long id : active) {
            try {
                study.finish(id, TrialState.FAIL, null, message);
            } catch (TrialAlreadyFinishedException ignored) {
                // finished by its worker in the meantime: nothing to do
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not mark trial #" + id + " failed", e);
            }
        }
    }

    private static void awaitQuietly(ExecutorService pool) {
        try {
            pool.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean addShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().addShutdownHook(hook);
            return true;
        } catch (IllegalStateException | SecurityException e) {
            return false;
        }
    }

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down; the hook is running or has run
        }
    }
}
