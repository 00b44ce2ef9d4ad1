package io.paratune.cli;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Writes what a trial process reports while it runs (intermediate values, user attributes) to the
 * storage on a thread of its own, in the order printed, so that reading the process's output never
 * waits for the database. While the storage is unreachable ({@link Outages}) the reports are kept, up
 * to {@link #CAPACITY}, and written once it is back; the pruner is asked only after the latest kept
 * value is written, so its decision waits for the storage. After {@link Outages#PATIENCE} without
 * the storage, the reports still kept are given up (the trial's log has every line).
 */
final class Recorder {
    /** The most reports kept while the storage is unreachable; later ones are dropped and counted. */
    static final int CAPACITY = 10_000;

    /** Where reports go; each call may block while the storage retries, and may throw. */
    interface Sink {
        void report(int step, double value);

        void setAttribute(String key, Object value);

        /** Whether the pruner says the trial should stop now. */
        boolean shouldPrune();
    }

    private sealed interface Event permits StepEvent, AttributeEvent {}

    private record StepEvent(int step, double value) implements Event {}

    private record AttributeEvent(String key, Object value) implements Event {}

    private final Sink sink;
    private final Duration patience;
    private final Runnable prune;
    private final Consumer<String> fail;
    private final Consumer<String> note;
    private final ArrayDeque<Event> queue = new ArrayDeque<>(); // guarded by this
    private int dropped; // guarded by this
    private boolean closed; // guarded by this
    private boolean gaveUp; // guarded by this
    private Thread thread; // guarded by this
    private volatile boolean askPruner = true;
    private volatile boolean abandoned;

    /**
     * @param prune called when the pruner says stop
     * @param fail called with the reason when a report fails for another cause than an outage (the
     *     trial fails); nothing more is written then
     * @param note called with what the user should know (an outage began or ended, reports given up)
     */
    Recorder(Sink sink, Duration patience, Runnable prune, Consumer<String> fail, Consumer<String> note) {
        this.sink = sink;
        this.patience = patience;
        this.prune = prune;
        this.fail = fail;
        this.note = note;
    }

    /** Keeps an intermediate value for writing; returns at once. */
    void step(int step, double value) {
        offer(new StepEvent(step, value));
    }

    /** Keeps a user attribute for writing; returns at once. */
    void attribute(String key, Object value) {
        offer(new AttributeEvent(key, value));
    }

    private synchronized void offer(Event e) {
        if (closed || gaveUp || queue.size() >= CAPACITY) {
            dropped++;
            return;
        }
        queue.addLast(e);
        if (thread == null) {
            thread = new Thread(this::run, "paratune-trial-recorder");
            thread.setDaemon(true);
            thread.start();
        }
        notifyAll();
    }

    /** The process has ended: the pruner is not asked again. */
    void processEnded() {
        askPruner = false;
    }

    /**
     * No more reports come: waits until the kept ones are written, at most {@code max}, then
     * abandons the rest.
     *
     * @return how many reports were not written (dropped, given up or abandoned)
     */
    int close(Duration max) throws InterruptedException {
        askPruner = false;
        Thread t;
        synchronized (this) {
            closed = true;
            notifyAll();
            t = thread;
        }
        if (t != null) {
            t.join(Math.max(1, max.toMillis()));
            if (t.isAlive()) {
                abandoned = true;
                t.interrupt();
            }
        }
        synchronized (this) {
            return dropped + queue.size();
        }
    }

    private void run() {
        while (true) {
            Event e;
            synchronized (this) {
                while (queue.isEmpty() && !closed && !abandoned) {
                    try {
                        wait();
                    } catch (InterruptedException stop) {
                        return;
                    }
                }
                if (queue.isEmpty() || abandoned) {
                    return;
                }
                e = queue.peekFirst();
            }
            if (!write(e)) {
                return;
            }
            boolean latest;
            synchronized (this) {
                queue.pollFirst();
                latest = queue.isEmpty();
            }
            if (e instanceof StepEvent && latest && askPruner && !abandoned) {
                try {
                    if (sink.shouldPrune() && askPruner) {
                        prune.run();
                    }
                } catch (RuntimeException x) {
                    if (!Outages.isOutage(x)) {
                        fail.accept("asking the pruner failed: " + x.getMessage());
                        return;
                    } // the storage is away: the pruner is asked after the next value
                }
            }
        }
    }

    /** Writes one report, trying again while the storage is unreachable; false when it gave up. */
    private boolean write(Event e) {
        long outageSince = 0;
        int attempt = 0;
        while (!abandoned) {
            try {
                if (e instanceof StepEvent s) {
                    sink.report(s.step(), s.value());
                } else if (e instanceof AttributeEvent a) {
                    sink.setAttribute(a.key(), a.value());
                }
                if (attempt > 0) {
                    note.accept("the storage is back; the reports kept meanwhile are being written");
                }
                return true;
            } catch (RuntimeException x) {
                if (!Outages.isOutage(x)) {
                    if (e instanceof StepEvent s) {
                        fail.accept("recording step " + s.step() + " failed: " + x.getMessage());
                        return false;
                    }
                    note.accept("attribute '" + ((AttributeEvent) e).key() + "' was not recorded: " + x.getMessage());
                    return true;
                }
                long now = System.nanoTime();
                if (attempt == 0) {
                    outageSince = now;
                    note.accept("the storage is unreachable (" + firstLine(x.getMessage()) + "); the trial's reports"
                            + " are kept and written when it is back (for up to " + Durations.format(patience) + ")");
                }
                if (now - outageSince >= patience.toNanos()) {
                    synchronized (this) {
                        gaveUp = true;
                        dropped += queue.size();
                        queue.clear();
                    }
                    note.accept(
                            "the storage stayed unreachable for " + Durations.format(patience) + "; the trial's"
                                    + " intermediate values and attributes not yet written are given up (they are in this log)");
                    return false;
                }
                attempt++;
                try {
                    TimeUnit.MILLISECONDS.sleep(Outages.backoffMillis(attempt));
                } catch (InterruptedException stop) {
                    return false;
                }
            }
        }
        return false;
    }

    static String firstLine(String message) {
        String m = String.valueOf(message);
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
