package io.paratune.bench;

import io.paratune.Study;
import io.paratune.sampler.RandomSampler;
import io.paratune.storage.jdbc.JdbcStorage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code storage-worker}: one worker process of the {@code storage} benchmark, started by it (see
 * {@link WorkerProcess}). It opens the storage, optionally warms up on a scratch study of its own,
 * loads the study, prints {@code ready}, waits for a
 * line on standard input, runs its share of trials ({@link StorageWorkload}) and writes what it
 * measured to the result file: a line {@code start_epoch_ns end_epoch_ns trials cpu_ns}, then one line
 * {@code ask_ns ask_suggest_ns done_epoch_ns} per trial.
 */
final class StorageWorkerCommand implements Command {
    static final String READY = "ready";

    private static final Set<String> NAMES =
            Set.of("url", "study", "trials", "threads", "trial-ms", "seed", "result", "warmup-trials");

    @Override
    public String name() {
        return "storage-worker";
    }

    @Override
    public String summary() {
        return "one worker process of the storage benchmark (started by it)";
    }

    @Override
    public String usage() {
        return """
                usage: storage-worker --url URL --study NAME --trials N --result FILE [--threads T] [--trial-ms M]
                                      [--seed SEED] [--warmup-trials W]
                  runs N trials of the storage benchmark's workload on the study (after W on a study of its
                  own); started by 'storage'""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Args a = Args.parse(args, NAMES);
        String url = required(a, "url");
        String study = required(a, "study");
        Path result = Path.of(required(a, "result"));
        int trials = a.integer("trials", 1, 0);
        int threads = a.integer("threads", 1, 1);
        int trialMillis = a.integer("trial-ms", 0, 0);
        long seed = a.longValue("seed", 0);
        int warmup = a.integer("warmup-trials", 0, 0);
        BenchLogging.quiet();
        try (JdbcStorage storage = JdbcStorage.open(url)) {
            if (warmup > 0) {
                // the same code paths on a study of this worker's own, so the measured study starts warm
                Study scratch = Study.builder()
                        .name(study + "-warmup-" + seed)
                        .storage(storage)
                        .sampler(RandomSampler.seeded(seed))
                        .create();
                StorageWorkload.run(scratch, warmup, threads, 0);
            }
            Study s = Study.builder()
                    .name(study)
                    .storage(storage)
                    .sampler(RandomSampler.seeded(seed))
                    .load();
            out.println(READY);
            out.flush();
            if (new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine() == null) {
                err.println("storage-worker: standard input closed before the start signal; nothing run");
                return BenchMain.FAILED;
            }
            StorageWorkload.Result r = StorageWorkload.run(s, trials, threads, trialMillis);
            write(result, r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return BenchMain.OK;
    }

    private static String required(Args a, String name) {
        String v = a.string(name, null);
        if (v == null || v.isBlank()) {
            throw new UsageException("--" + name + " is missing; give it");
        }
        return v;
    }

    private static void write(Path file, StorageWorkload.Result r) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(r.startEpochNanos() + " " + r.endEpochNanos() + " " + r.trials() + " " + r.cpuNanos() + "\n");
            for (int i = 0; i < r.trials(); i++) {
                w.write(r.ask()[i] + " " + r.askSuggest()[i] + " " + r.done()[i] + "\n");
            }
        }
    }

    /** Reads a result file written by a worker. */
    static StorageWorkload.Result read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String[] head = lines.get(0).split(" ");
        int trials = Integer.parseInt(head[2]);
        long[] ask = new long[trials];
        long[] askSuggest = new long[trials];
        long[] done = new long[trials];
        for (int i = 0; i < trials; i++) {
            String[] f = lines.get(i + 1).split(" ");
            ask[i] = Long.parseLong(f[0]);
            askSuggest[i] = Long.parseLong(f[1]);
            done[i] = Long.parseLong(f[2]);
        }
        return new StorageWorkload.Result(
                Long.parseLong(head[0]),
                Long.parseLong(head[1]),
                trials,
                ask,
                askSuggest,
                done,
                Long.parseLong(head[3]));
    }
}
