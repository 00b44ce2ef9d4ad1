package io.paratune;

import io.paratune.storage.HeartbeatStorage;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Records a heartbeat every {@code interval} for each trial a {@link Study} object started and has
 * not finished, on one daemon thread shared by all studies of the JVM. A study with no running
 * trials schedules nothing.
 */
final class Heartbeats {
    private static final System.Logger LOG = System.getLogger(Heartbeats.class.getName());
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "paratune-heartbeat");
        t.setDaemon(true);
        return t;
    });

    private final HeartbeatStorage storage;
    private final Clock clock;
    private final Duration interval;
    /** Each trial beating, with the time of the latest heartbeat written for it (its start at first). */
    private final Map<Long, Instant> running = new ConcurrentHashMap<>();
    /** Read-held by each heartbeat write, write-held while stale trials are reaped. */
    private final ReentrantReadWriteLock writing = new ReentrantReadWriteLock();
    /** Trials this study is finishing now: a heartbeat that finds one finished is no news. */
    private final java.util.Set<Long> finishing = ConcurrentHashMap.newKeySet();

    private ScheduledFuture<?> task; // guarded by this

    Heartbeats(HeartbeatStorage storage, Clock clock, Duration interval) {
        this.storage = storage;
        this.clock = clock;
        this.interval = interval;
    }

    /** Starts beating for a trial that was just started (its start time counts as the first beat). */
    synchronized void start(long trialId) {
        running.put(trialId, clock.instant());
        if (task == null) {
            long millis = Math.max(1, interval.toMillis());
            task = TIMER.scheduleWithFixedDelay(this::beat, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    /** Notes that the trial is being finished, so that a heartbeat finding it finished says nothing. */
    void finishing(long trialId) {
        if (running.containsKey(trialId)) {
            finishing.add(trialId);
        }
    }

    /** Stops beating for a trial (finished, or given up). */
    synchronized void stop(long trialId) {
        running.remove(trialId);
        finishing.remove(trialId);
        if (running.isEmpty() && task != null) {
            task.cancel(false);
            task = null;
        }
    }

    /**
     * Reaps stale trials ({@code reaping}) after renewing the heartbeat of each trial beating here
     * whose latest written heartbeat is older than {@code renewBefore}. While the storage was
     * unreachable no heartbeat was written, and one held up by the outage lands late with the time
     * it was due; without the renewal the first reaping after an outage would fail trials this
     * process still runs. Heartbeats in flight land before the renewal, none during the reaping.
     */
    <T> T renewingStale(Instant renewBefore, Supplier<T> reaping) {
        writing.writeLock().lock();
        try {
            Instant now = clock.instant();
            for (Map.Entry<Long, Instant> e : running.entrySet()) {
                if (e.getValue().isBefore(renewBefore)) {
                    record(e.getKey(), now);
                }
            }
            return reaping.get();
        } finally {
            writing.writeLock().unlock();
        }
    }

    private void beat() {
        for (Long id : running.keySet()) {
            writing.readLock().lock();
            try {
                record(id, clock.instant());
            } catch (IllegalStateException closed) {
                LOG.log(Level.WARNING, () -> "trial #" + id + ": " + closed.getMessage() + "; its heartbeat stops");
                stop(id);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not record the heartbeat of trial #" + id + "; will try again", e);
            } finally {
                writing.readLock().unlock();
            }
        }
    }

    /** Writes a heartbeat at {@code now}, never before the latest one written for the trial. */
    private void record(long trialId, Instant now) {
        Instant last = running.get(trialId);
        if (last == null) {
            return; // finished meanwhile
        }
        Instant at = last.isAfter(now) ? last : now;
        if (!storage.recordHeartbeat(trialId, at)) {
            // finished here (being finished, or already stopped while this heartbeat was written) is
            // no news; otherwise another worker took it for dead
            if (!finishing.contains(trialId) && running.containsKey(trialId)) {
                LOG.log(
                        Level.WARNING,
                        () -> "trial #" + trialId + " is no longer RUNNING (failed as stale by"
                                + " another worker?); its heartbeat stops");
            }
            stop(trialId);
            return;
        }
        running.computeIfPresent(trialId, (id, was) -> was.isAfter(at) ? was : at);
    }
}
