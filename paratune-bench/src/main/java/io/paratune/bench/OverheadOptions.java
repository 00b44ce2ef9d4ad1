package io.paratune.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Options of the {@code overhead} benchmark.
 *
 * @param threads the thread counts to measure, in order; each runs on its own fresh studies
 * @param trials the study size: trials per measured study (one study per repeat)
 * @param seconds the wall-time cap of one repeat; a repeat stops early when it is reached
 * @param repeats measured repeats per thread count; the summary reports their median
 * @param warmupSeconds time spent on discarded studies (JIT warm-up) before each thread count
 * @param params float parameters suggested per trial
 * @param seed the seed of the first repeat's sampler (repeat {@code r} uses {@code seed + r})
 * @param out a JSON-lines file the results are appended to, or null for standard output only
 */
record OverheadOptions(
        List<Integer> threads,
        int trials,
        double seconds,
        int repeats,
        double warmupSeconds,
        int params,
        long seed,
        Path out) {

    static final Set<String> NAMES =
            Set.of("threads", "trials", "seconds", "repeats", "warmup-seconds", "params", "seed", "out");

    static final String USAGE = """
            usage: overhead [options]   ask+tell overhead: RandomSampler, in-memory storage, N float params,
                                        objective = sum of squares; several threads share one study
              --threads LIST           thread counts, comma-separated (default 1,2)
              --trials N               trials per measured study (default 50000)
              --seconds S              time cap per measured study (default 60)
              --repeats R              measured studies per thread count; median reported (default 5)
              --warmup-seconds W       discarded warm-up before each thread count (default 5)
              --params P               float parameters per trial (default 10)
              --seed SEED              sampler seed of the first repeat (default 0)
              --out FILE.jsonl         also append the result lines to FILE""";

    OverheadOptions {
        threads = List.copyOf(threads);
        if (threads.isEmpty()) {
            throw new UsageException("--threads is empty; give at least one thread count, as in --threads 1,2");
        }
    }

    /** Parses the command line of {@code overhead}. */
    static OverheadOptions parse(List<String> args) {
        Args a = Args.parse(args, NAMES);
        String out = a.string("out", null);
        if (out != null && out.isBlank()) {
            throw new UsageException("--out is blank; give a file name such as results/overhead.jsonl");
        }
        return new OverheadOptions(
                a.integers("threads", List.of(1, 2), 1),
                a.integer("trials", 50_000, 1),
                a.number("seconds", 60, 0.001),
                a.integer("repeats", 5, 1),
                a.number("warmup-seconds", 5, 0),
                a.integer("params", 10, 1),
                a.longValue("seed", 0),
                out == null ? null : Path.of(out));
    }
}
