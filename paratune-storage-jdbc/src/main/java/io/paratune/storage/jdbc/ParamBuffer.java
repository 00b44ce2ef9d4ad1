package io.paratune.storage.jdbc;

import io.paratune.FrozenTrial;
import io.paratune.TrialAlreadyFinishedException;
import io.paratune.space.Distribution;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Write-behind of the parameters of the RUNNING trials this storage started. A suggested
 * parameter is checked at once (a second value for a name is refused as before) and kept in
 * memory; it reaches the database with the trial's finish, in the same statement, or after {@code
 * delay}, whichever comes first. Every read and every other write of the trial through this storage
 * writes its kept parameters first, so this process always reads its own parameters; other
 * processes see them at most {@code delay} late (or when the trial finishes). So a trial of a few
 * milliseconds costs two statements (start, finish with its parameters) instead of one per
 * parameter more, and nothing finished is ever without its parameters.
 *
 * <p>Trials this storage did not start (enqueued ones it did not claim, trials of other processes)
 * are written at once, as before.
 */
final class ParamBuffer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ParamBuffer.class.getName());

    /** One parameter as stored: internal value, distribution and its JSON. */
    record Param(String name, double value, Distribution distribution, String json) {}

    /** A trial this storage started and has not finished: its parameters so far and those not yet written. */
    private static final class Owned {
        final long studyId;
        final long trialId;
        final int number;
        final Map<String, Param> known = new LinkedHashMap<>();
        final List<Param> pending = new ArrayList<>();
        boolean flushScheduled;

        Owned(long studyId, long trialId, int number) {
            this.studyId = studyId;
            this.trialId = trialId;
            this.number = number;
        }
    }

    private final SqlStorage sql;
    private final Duration delay;
    private final Map<Long, Owned> owned = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private volatile boolean closed;

    /**
     * @param delay the longest a suggested parameter stays in memory only; zero writes every
     *     parameter at once
     */
    ParamBuffer(SqlStorage sql, Duration delay) {
        this.sql = sql;
        this.delay = delay;
        if (delay.isZero()) {
            timer = null;
        } else {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
                Thread thread = new Thread(r, "paratune-param-writer");
                thread.setDaemon(true);
                return thread;
            });
            executor.setRemoveOnCancelPolicy(true);
            executor.prestartCoreThread();
            timer = executor;
        }
    }

    /** Starts keeping the parameters of {@code trial} (of study {@code studyId}), RUNNING and started here. */
    void own(long studyId, FrozenTrial trial) {
        if (delay.isZero() || closed) {
            return;
        }
        Owned o = new Owned(studyId, trial.id(), trial.number());
        trial.distributions()
                .forEach((name, d) ->
                        o.known.put(name, new Param(name, trial.internalParams().get(name), d, null)));
        owned.put(trial.id(), o);
    }

    /**
     * Keeps a parameter of an owned trial.
     *
     * @return false when the trial is not owned; the caller writes the parameter itself
     * @throws IllegalArgumentException if the parameter is already set with another value or range
     */
    boolean add(long trialId, String name, double internalValue, Distribution distribution) {
        Owned o = owned.get(trialId);
        if (o == null) {
            return false;
        }
        synchronized (o) {
            if (owned.get(trialId) != o) {
                return false; // finished meanwhile: the caller's write reports it
            }
            Param old = o.known.get(name);
            if (old != null) {
                if (!old.distribution().sameRange(distribution) || old.value() != internalValue) {
                    throw new IllegalArgumentException("parameter '" + name + "' of trial " + o.number
                            + " is already set from " + old.distribution() + "; a parameter is set once per trial");
                }
                return true;
            }
            Param p = new Param(name, internalValue, distribution, Json.writeDistribution(distribution));
            o.known.put(name, p);
            o.pending.add(p);
            if (!o.flushScheduled) {
                o.flushScheduled = true;
                schedule(trialId);
            }
        }
        return true;
    }

    private void schedule(long trialId) {
        try {
            timer.schedule(() -> flushQuietly(trialId), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            flushQuietly(trialId); // closing: write now
        }
    }

    /** Writes the kept parameters of one trial, if it is owned and has any. */
    void flush(long trialId) {
        Owned o = owned.get(trialId);
        if (o != null) {
            synchronized (o) {
                write(o);
            }
        }
    }

    /** Writes the kept parameters of every owned trial. */
    void flushAll() {
        for (Owned o : owned.values()) {
            synchronized (o) {
                write(o);
            }
        }
    }

    /**
     * Drops the trials of a deleted study: their parameters have nowhere to go, and their finish,
     * if it still comes, fails on the missing trial as it would without the buffer.
     */
    void forgetStudy(long studyId) {
        owned.values().removeIf(o -> o.studyId == studyId);
    }

    /** The number of trials whose parameters are kept (for tests). */
    int ownedTrials() {
        return owned.size();
    }

    private void flushQuietly(long trialId) {
        try {
            flush(trialId);
        } catch (RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "could not write the parameters of trial #" + trialId + " yet; the trial's" + " finish writes them",
                    e);
        }
    }

    /** Writes {@code o}'s pending parameters; the caller holds {@code o}'s lock. */
    private void write(Owned o) {
        o.flushScheduled = false;
        if (o.pending.isEmpty()) {
            return;
        }
        List<Param> batch = List.copyOf(o.pending);
        o.pending.clear();
        try {
            int written = sql.insertParams(o.trialId, batch);
            if (written < batch.size()) {
                // not RUNNING any more (failed by another worker's heartbeat check): its finish says so
                LOG.log(
                        Level.DEBUG,
                        () -> "trial #" + o.trialId + " took " + written + " of " + batch.size()
                                + " parameters; it is no longer RUNNING");
            }
        } catch (RuntimeException e) {
            o.pending.addAll(0, batch); // kept for the next write or the finish
            throw e;
        }
    }

    /**
     * Finishes an owned trial through {@code finish}, handing it the parameters not yet written; the
     * trial is no longer owned afterwards (unless the finish failed for a transient reason).
     */
    FrozenTrial finish(long trialId, java.util.function.Function<List<Param>, FrozenTrial> finish) {
        Owned o = owned.get(trialId);
        if (o == null) {
            return finish.apply(List.of());
        }
        synchronized (o) {
            o.flushScheduled = false;
            List<Param> batch = List.copyOf(o.pending);
            try {
                FrozenTrial done = finish.apply(batch);
                o.pending.clear();
                owned.remove(trialId, o);
                return done;
            } catch (TrialAlreadyFinishedException | IllegalStateException e) {
                o.pending.clear();
                owned.remove(trialId, o);
                throw e;
            } // a StorageException (the database unreachable) keeps them for a later finish
        }
    }

    /** Writes what is kept and stops the timer. */
    @Override
    public void close() {
        closed = true;
        try {
            flushAll();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not write the parameters of running trials while closing", e);
        } finally {
            if (timer != null) {
                timer.shutdownNow();
            }
            owned.clear();
        }
    }
}
