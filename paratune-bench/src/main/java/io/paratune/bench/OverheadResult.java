package io.paratune.bench;

import java.util.List;
import java.util.Locale;

/**
 * One measured study of the {@code overhead} benchmark, written as one JSON line in the format the
 * Optuna peer script writes too.
 *
 * @param system the system and its version, for example {@code paratune 0.1.0}
 * @param runtime the language runtime, for example {@code java 17.0.15}
 * @param threads threads asking and telling on the study at once
 * @param params float parameters per trial
 * @param repeat the repeat number, from 0
 * @param trialsTarget the study size asked for
 * @param trials the trials completed (fewer than the target when the time cap was hit)
 * @param wallSeconds from start until the last tell returned
 * @param trialsPerSecond {@code trials / wallSeconds}
 * @param firstChunkPerSecond throughput over the first tenth of the trials (a small study)
 * @param lastChunkPerSecond throughput over the last tenth of the trials (the study at full size)
 * @param ask latency of {@code study.ask()}
 * @param suggest latency of all {@code params} suggest calls of one trial together
 * @param tell latency of {@code study.tell(trial, value)}
 * @param gcSeconds time spent in garbage collection during the study (the JVM's collectors, or
 *     Python's cyclic collector for the peer)
 */
record OverheadResult(
        String system,
        String runtime,
        int threads,
        int params,
        int repeat,
        int trialsTarget,
        int trials,
        double wallSeconds,
        double trialsPerSecond,
        double firstChunkPerSecond,
        double lastChunkPerSecond,
        Latency ask,
        Latency suggest,
        Latency tell,
        double gcSeconds) {

    /** The result as one JSON line (no newline). */
    String toJson() {
        JsonLine j = new JsonLine()
                .put("system", system)
                .put("runtime", runtime)
                .put("benchmark", "overhead")
                .put("sampler", "random")
                .put("storage", "in-memory")
                .put("params", params)
                .put("threads", threads)
                .put("repeat", repeat)
                .put("trials_target", trialsTarget)
                .put("trials", trials)
                .put("wall_seconds", wallSeconds, 4)
                .put("trials_per_second", trialsPerSecond, 1)
                .put("first_chunk_trials_per_second", firstChunkPerSecond, 1)
                .put("last_chunk_trials_per_second", lastChunkPerSecond, 1);
        latency(j, "ask", ask);
        latency(j, "suggest", suggest);
        latency(j, "tell", tell);
        j.put("gc_seconds", gcSeconds, 4);
        return j.toString();
    }

    private static void latency(JsonLine j, String name, Latency l) {
        j.put(name + "_us_p50", l.p50(), 2).put(name + "_us_p99", l.p99(), 2).put(name + "_us_mean", l.mean(), 2);
    }

    /**
     * A one-line human summary of several repeats at one thread count: medians over the repeats.
     *
     * @param results non-empty, all of one system and thread count
     */
    static String summary(List<OverheadResult> results) {
        OverheadResult first = results.get(0);
        return String.format(
                Locale.ROOT,
                "%s threads=%d: %,.0f trials/s (median of %d; study of %,d trials; first/last tenth %,.0f/%,.0f"
                        + " trials/s); us p50/p99: ask %.2f/%.2f, %d suggests %.2f/%.2f, tell %.2f/%.2f; GC %.0f%% of wall",
                first.system(),
                first.threads(),
                median(results, OverheadResult::trialsPerSecond),
                results.size(),
                Math.round(median(results, r -> r.trials())),
                median(results, OverheadResult::firstChunkPerSecond),
                median(results, OverheadResult::lastChunkPerSecond),
                median(results, r -> r.ask().p50()),
                median(results, r -> r.ask().p99()),
                first.params(),
                median(results, r -> r.suggest().p50()),
                median(results, r -> r.suggest().p99()),
                median(results, r -> r.tell().p50()),
                median(results, r -> r.tell().p99()),
                100 * median(results, r -> r.gcSeconds() / r.wallSeconds()));
    }

    private static double median(List<OverheadResult> results, java.util.function.ToDoubleFunction<OverheadResult> f) {
        return Stats.median(results.stream().mapToDouble(f).toArray());
    }
}
