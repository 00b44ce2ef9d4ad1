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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs the objective command once for one trial, to an {@link Outcome}: starts the process, keeps
 * its output (stdout and stderr together) in the trial's log file, reads the {@link OutputProtocol}
 * from it, and has its {@link ProcessTree} stopped when the trial is pruned, times out or the run is
 * interrupted; processes the command left running when it exited are stopped too.
 *
 * <p>What the process reports goes to the storage through a {@link Recorder}, never from the thread
 * that reads its output, so a storage that is unreachable for a while delays the records but loses
 * nothing the process printed. A process that paratune stops ends the attempt as soon as it exits.
 */
final class TrialProcess {
    private static final int TAIL_LINES = 10;
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
    private final ProcessTree tree;

    private volatile boolean pruned;
    private volatile boolean stopRequested;
    private volatile OutputProtocol.Result result;
    /** The last line that explains a missing result: an {@link OutputProtocol.Invalid} or {@link OutputProtocol.OtherJson}. */
    private volatile OutputProtocol.Line problem;

    private volatile String listenerFailure;

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
        this.tree = new ProcessTree(killGrace, env.get("PARATUNE_LOG"));
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
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            closeQuietly(out);
            return new Outcome(Kind.FAILED, null, "could not start " + argv.get(0) + ": " + e.getMessage());
        }
        tree.started(process);
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
        Thread reader = new Thread(() -> pump(process, out, recorder), "paratune-trial-output");
        reader.setDaemon(true);
        reader.start();
        Thread watcher = new Thread(tree::noteDescendants, "paratune-trial-tree");
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
        tree.stopLeftovers();
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
            tree.stopEscaped();
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

    private void pump(Process process, BufferedWriter out, Recorder recorder) {
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

    /**
     * Stops the process and all its descendants: SIGTERM now, SIGKILL to whatever is left after the
     * kill grace period (each gets the whole period, even when the command itself exits at once).
     * Returns at once; safe to call from any thread, more than once.
     */
    void stop() {
        if (!tree.isStarted()) {
            return;
        }
        stopRequested = true;
        tree.stop();
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
