package io.paratune.cli;

import io.paratune.FrozenTrial;
import io.paratune.Study;
import io.paratune.TrialState;
import io.paratune.sampler.AutoSampler;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The end-of-run summary: counts, the best trial (or Pareto front), its parameters and how to rerun it. */
final class Summary {
    private Summary() {}

    static void print(PrintWriter out, StudyConfig config, Study study, Duration elapsed) {
        Map<TrialState, Integer> counts = new EnumMap<>(TrialState.class);
        List<FrozenTrial> all = study.trials();
        for (FrozenTrial t : all) {
            counts.merge(t.state(), 1, Integer::sum);
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((s, n) -> parts.add(n + " " + s.name().toLowerCase(java.util.Locale.ROOT)));
        out.println("Study '" + study.name() + "': " + all.size() + " trials (" + String.join(", ", parts) + ")"
                + (elapsed.isZero() ? "" : ", this run took " + Durations.format(elapsed)));
        if (study.directions().size() == 1) {
            FrozenTrial best = Launch.bestOrNull(study);
            if (best == null) {
                out.println("No trial completed yet.");
            } else {
                out.println("Best trial " + best.number() + ": value " + Progress.fmt(best.value()));
                describe(out, config, best);
            }
        } else {
            List<FrozenTrial> front = study.bestTrials();
            out.println("Pareto front: " + front.size() + " trial(s) " + study.directions());
            for (FrozenTrial t : front.subList(0, Math.min(5, front.size()))) {
                out.println("Trial " + t.number() + ": values " + Progress.values(t));
                describe(out, config, t);
            }
        }
        samplerChoices(out, all);
        if (config != null) {
            out.println("Logs: " + config.logDir());
        }
        out.flush();
    }

    /**
     * What the auto sampler chose and why: one line per run of trials with the same choice, from
     * its first trial, with the reason recorded in it (parallel asks may record it on any of them).
     */
    static void samplerChoices(PrintWriter out, List<FrozenTrial> trials) {
        List<FrozenTrial> sorted = new ArrayList<>(trials);
        sorted.sort(java.util.Comparator.comparingInt(FrozenTrial::number));
        Object label = null;
        int from = -1;
        Object reason = null;
        for (FrozenTrial t : sorted) {
            Object chosen = t.systemAttributes().get(AutoSampler.SAMPLER_KEY);
            if (chosen == null) {
                continue;
            }
            if (!chosen.equals(label)) {
                choice(out, label, from, reason);
                label = chosen;
                from = t.number();
                reason = null;
            }
            if (reason == null) {
                reason = t.systemAttributes().get(AutoSampler.REASON_KEY);
            }
        }
        choice(out, label, from, reason);
    }

    private static void choice(PrintWriter out, Object label, int from, Object reason) {
        if (label != null) {
            out.println("Sampler auto: " + label + " from trial " + from + (reason == null ? "" : " (" + reason + ")"));
        }
    }

    /** Params and the command line that reruns the trial. */
    static void describe(PrintWriter out, StudyConfig config, FrozenTrial t) {
        List<String> params = new ArrayList<>();
        t.params().forEach((k, v) -> params.add(k + "=" + CommandTemplate.format(v)));
        out.println("  params: " + String.join(", ", params));
        Object command = t.userAttributes().get("command");
        if (command != null && config != null) {
            StringBuilder env = new StringBuilder();
            config.env()
                    .forEach((k, v) -> env.append(k)
                            .append('=')
                            .append(CommandTemplate.shellLine(List.of(v)))
                            .append(' '));
            out.println("  rerun:  cd "
                    + CommandTemplate.shellLine(List.of(config.workdir().toString())) + " && " + env + command);
        } else if (command != null) {
            out.println("  command: " + command);
        }
    }
}
