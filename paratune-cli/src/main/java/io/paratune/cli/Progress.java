package io.paratune.cli;

import io.paratune.Direction;
import io.paratune.FrozenTrial;
import io.paratune.TrialState;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a run's progress: trials done of the total, running, failed, pruned, the best value so far
 * and elapsed time with an ETA. On a terminal it is a live progress bar (me.tongfei:progressbar)
 * with each failed trial printed above it; otherwise (logs, pipes, CI) one line per finished trial.
 * A failed trial is shown with its reason and the last {@value #TAIL_LINES} lines of its log.
 *
 * <p>With a table interval, the running trials are shown as a table (trial, last step and value,
 * elapsed time, device, parameters): on a terminal redrawn above the bar, otherwise printed at that
 * interval while trials run.
 */
final class Progress implements StudyRunner.Reporter, AutoCloseable {
    /** Lines of a failed trial's log shown on the console. */
    static final int TAIL_LINES = 5;
    /** Longest log line shown; longer ones are cut. */
    static final int LINE_CHARS = 160;

    private static final int REASON_CHARS = 400;

    private final PrintWriter out;
    private final List<Direction> directions;
    private final int total;
    private final ProgressBar bar;
    private final int width;
    private final Duration tableEvery;
    private final ScheduledExecutorService tables;
    private final Instant start = Instant.now();
    private final Map<Integer, Running> running = new TreeMap<>(); // guarded by this
    private int done;
    private int failed;
    private int pruned;
    private FrozenTrial best;
    private String barText; // guarded by this; the bar as last rendered (live)
    private int drawnLines; // guarded by this; table lines drawn above the bar (live)

    /** A running trial, for the table. */
    private static final class Running {
        final String params;
        final String device;
        final Instant since = Instant.now();
        int step = -1;
        double value;

        Running(String params, String device) {
            this.params = params;
            this.device = device;
        }
    }

    /**
     * @param total trials this run may finish, or 0 when unknown
     * @param alreadyDone counted trials finished before this run
     * @param live whether to draw a progress bar (stderr is a terminal)
     * @param tableEvery how often to show the table of running trials, or null for never
     */
    Progress(
            PrintWriter out,
            String name,
            List<Direction> directions,
            int total,
            int alreadyDone,
            boolean live,
            FrozenTrial bestSoFar,
            Duration tableEvery) {
        this(out, name, directions, total, alreadyDone, live, bestSoFar, tableEvery, 0);
    }

    /** @param width the terminal's width in characters, or 0 to ask the terminal */
    Progress(
            PrintWriter out,
            String name,
            List<Direction> directions,
            int total,
            int alreadyDone,
            boolean live,
            FrozenTrial bestSoFar,
            Duration tableEvery,
            int width) {
        this.out = out;
        this.directions = directions;
        this.total = total;
        this.done = alreadyDone;
        this.best = bestSoFar;
        this.tableEvery = tableEvery;
        if (live) {
            DelegatingProgressBarConsumer consumer = width > 0
                    ? new DelegatingProgressBarConsumer(this::drawBar, width)
                    : new DelegatingProgressBarConsumer(this::drawBar);
            this.width = consumer.getMaxRenderedLength();
            this.bar = new ProgressBarBuilder()
                    .setTaskName(name)
                    .setInitialMax(total > 0 ? total : -1)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(250)
                    .continuousUpdate()
                    .setConsumer(consumer)
                    .startsFrom(alreadyDone, Duration.ZERO)
                    .build();
            this.tables = null;
        } else {
            this.width = 0;
            this.bar = null;
            if (tableEvery != null) {
                this.tables = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "paratune-running-table");
                    t.setDaemon(true);
                    return t;
                });
                long millis = Math.max(100, tableEvery.toMillis());
                tables.scheduleWithFixedDelay(this::printTable, millis, millis, TimeUnit.MILLISECONDS);
            } else {
                this.tables = null;
            }
        }
        update();
    }

    @Override
    public synchronized void started(int trialNumber, Map<String, Object> params, String device) {
        running.put(trialNumber, new Running(params(params), device == null ? "cpu" : device));
        update();
    }

    @Override
    public synchronized void stepped(int trialNumber, int step, double value) {
        Running r = running.get(trialNumber);
        if (r != null) {
            r.step = step;
            r.value = value;
        }
    }

    @Override
    public synchronized void finished(FrozenTrial t, boolean requeued) {
        running.remove(t.number());
        if (!requeued) {
            done++;
        }
        if (t.state() == TrialState.FAIL) {
            failed++;
        } else if (t.state() == TrialState.PRUNED) {
            pruned++;
        } else if (t.state() == TrialState.COMPLETE
                && directions.size() == 1
                && (best == null || directions.get(0).isBetter(t.value(), best.value()))) {
            best = t;
        }
        if (bar == null) {
            List<String> lines = new ArrayList<>();
            lines.add(line(t, requeued) + " | " + status());
            lines.addAll(logTail(t));
            print(lines);
        } else if (t.state() == TrialState.FAIL) {
            List<String> lines = new ArrayList<>();
            lines.add(line(t, requeued));
            lines.addAll(logTail(t));
            print(lines);
        }
        update();
    }

    @Override
    public synchronized void notice(String message) {
        print(List.of("paratune: " + message));
    }

    /** Prints lines for good: above the bar and its table on a terminal. */
    private void print(List<String> lines) {
        if (bar != null) {
            erase();
        }
        for (String l : lines) {
            out.println(l);
        }
        if (bar != null) {
            drawRegion();
        }
        out.flush();
    }

    private String line(FrozenTrial t, boolean requeued) {
        StringBuilder sb =
                new StringBuilder("trial ").append(t.number()).append(' ').append(t.state());
        if (t.state() == TrialState.COMPLETE) {
            sb.append(" value=").append(values(t));
        }
        sb.append(" params={").append(params(t.params())).append('}');
        if (t.duration() != null) {
            sb.append(" (").append(Durations.format(t.duration())).append(')');
        }
        if (t.state() == TrialState.FAIL) {
            sb.append(": ").append(cut(reason(t.failureMessage()), REASON_CHARS));
            if (requeued) {
                sb.append(" [enqueued again]");
            }
        }
        return sb.toString();
    }

    /** The first line of a failure message, without the lead-in of the log lines that follow it. */
    static String reason(String message) {
        String msg = message == null ? "" : message;
        int nl = msg.indexOf('\n');
        String first = nl < 0 ? msg : msg.substring(0, nl);
        return first.endsWith("; last lines:") ? first.substring(0, first.length() - "; last lines:".length()) : first;
    }

    /** The last {@value #TAIL_LINES} lines a failure message quotes from the trial's log, indented and cut. */
    static List<String> logTail(FrozenTrial t) {
        if (t.state() != TrialState.FAIL || t.failureMessage() == null) {
            return List.of();
        }
        String[] lines = t.failureMessage().split("\n", -1);
        List<String> tail = new ArrayList<>();
        for (int i = Math.max(1, lines.length - TAIL_LINES); i < lines.length; i++) {
            tail.add("    " + cut(lines[i].replace('\t', ' ').replace('\r', ' '), LINE_CHARS));
        }
        return tail;
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    private static String params(Map<String, Object> params) {
        StringBuilder sb = new StringBuilder();
        params.forEach((k, v) ->
                sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=').append(CommandTemplate.format(v)));
        return sb.toString();
    }

    static String values(FrozenTrial t) {
        double[] v = t.values();
        if (v.length == 1) {
            return fmt(v[0]);
        }
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(fmt(v[i]));
        }
        return sb.append(']').toString();
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    private String status() {
        String elapsed = Durations.format(Duration.between(start, Instant.now()));
        return "done " + done + (total > 0 ? "/" + total : "") + ", running " + running.size() + ", failed " + failed
                + ", pruned " + pruned
                + (best != null ? ", best " + fmt(best.value()) + " (trial " + best.number() + ")" : "") + ", elapsed "
                + elapsed;
    }

    /** The table of running trials: a title line, a header and one row per trial, columns aligned. */
    List<String> table() {
        Instant now = Instant.now();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"trial", "step", "value", "elapsed", "device", "params"});
        running.forEach((n, r) -> rows.add(new String[] {
            Integer.toString(n),
            r.step < 0 ? "-" : Integer.toString(r.step),
            r.step < 0 ? "-" : fmt(r.value),
            Durations.format(Duration.between(r.since, now)),
            r.device,
            r.params
        }));
        int[] widths = new int[5];
        for (String[] row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add("running trials (" + running.size() + "), elapsed " + Durations.format(Duration.between(start, now))
                + ":");
        for (String[] row : rows) {
            StringBuilder sb = new StringBuilder(" ");
            for (int i = 0; i < widths.length; i++) {
                sb.append(' ')
                        .append(row[i])
                        .append(" ".repeat(widths[i] - row[i].length()))
                        .append(' ');
            }
            lines.add(sb.append(' ').append(row[5]).toString());
        }
        return lines;
    }

    private synchronized void printTable() {
        if (!running.isEmpty()) {
            print(table());
        }
    }

    /** The bar's consumer: keeps the rendered bar and redraws the live region with it. */
    private synchronized void drawBar(String text) {
        barText = text;
        erase();
        drawRegion();
        out.flush();
    }

    /** Moves to the start of the live region (the table above the bar) and clears it. */
    private void erase() {
        out.print('\r');
        if (drawnLines > 0) {
            out.print("\033[" + drawnLines + "A");
        }
        out.print("\033[J");
        drawnLines = 0;
    }

    /** Draws the table of running trials (if shown) and the bar below it. */
    private void drawRegion() {
        if (tableEvery != null && !running.isEmpty()) {
            for (String l : table()) {
                out.print(cut(l, Math.max(20, width - 1)));
                out.print('\n');
                drawnLines++;
            }
        }
        out.print(barText == null ? "" : barText);
    }

    private void update() {
        if (bar != null) {
            bar.stepTo(done);
            bar.setExtraMessage("run " + running.size() + " fail " + failed + " pruned " + pruned
                    + (best != null ? " best " + fmt(best.value()) : ""));
        }
    }

    @Override
    public void close() {
        if (tables != null) {
            tables.shutdownNow();
        }
        if (bar != null) {
            bar.close(); // renders the bar a last time, through drawBar; not under this lock
            synchronized (this) {
                running.clear();
                erase();
                out.println(barText == null ? "" : barText);
                out.flush();
            }
        }
    }
}
