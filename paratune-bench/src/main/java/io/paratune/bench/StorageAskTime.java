package io.paratune.bench;

import static io.paratune.bench.StorageContext.STUDY;

import io.paratune.Study;
import io.paratune.sampler.RandomSampler;
import io.paratune.sampler.Sampler;
import io.paratune.storage.jdbc.JdbcStorage;
import java.io.IOException;
import java.util.Locale;

/**
 * Measures the {@code storage} benchmark's ask time on one backend as its study grows.
 *
 * <p>It fills one study and, at each {@code --ask-at} size, opens a new storage on it (an empty
 * cache, as a joining worker has), times its first ask, runs {@value #ASK_WARMUP} asks per sampler
 * unmeasured, then times asks (each with its three suggests) with the random sampler and with a
 * sampler that reads the finished trials before each proposal.
 */
final class StorageAskTime {
    private static final int FILL_THREADS = 4;
    private static final int ASK_WARMUP = 50;

    private StorageAskTime() {}

    static void run(StorageContext ctx, String backend) throws IOException, InterruptedException {
        StorageOptions o = ctx.options;
        StorageContext.Target target = ctx.fresh(backend, "ask-time", 1);
        try (JdbcStorage fillStorage = JdbcStorage.open(target.url())) {
            Study filler = Study.builder()
                    .name(STUDY)
                    .storage(fillStorage)
                    .sampler(RandomSampler.seeded(o.seed))
                    .create();
            int finished = 0;
            for (int size : o.askAt) {
                if (finished < size) {
                    long t0 = System.nanoTime();
                    StorageWorkload.run(filler, size - finished, FILL_THREADS, 0);
                    ctx.err.printf(
                            Locale.ROOT,
                            "filled the %s study to %,d trials in %.1f s%n",
                            backend,
                            size,
                            (System.nanoTime() - t0) / 1e9);
                    finished = size;
                }
                String loadBefore = StorageLines.loadAverage();
                // a new storage, as a worker joining the study: its cache starts empty
                try (JdbcStorage storage = JdbcStorage.open(target.url())) {
                    Study history = load(storage, new HistoryReadingSampler(o.seed + 1));
                    long[] cold = StorageWorkload.oneTrial(history, 0);
                    Study random = load(storage, RandomSampler.seeded(o.seed + 2));
                    sample(random, ASK_WARMUP); // discarded: this JVM's first asks at this size
                    sample(history, ASK_WARMUP);
                    long[][] randomTimes = sample(random, o.askSamples);
                    long[][] historyTimes = sample(history, o.askSamples);
                    String loadAfter = StorageLines.loadAverage();
                    askLine(ctx, backend, size, "random", randomTimes, null, loadBefore, loadAfter);
                    askLine(ctx, backend, size, "history", historyTimes, cold, loadBefore, loadAfter);
                }
                finished += 1 + 2 * (ASK_WARMUP + o.askSamples);
            }
        } finally {
            ctx.dispose(target);
        }
    }

    private static Study load(JdbcStorage storage, Sampler sampler) {
        return Study.builder().name(STUDY).storage(storage).sampler(sampler).load();
    }

    private static long[][] sample(Study study, int samples) throws InterruptedException {
        long[] ask = new long[samples];
        long[] askSuggest = new long[samples];
        for (int i = 0; i < samples; i++) {
            long[] t = StorageWorkload.oneTrial(study, 0);
            ask[i] = t[0];
            askSuggest[i] = t[1];
        }
        return new long[][] {ask, askSuggest};
    }

    private static void askLine(
            StorageContext ctx,
            String backend,
            int size,
            String sampler,
            long[][] times,
            long[] cold,
            String loadBefore,
            String loadAfter) {
        Latency ask = Latency.ofNanos(times[0]);
        Latency askSuggest = Latency.ofNanos(times[1]);
        JsonLine j = StorageLines.head(ctx, "ask-time", backend)
                .put("finished_trials", size)
                .put("sampler", sampler)
                .put("samples", times[0].length);
        StorageLines.latency(j, "ask", ask);
        StorageLines.latency(j, "ask_suggest", askSuggest);
        if (cold != null) {
            j.put("cold_ask_suggest_us", cold[1] / 1e3, 1);
        }
        j.put("load_before", loadBefore).put("load_after", loadAfter);
        StorageLines.emit(ctx, j);
        ctx.err.printf(
                Locale.ROOT,
                "%s ask-time %s at %,d finished trials, %s sampler: ask+3 suggests ms"
                        + " p50/p99/mean %.2f/%.2f/%.2f%s%n",
                ctx.system,
                backend,
                size,
                sampler,
                askSuggest.p50() / 1e3,
                askSuggest.p99() / 1e3,
                askSuggest.mean() / 1e3,
                cold == null ? "" : String.format(Locale.ROOT, "; first ask of a new worker %.1f ms", cold[1] / 1e6));
    }
}
