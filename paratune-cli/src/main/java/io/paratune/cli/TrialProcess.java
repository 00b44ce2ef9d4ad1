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
 * exited they are no longer its descendants. One started and orphaned between two looks is found
 * by the trial's {@code PARATUNE_LOG} in its environment when it keeps the reader waiting for the
 * command's output (Java closes the output itself at the exit unless a read is under way); else it
 * escapes.
 *
 * <p>What the process reports goes to the storage through a {@link Recorder}, never from the thread
 * that reads its output, so a storage that is unreachable for a while delays the records but loses
 * nothing the process printed. A process that paratune stops ends the attempt as soon as it exits.
 */
final class TrialProcess {
    private static final int TAIL_LINES = 10;
    /** How often the command's descendants are noted while it runs. */
    static final long TREE_POLL_MILLIS = 500;
    /**
     * How long an attempt whose process died of SIGHUP, SIGINT, SIGQUIT or SIGTERM that paratune did
     * not send waits to learn whether paratune itself is being stopped: Ctrl-C in a terminal
     * signals the trial processes and paratune at the same moment.
     */
    static final long SIGNAL_WAIT_MILLIS = 500;
    /**
     * How long the output of an exited process is read before processes that escaped its tree but
     * hold its output are looked for and stopped.
     */
    static final long DRAIN_MILLIS = 10;

    /** How an attempt ended. */
    enum Kind {
        COMPLETE,
        PRUNED,
        FAILED,
        INTERRUPTED
    }

    /**
     * The end of an attempt.
     *
     * @param values the result for COMPLETE, else null
     * @param message why it failed (one line, without the log's path), or null
     * @param tail the last lines of the log, one per line, for a failure; may be empty
     */
    record Outcome(Kind kind, double[] values, String message, String tail) {
        Outcome(Kind kind, double[] values, String message) {
            this(kind, values, message, "");
        }
    }

    /** Receives what the process reports: the storage calls of {@link Recorder.Sink}, and these at once. */
    interface Listener extends Recorder.Sink {
        /** An intermediate value as the process printed it; called on the reading thread, must not block. */
        void printed(int step, double value);

        /** Something the user should know now (the storage went away or came back). */
        void notice(String message);
    }

    private final List<String> argv;
    private final Path workdir;
    private final Map<String, String> env;
    private final Path log;
    private final OutputProtocol protocol;
    private final Duration timeout;
    private final Duration killGrace;
    private final Listener listener;
    private final Duration patience;
    private final CountDownLatch interrupted;
    private final ArrayDeque<String> tail = new ArrayDeque<>();
    /** Every descendant of the command seen while it ran. */
    private final java.util.Set<ProcessHandle> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private volatile Process process;
    private volatile boolean pruned;
    private volatile boolean stopRequested;
    private volatile OutputProtocol.Result result;
    /** The last line that explains a missing result: an {@link OutputProtocol.Invalid} or {@link OutputProtocol.OtherJson}. */
    private volatile OutputProtocol.Line problem;

    private volatile String listenerFailure;
    /** When the command started, in clock ticks since boot ({@link #startTicks}), or -1. */
    private volatile long commandStart = -1;

    /**
     * @param interrupted counted down when the whole run is being stopped (Ctrl-C)
     * @param patience how long reports are kept while the storage is unreachable ({@link Recorder})
     */
    TrialProcess(
            List<String> argv,
            Path workdir,
            Map<String, String> env,
            Path log,
            OutputProtocol protocol,
            Duration timeout,
            Duration killGrace,
            Listener listener,
            CountDownLatch interrupted,
            Duration patience) {
        this.argv = List.copyOf(argv);
        this.workdir = workdir;
        this.env = env;
        this.log = log;
        this.protocol = protocol;
        this.timeout = timeout;
        this.killGrace = killGrace;
        this.listener = listener;
        this.interrupted = interrupted;
        this.patience = patience;
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
        ProcessBuilder pb = new ProcessBuilder(argv)
                .directory(workdir.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(env);
        try {
            process = pb.start();
        } catch (IOException e) {
            closeQuietly(out);
            return new Outcome(Kind.FAILED, null, "could not start " + argv.get(0) + ": " + e.getMessage());
        }
        commandStart = startTicks(process.pid());
        if (interrupted.getCount() == 0) {
            stop();
        }
        Recorder recorder = new Recorder(
                listener,
                patience,
                () -> {
                    pruned = true;
                    stop();
                },
                why -> {
                    listenerFailure = why;
                    stop();
                },
                message -> {
                    note(out, message);
                    listener.notice(message);
                });
        Thread reader = new Thread(() -> pump(out, recorder), "paratune-trial-output");
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
        recorder.processEnded();
        watcher.interrupt();
        stopLeftovers();
        readToTheEnd(reader);
        int code = process.exitValue();
        boolean stoppedRun = interrupted.getCount() == 0
                || (!stopRequested
                        && terminalSignal(code)
                        && interrupted.await(SIGNAL_WAIT_MILLIS, TimeUnit.MILLISECONDS));
        // what the process reported reaches the storage before the trial ends, as long as the storage
        // comes back within the patience; a stopped run does not wait for it
        int lost = recorder.close(stoppedRun ? Duration.ofSeconds(2) : patience.plusMinutes(2));
        if (lost > 0) {
            note(out, lost + " intermediate value(s) or attribute(s) printed above were not recorded in the storage");
        }
        closeQuietly(out);
        if (stoppedRun) {
            return new Outcome(Kind.INTERRUPTED, null, "paratune was stopped while the trial ran");
        }
        if (listenerFailure != null) {
            return new Outcome(Kind.FAILED, null, listenerFailure);
        }
        if (pruned) {
            return new Outcome(Kind.PRUNED, null, null);
        }
        if (timedOut) {
            return new Outcome(
                    Kind.FAILED,
                    null,
                    "timed out after " + Durations.format(timeout) + " (trial_timeout) and was stopped",
                    tailText());
        }
        if (code != 0) {
            return new Outcome(Kind.FAILED, null, "exited with code " + code + signalName(code), tailText());
        }
        if (result == null) {
            OutputProtocol.Line p = problem;
            String why = p instanceof OutputProtocol.OtherJson j
                    ? j.explain()
                    : p instanceof OutputProtocol.Invalid i
                            ? "its last protocol line was unreadable: " + i.message()
                            : "it printed no result";
            return new Outcome(
                    Kind.FAILED,
                    null,
                    why + "; print 'paratune: value=<number>' or a JSON line such"
                            + " as {\"loss\": 0.12} as its last result",
                    tailText());
        }
        return new Outcome(Kind.COMPLETE, result.values(), null);
    }

    /** Whether an exit code is death by a signal that a terminal sends to a whole process group. */
    private static boolean terminalSignal(int code) {
        return code == 128 + 1 || code == 128 + 2 || code == 128 + 3 || code == 128 + 15;
    }

    private static String signalName(int code) {
        String name = switch (code - 128) {
            case 1 -> "SIGHUP";
            case 2 -> "SIGINT";
            case 3 -> "SIGQUIT";
            case 6 -> "SIGABRT";
            case 9 -> "SIGKILL";
            case 11 -> "SIGSEGV";
            case 15 -> "SIGTERM";
            default -> null;
        };
        return name == null ? "" : " (" + name + ")";
    }

    /**
     * Waits until the reader has read all the process wrote. Output still open a moment after the
     * exit is held by a process that escaped the tree: it is looked for, stopped, and the wait goes
     * on until the kill grace period has passed.
     */
    private void readToTheEnd(Thread reader) throws InterruptedException {
        reader.join(DRAIN_MILLIS);
        if (reader.isAlive()) {
            stopEscaped();
            reader.join(killGrace.toMillis() + 2000);
        }
    }

    /** Writes a note of paratune's own into the trial's log. */
    private static void note(BufferedWriter out, String message) {
        synchronized (out) {
            try {
                out.write("# paratune: " + message);
                out.newLine();
                out.flush();
            } catch (IOException closed) {
                // the log is closed: the note has nowhere to go
            }
        }
    }

    private String tailText() {
        synchronized (tail) {
            return String.join("\n", tail);
        }
    }

    private void pump(BufferedWriter out, Recorder recorder) {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (out) {
                    out.write(line);
                    out.newLine();
                    out.flush();
                }
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > TAIL_LINES) {
                        tail.removeFirst();
                    }
                }
                handle(protocol.parse(line), out, recorder);
            }
        } catch (IOException e) {
            // the process is gone, or the log is closed; what it wrote so far is in the log
        }
    }

    private void handle(OutputProtocol.Line parsed, BufferedWriter out, Recorder recorder) {
        if (parsed instanceof OutputProtocol.Step s && !pruned) {
            listener.printed(s.step(), s.value());
            recorder.step(s.step(), s.value());
        } else if (parsed instanceof OutputProtocol.Result r) {
            result = r;
        } else if (parsed instanceof OutputProtocol.Attributes a) {
            a.values().forEach(recorder::attribute);
            if (a.refused() != null) {
                note(out, a.refused());
            }
        } else if (parsed instanceof OutputProtocol.Invalid || parsed instanceof OutputProtocol.OtherJson) {
            problem = parsed;
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

    /**
     * Stops the processes started since the command whose environment holds this trial's {@code
     * PARATUNE_LOG} (Linux {@code /proc}): descendants of the command that left its tree. Reading
     * each environment is cheap (a few ms for a hundred processes); asking each its start time
     * through {@link ProcessHandle#info()} is not.
     */
    private void stopEscaped() {
        String mark = env.get("PARATUNE_LOG");
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
        stopRequested = true;
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

    private static void closeQuietly(BufferedWriter out) {
        synchronized (out) {
            try {
                out.close();
            } catch (IOException ignored) {
                // nothing more to keep
            }
        }
    }
}
