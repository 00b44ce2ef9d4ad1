package io.paratune;

import io.paratune.storage.HeartbeatStorage;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

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
    private final Set<Long> running = ConcurrentHashMap.newKeySet();
    private ScheduledFuture<?> task; // guarded by this

    Heartbeats(HeartbeatStorage storage, Clock clock, Duration interval) {
        this.storage = storage;
        this.clock = clock;
        this.interval = interval;
    }

    /** Starts beating for a trial that was just started (its start time counts as the first beat). */
    synchronized void start(long trialId) {
        running.add(trialId);
        if (task == null) {
            long millis = Math.max(1, interval.toMillis());
            task = TIMER.scheduleWithFixedDelay(this::beat, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops beating for a trial (finished, or given up). */
    synchronized void stop(long trialId) {
        running.remove(trialId);
        if (running.isEmpty() && task != null) {
            task.cancel(false);
            task = null;
        }
    }

    private void beat() {
        for (Long id : running) {
            try {
                if (!storage.recordHeartbeat(id, clock.instant())) {
                    LOG.log(Level.WARNING, () -> "trial #" + id + " is no longer RUNNING (failed as stale by"
                            + " another worker?); its heartbeat stops");
                    stop(id);
                }
            } catch (IllegalStateException closed) {
                LOG.log(Level.WARNING, () -> "trial #" + id + ": " + closed.getMessage() + "; its heartbeat stops");
                stop(id);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not record the heartbeat of trial #" + id + "; will try again", e);
            }
        }
    }
}
