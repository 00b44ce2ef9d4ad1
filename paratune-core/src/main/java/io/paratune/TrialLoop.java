package io.paratune;

import io.paratune.execution.DevicePool;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The one trial loop: {@code parallelism} workers each take their devices, start a trial within
 * the {@link TrialBudget}, run it with the {@link TrialRunner} and hand the finished trial to the
 * callbacks, until the budget is spent, the time is up, the sampler is exhausted or the loop is
 * stopped. {@link Study#optimize} runs objectives in this JVM through it; the CLI runs trial
 * processes through it, with a budget that workers in several processes share. Everything shared
 * between loops goes through the storage. Build one with {@link #builder}; run it once.
 */
public final class TrialLoop {
    private static final System.Logger LOG = System.getLogger(TrialLoop.class.getName());
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final Study study;
    private final TrialRunner runner;
    private final TrialBudget budget;
    private final int parallelism;
    private final Duration timeout;
    private final DevicePool devices;
    private final List<StudyCallback> callbacks;
    private final boolean stopOnFailure;
    private final boolean failRunningOnExit;
    private final String threadPrefix;
    private final Set<Long> running = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Object lock = new Object();
    private final BudgetView view = new BudgetView();
    private int busy; // guarded by lock: this loop's trials being started or run
    private long events; // guarded by lock: changes of busy
    private volatile boolean done;
    private volatile boolean exhausted;
    private volatile boolean started;
    private Instant deadline;

    private TrialLoop(Builder b) {
        this.study = b.study;
        this.runner = b.runner;
        this.budget = b.budget != null ? b.budget : TrialBudget.local(b.options.trials());
        this.parallelism = b.options.parallelism();
        this.timeout = b.options.timeout();
        this.devices = b.options.devices();
        this.callbacks = b.options.callbacks();
        this.stopOnFailure = b.options.stopOnFailure();
        this.failRunningOnExit = b.failRunningOnExit;
        this.threadPrefix = b.threadPrefix;
    }

    /**
     * A loop over {@code study}'s trials run by {@code runner}, with the parallelism, timeout,
     * devices, callbacks and stop-on-failure of {@link Builder#options} and, unless {@link
     * Builder#budget} says otherwise, the options' trial count as a local budget.
     */
    public static Builder builder(Study study, TrialRunner runner) {
        return new Builder(study, runner);
    }

    /** Settings of a {@link TrialLoop}. */
    public static final class Builder {
        private final Study study;
        private final TrialRunner runner;
        private TrialBudget budget;
        private OptimizeOptions options = OptimizeOptions.builder().build();
        private boolean failRunningOnExit = true;
        private String threadPrefix;

        private Builder(Study study, TrialRunner runner) {
            this.study = Objects.requireNonNull(study, "study");
            this.runner = Objects.requireNonNull(runner, "runner");
        }

        /** Parallelism, timeout, devices, callbacks, stop on failure and (without a budget) the trial count. */
        public Builder options(OptimizeOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /** Which trials may start; default {@link TrialBudget#local} of the options' trial count. */
        public Builder budget(TrialBudget budget) {
            this.budget = Objects.requireNonNull(budget, "budget");
            return this;
        }

        /**
         * Whether the trials still running are failed when the loop's thread is interrupted or the
         * JVM shuts down (default true). A runner that stops and records its trials itself on
         * {@link TrialRunner#stopRunning} turns it off.
         */
        public Builder failRunningOnExit(boolean failRunningOnExit) {
            this.failRunningOnExit = failRunningOnExit;
            return this;
        }

        /** Names the worker threads {@code prefix0}, {@code prefix1}, ...; default {@code paratune-N-worker-}. */
        public Builder threadNames(String prefix) {
            this.threadPrefix = Objects.requireNonNull(prefix, "prefix");
            return this;
        }

        public TrialLoop build() {
            return new TrialLoop(this);
        }
    }

    /**
     * Runs the loop until its end and returns when every worker recorded its last trial.
     *
     * @throws InterruptedException when the calling thread was interrupted; the workers were
     *     interrupted too and, with {@link Builder#failRunningOnExit}, their trials marked FAIL
     * @throws ObjectiveFailedException when a trial failed and stop on failure is set
     * @throws RuntimeException the first unexpected failure of a worker (a storage failure, ...)
     */
    public void run() throws InterruptedException {
        if (started) {
            throw new IllegalStateException("this TrialLoop ran already; build another");
        }
        started = true;
        deadline = timeout == null ? null : study.clock().instant().plus(timeout);
        int run = RUNS.incrementAndGet();
        String prefix = threadPrefix != null ? threadPrefix : "paratune-" + run + "-worker-";
        AtomicInteger threadIds = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, prefix + threadIds.getAndIncrement());
            t.setDaemon(true);
            return t;
        });
        Thread shutdownHook = new Thread(() -> failRunning("the JVM shut down while the trial was running"));
        boolean hooked = failRunningOnExit && addShutdownHook(shutdownHook);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < parallelism; i++) {
                workers.add(pool.submit(this::workerLoop));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        } catch (InterruptedException e) {
            done = true;
            pool.shutdownNow();
            awaitQuietly(pool);
            if (failRunningOnExit) {
                failRunning("the run was interrupted while the trial was running");
            }
            throw e;
        } catch (ExecutionException e) {
            fatal.compareAndSet(null, e.getCause());
        } finally {
            done = true;
            pool.shutdownNow();
            if (hooked) {
                removeShutdownHook(shutdownHook);
            }
            finished.countDown();
        }
        Throwable failure = fatal.get();
        if (failure instanceof Error err) {
            throw err;
        }
        if (failure != null) {
            throw failure instanceof RuntimeException re ? re : new IllegalStateException(failure);
        }
    }

    /**
     * Stops the loop: no new trial starts, a waiting budget gives up, and the runner is told to
     * stop its running trials ({@link TrialRunner#stopRunning}).
     */
    public void stop() {
        done = true;
        stopping.countDown();
        synchronized (lock) {
            lock.notifyAll();
        }
        runner.stopRunning();
    }

    /** Ends the loop once the running trials finish: no new trial starts (they are not stopped). */
    public void finishRunning() {
        done = true;
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    /** Whether {@link #stop} was called. */
    public boolean stopped() {
        return stopping.getCount() == 0;
    }

    /** Whether the loop ended because the sampler had no point left. */
    public boolean exhausted() {
        return exhausted;
    }

    /** Waits until {@link #run} returned, for up to {@code max}; true when it did. */
    public boolean awaitFinished(Duration max) throws InterruptedException {
        return finished.await(max.toMillis(), TimeUnit.MILLISECONDS);
    }

    private boolean mayStart() {
        if (done || study.stopRequested() || Thread.currentThread().isInterrupted()) {
            return false;
        }
        return deadline == null || study.clock().instant().isBefore(deadline);
    }

    private void workerLoop() {
        while (mayStart()) {
            List<String> held;
            try {
                held = devices.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                if (!mayStart() || !startOne(held)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable t) {
                fatal.compareAndSet(null, t);
                done = true;
                return;
            } finally {
                devices.release(held);
            }
        }
    }

    /**
     * Starts and runs one trial, or waits as the budget says when it allows none now.
     *
     * @return false when this worker has nothing more to do
     */
    private boolean startOne(List<String> held) throws InterruptedException {
        changeBusy(+1);
        Optional<Trial> next;
        try {
            next = budget.start(study, held);
        } catch (SamplerExhaustedException e) {
            LOG.log(Level.INFO, () -> "study '" + study.name() + "' ends: " + e.getMessage());
            exhausted = true;
            done = true;
            changeBusy(-1);
            return false;
        } catch (RuntimeException | Error e) {
            changeBusy(-1);
            throw e;
        }
        if (next.isEmpty()) {
            changeBusy(-1);
            return budget.awaitMore(view);
        }
        Trial trial = next.get();
        running.add(trial.id());
        try {
            FrozenTrial end = runner.run(trial, held);
            return afterTrial(end);
        } catch (TrialAlreadyFinishedException e) {
            LOG.log(Level.WARNING, () -> "trial " + trial.number() + " was finished elsewhere: " + e.getMessage());
            return true;
        } finally {
            running.remove(trial.id());
            changeBusy(-1);
        }
    }

    private void changeBusy(int delta) {
        synchronized (lock) {
            busy += delta;
            events++;
            lock.notifyAll();
        }
    }

    private boolean afterTrial(FrozenTrial finished) {
        Throwable cause = runner instanceof ObjectiveRunner o ? o.takeCause(finished.id()) : null;
        for (StudyCallback callback : callbacks) {
            try {
                callback.afterTrial(study, finished);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "callback failed after trial " + finished.number(), e);
            }
        }
        if (finished.state() == TrialState.FAIL && stopOnFailure) {
            fatal.compareAndSet(
                    null,
                    new ObjectiveFailedException(
                            "trial " + finished.number() + " of study '" + study.name()
                                    + "' failed and stopOnFailure is set: " + finished.failureMessage(),
                            cause));
            done = true;
            return false;
        }
        return true;
    }

    private void failRunning(String message) {
        for (Long id : running) {
            try {
                study.finish(id, TrialState.FAIL, null, message);
            } catch (TrialAlreadyFinishedException ignored) {
                // finished by its worker in the meantime: nothing to do
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not mark trial #" + id + " failed", e);
            }
        }
    }

    /** {@link TrialBudget.Loop} of this loop. */
    private final class BudgetView implements TrialBudget.Loop {
        @Override
        public <T> Optional<T> whenIdle(Supplier<T> check, Duration max) throws InterruptedException {
            synchronized (lock) {
                if (busy == 0) {
                    return Optional.ofNullable(check.get());
                }
                long before = events;
                long until = System.nanoTime() + max.toNanos();
                while (events == before && !ending()) {
                    long left = until - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    TimeUnit.NANOSECONDS.timedWait(lock, Math.min(left, TimeUnit.SECONDS.toNanos(1)));
                }
                return Optional.empty();
            }
        }

        @Override
        public void pause(Duration max) throws InterruptedException {
            stopping.await(max.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public boolean ending() {
            return done || stopped();
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
