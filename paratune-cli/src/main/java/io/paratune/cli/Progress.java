package io.paratune.cli;

import io.paratune.Direction;
import io.paratune.FrozenTrial;
import io.paratune.TrialState;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a run's progress: trials done of the total, running, failed, pruned, the best value so far
 * and elapsed time with an ETA. On a terminal it is a live progress bar (me.tongfei:progressbar);
 * otherwise (logs, pipes, CI) one line per finished trial.
 */
final class Progress implements StudyRunner.Reporter, AutoCloseable {
    private final PrintWriter out;
    private final List<Direction> directions;
    private final int total;
    private final ProgressBar bar;
    private final Instant start = Instant.now();
    private int done;
    private int running;
    private int failed;
    private int pruned;
    private FrozenTrial best;

    /**
     * @param total trials this run may finish, or 0 when unknown
     * @param alreadyDone counted trials finished before this run
     * @param live whether to draw a progress bar (stderr is a terminal)
     */
    Progress(PrintWriter out, String name, List<Direction> directions, int total, int alreadyDone, boolean live,
            FrozenTrial bestSoFar) {
        this.out = out;
        this.directions = directions;
        this.total = total;
        this.done = alreadyDone;
        this.best = bestSoFar;
        this.bar = live ? new ProgressBarBuilder().setTaskName(name).setInitialMax(total > 0 ? total : -1)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate()
                .startsFrom(alreadyDone, Duration.ZERO).build() : null;
        update();
    }

    @Override
    public synchronized void started(int trialNumber) {
        running++;
        update();
    }

    @Override
    public synchronized void finished(FrozenTrial t, boolean requeued) {
        running--;
        if (!requeued) {
            done++;
        }
        if (t.state() == TrialState.FAIL) {
            failed++;
        } else if (t.state() == TrialState.PRUNED) {
            pruned++;
        } else if (t.state() == TrialState.COMPLETE && directions.size() == 1
                && (best == null || directions.get(0).isBetter(t.value(), best.value()))) {
            best = t;
        }
        if (bar == null) {
            out.println(line(t, requeued));
            out.flush();
        }
        update();
    }

    private String line(FrozenTrial t, boolean requeued) {
        StringBuilder sb = new StringBuilder("trial ").append(t.number()).append(' ').append(t.state());
        if (t.state() == TrialState.COMPLETE) {
            sb.append(" value=").append(values(t));
        }
        StringBuilder params = new StringBuilder();
        t.params().forEach((k, v) -> params.append(params.length() == 0 ? "" : ", ").append(k).append('=')
                .append(CommandTemplate.format(v)));
        sb.append(" params={").append(params).append('}');
        if (t.duration() != null) {
            sb.append(" (").append(Durations.format(t.duration())).append(')');
        }
        if (t.state() == TrialState.FAIL) {
            String msg = t.failureMessage() == null ? "" : t.failureMessage();
            int nl = msg.indexOf('\n');
            sb.append(": ").append(nl < 0 ? msg : msg.substring(0, nl));
            if (requeued) {
                sb.append(" [enqueued again]");
            }
        }
        sb.append(" | ").append(status());
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
        return "done " + done + (total > 0 ? "/" + total : "") + ", running " + running + ", failed " + failed
                + ", pruned " + pruned + (best != null ? ", best " + fmt(best.value()) + " (trial " + best.number()
                + ")" : "") + ", elapsed " + elapsed;
    }

    private void update() {
        if (bar != null) {
            bar.stepTo(done);
            bar.setExtraMessage("run " + running + " fail " + failed + " pruned " + pruned
                    + (best != null ? " best " + fmt(best.value()) : ""));
        }
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
