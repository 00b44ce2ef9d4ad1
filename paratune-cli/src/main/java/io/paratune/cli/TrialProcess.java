package io.paratune.cli;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One run of the objective command for one trial: starts the process, keeps its output (stdout and
 * stderr together) in the trial's log file, reads the {@link OutputProtocol} from it, and stops the
 * whole process tree when the trial is pruned, times out or the run is interrupted. Processes the
 * command started and left running when it exited (a {@code server &} in a script) are stopped too:
 * its descendants are noted every {@link #TREE_POLL_MILLIS} ms while it runs, since once it has
 * exited they are no longer its descendants; one started and orphaned between two looks escapes.
 */
final class TrialProcess {
    private static final int TAIL_LINES = 10;
    /** How often the command's descendants are noted while it runs. */
    static final long TREE_POLL_MILLIS = 500;

    /** How an attempt ended. */
    enum Kind { COMPLETE, PRUNED, FAILED, INTERRUPTED }

    /**
     * The end of an attempt.
     *
     * @param values the result for COMPLETE, else null
     * @param message why it failed, or null
     */
    record Outcome(Kind kind, double[] values, String message) {}

    /** Receives each intermediate value; returns true when the trial should stop (pruned). */
    @FunctionalInterface
    interface StepListener {
        boolean onStep(int step, double value);
    }

    private final List<String> argv;
    private final Path workdir;
    private final Map<String, String> env;
    private final Path log;
    private final OutputProtocol protocol;
    private final Duration timeout;
    private final Duration killGrace;
    private final StepListener listener;
    private final CountDownLatch interrupted;
    private final ArrayDeque<String> tail = new ArrayDeque<>();
    /** Every descendant of the command seen while it ran. */
    private final java.util.Set<ProcessHandle> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile Process process;
    private volatile boolean pruned;
    private volatile OutputProtocol.Result result;
    private volatile OutputProtocol.Invalid invalid;
    private volatile String listenerFailure;

    /**
     * @param interrupted counted down when the whole run is being stopped (Ctrl-C)
     */
    TrialProcess(List<String> argv, Path workdir, Map<String, String> env, Path log, OutputProtocol protocol,
            Duration timeout, Duration killGrace, StepListener listener, CountDownLatch interrupted) {
        this.argv = List.copyOf(argv);
        this.workdir = workdir;
        this.env = env;
        this.log = log;
        this.protocol = protocol;
        this.timeout = timeout;
        this.killGrace = killGrace;
        this.listener = listener;
        this.interrupted = interrupted;
    }

    /** Runs the attempt to its end. */
    Outcome run(String header) throws InterruptedException {
        BufferedWriter out;
        try {
            Files.createDirectories(log.getParent());
            out = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
            out.write(header);
            out.newLine();
            out.flush();
        } catch (IOException e) {
            return new Outcome(Kind.FAILED, null, "cannot write the trial log " + log + ": " + e.getMessage());
        }
        ProcessBuilder pb = new ProcessBuilder(argv).directory(workdir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(env);
        try {
            process = pb.start();
        } catch (IOException e) {
            closeQuietly(out);
            return new Outcome(Kind.FAILED, null, "could not start " + argv.get(0) + ": " + e.getMessage());
        }
        if (interrupted.getCount() == 0) {
            stop();
        }
        Thread reader = new Thread(() -> pump(out), "paratune-trial-output");
        reader.setDaemon(true);
        reader.start();
        Thread watcher = new Thread(this::noteDescendants, "paratune-trial-tree");
        watcher.setDaemon(true);
        watcher.start();
        boolean timedOut = false;
        if (timeout == null) {
            process.waitFor();
        } else if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            timedOut = true;
            stop();
            process.waitFor();
        }
        watcher.interrupt();
        stopLeftovers();
        reader.join(killGrace.toMillis() + 2000);
        closeQuietly(out);
        int code = process.exitValue();
        if (interrupted.getCount() == 0 || (code > 128 && interrupted.await(1, TimeUnit.SECONDS))) {
            return new Outcome(Kind.INTERRUPTED, null, "paratune was stopped while the trial ran");
        }
        if (listenerFailure != null) {
            return new Outcome(Kind.FAILED, null, listenerFailure);
        }
        if (pruned) {
            return new Outcome(Kind.PRUNED, null, null);
        }
        if (timedOut) {
            return new Outcome(Kind.FAILED, null, "timed out after " + Durations.format(timeout)
                    + " (trial_timeout) and was stopped; log " + log + tailText());
        }
        if (code != 0) {
            return new Outcome(Kind.FAILED, null, "exited with code " + code + "; log " + log + tailText());
        }
        if (result == null) {
            String why = invalid != null ? "its last protocol line was unreadable: " + invalid.message()
                    : "it printed no result";
            return new Outcome(Kind.FAILED, null, why + "; print 'paratune: value=<number>' or a JSON line such"
                    + " as {\"loss\": 0.12} as its last result; log " + log + tailText());
        }
        return new Outcome(Kind.COMPLETE, result.values(), null);
    }

    private String tailText() {
        synchronized (tail) {
            return tail.isEmpty() ? "" : "; last lines:\n" + String.join("\n", tail);
        }
    }

    private void pump(BufferedWriter out) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line);
                out.newLine();
                out.flush();
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > TAIL_LINES) {
                        tail.removeFirst();
                    }
                }
                handle(protocol.parse(line));
            }
        } catch (IOException e) {
            // the process is gone; what it wrote so far is in the log
        }
    }

    private void handle(OutputProtocol.Line parsed) {
        if (parsed instanceof OutputProtocol.Step s && !pruned) {
            try {
                if (listener.onStep(s.step(), s.value())) {
                    pruned = true;
                    stop();
                }
            } catch (RuntimeException e) {
                listenerFailure = "recording step " + s.step() + " failed: " + e.getMessage();
                stop();
            }
        } else if (parsed instanceof OutputProtocol.Result r) {
            result = r;
        } else if (parsed instanceof OutputProtocol.Invalid i) {
            invalid = i;
        }
    }

    /** Notes the command's descendants until it exits or this thread is interrupted. */
    private void noteDescendants() {
        Process p = process;
        while (true) {
            p.toHandle().descendants().forEach(seen::add);
            try {
                p.onExit().get(TREE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                return;
            } catch (java.util.concurrent.TimeoutException stillRunning) {
                // look again
            } catch (InterruptedException | java.util.concurrent.ExecutionException done) {
                return;
            }
        }
    }

    /** Stops the descendants noted while the command ran that outlived it, as {@link #stop()} does. */
    private void stopLeftovers() {
        List<ProcessHandle> left = new ArrayList<>();
        for (ProcessHandle h : seen) {
            if (h.isAlive()) {
                left.add(h);
            }
        }
        if (!left.isEmpty()) {
            terminate(left);
        }
    }

    /**
     * Stops the process and all its descendants: SIGTERM now, SIGKILL to whatever is left after the
     * kill grace period (each gets the whole period, even when the command itself exits at once).
     * Returns at once; safe to call from any thread, more than once.
     */
    void stop() {
        Process p = process;
        if (p == null) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>();
        p.toHandle().descendants().forEach(tree::add);
        seen.addAll(tree);
        tree.add(p.toHandle());
        terminate(tree);
    }

    /**
     * SIGTERM to every process of {@code tree} now, SIGKILL to those still alive once the kill grace
     * period has passed (returns at once; the wait runs on its own thread).
     */
    private void terminate(List<ProcessHandle> tree) {
        for (ProcessHandle h : tree) {
            h.destroy();
        }
        Thread killer = new Thread(() -> {
            try {
                java.util.concurrent.CompletableFuture.allOf(tree.stream().map(ProcessHandle::onExit)
                        .toArray(java.util.concurrent.CompletableFuture[]::new))
                        .get(killGrace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception stillAlive) {
                // fall through to SIGKILL
            }
            for (ProcessHandle h : tree) {
                if (h.isAlive()) {
                    h.destroyForcibly();
                }
            }
        }, "paratune-trial-killer");
        killer.setDaemon(true);
        killer.start();
    }

    private static void closeQuietly(BufferedWriter out) {
        try {
            out.close();
        } catch (IOException ignored) {
            // nothing more to keep
        }
    }
}
