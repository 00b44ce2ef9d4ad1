package io.paratune.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stops the whole process tree of one trial's command, including the processes the command started
 * and left running when it exited (a {@code server &} in a script).
 *
 * <p>The command's descendants are noted every {@link #TREE_POLL_MILLIS} ms while it runs, since
 * once it has exited they are no longer its descendants. One started and orphaned between two looks
 * is found by the trial's {@code PARATUNE_LOG} in its environment when it keeps the reader waiting
 * for the command's output (Java closes the output itself at the exit unless a read is under way);
 * else it escapes.
 */
final class ProcessTree {
    /** How often the command's descendants are noted while it runs. */
    static final long TREE_POLL_MILLIS = 500;

    private final Duration killGrace;
    /** The trial's {@code PARATUNE_LOG}, which marks the processes it started; may be null. */
    private final String mark;
    /** Every descendant of the command seen while it ran. */
    private final java.util.Set<ProcessHandle> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private volatile Process process;
    /** When the command started, in clock ticks since boot ({@link #startTicks}), or -1. */
    private volatile long commandStart = -1;

    /**
     * @param killGrace how long a stopped process may take to exit before it is killed
     * @param mark the trial's {@code PARATUNE_LOG}, or null
     */
    ProcessTree(Duration killGrace, String mark) {
        this.killGrace = killGrace;
        this.mark = mark;
    }

    /** Takes the command's process, just started, as the root of the tree. */
    void started(Process command) {
        process = command;
        commandStart = startTicks(command.pid());
    }

    /** Whether the command has been started. */
    boolean isStarted() {
        return process != null;
    }

    /** Notes the command's descendants until it exits or this thread is interrupted. */
    void noteDescendants() {
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

    /**
     * Stops the processes started since the command whose environment holds this trial's {@code
     * PARATUNE_LOG} (Linux {@code /proc}): descendants of the command that left its tree. Reading
     * each environment is cheap (a few ms for a hundred processes); asking each its start time
     * through {@link ProcessHandle#info()} is not.
     */
    void stopEscaped() {
        long since = commandStart;
        if (mark == null || since < 0) {
            return;
        }
        byte[] entry = ("PARATUNE_LOG=" + mark).getBytes(StandardCharsets.UTF_8);
        long self = ProcessHandle.current().pid();
        List<ProcessHandle> escaped = new ArrayList<>();
        try (java.nio.file.DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"))) {
            for (Path proc : procs) {
                String name = proc.getFileName().toString();
                if (name.isEmpty() || !name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long pid = Long.parseLong(name);
                if (pid != self && pid != process.pid() && environmentHolds(pid, entry) && startTicks(pid) >= since) {
                    ProcessHandle.of(pid).ifPresent(escaped::add);
                }
            }
        } catch (IOException | RuntimeException noProc) {
            // no /proc (not Linux): escaped processes cannot be found
        }
        if (!escaped.isEmpty()) {
            seen.addAll(escaped);
            terminate(escaped);
        }
    }

    /**
     * When a process started, in clock ticks since boot ({@code /proc/PID/stat}, field 22), or -1
     * when it cannot be read. Precise and on one clock for all processes, unlike the wall-clock
     * instants {@link ProcessHandle.Info#startInstant()} derives from it.
     */
    static long startTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.ISO_8859_1);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[19]); // fields from the third (state) on
        } catch (IOException | RuntimeException unreadable) {
            return -1;
        }
    }

    private static boolean environmentHolds(long pid, byte[] entry) {
        byte[] env;
        try {
            env = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
        } catch (IOException | RuntimeException unreadable) {
            return false;
        }
        outer:
        for (int start = 0; start + entry.length <= env.length; ) {
            int end = start;
            while (end < env.length && env[end] != 0) {
                end++;
            }
            if (end - start == entry.length) {
                for (int i = 0; i < entry.length; i++) {
                    if (env[start + i] != entry[i]) {
                        start = end + 1;
                        continue outer;
                    }
                }
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    /** Stops the descendants noted while the command ran that outlived it, as {@link #stop()} does. */
    void stopLeftovers() {
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
     * Stops the command and all its descendants: SIGTERM now, SIGKILL to whatever is left after the
     * kill grace period (each gets the whole period, even when the command itself exits at once).
     * Returns at once; does nothing before the command is started.
     */
    void stop() {
        Process p = process;
        if (p == null) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>();
        // the command first: a shell whose child dies first may exit before it sees its own signal
        tree.add(p.toHandle());
        p.toHandle().descendants().forEach(tree::add);
        seen.addAll(tree.subList(1, tree.size()));
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
        Thread killer = new Thread(
                () -> {
                    try {
                        java.util.concurrent.CompletableFuture.allOf(tree.stream()
                                        .map(ProcessHandle::onExit)
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
                },
                "paratune-trial-killer");
        killer.setDaemon(true);
        killer.start();
    }
}
