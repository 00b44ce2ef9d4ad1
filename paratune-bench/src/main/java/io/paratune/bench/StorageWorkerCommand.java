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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code storage-worker}: one worker process of the {@code storage} benchmark, started by it (see
 * {@link WorkerProcess}). It opens the storage, optionally warms up on a scratch study of its own,
 * loads the study, prints {@code ready}, waits for a
 * line on standard input, runs its share of trials ({@link StorageWorkload}) and writes what it
 * measured to the result file: a line {@code start_epoch_ns end_epoch_ns trials cpu_ns}, then one line
 * {@code ask_ns ask_suggest_ns done_epoch_ns} per trial.
 */
@Command(
        name = "storage-worker",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "one worker process of the storage benchmark (started by it)",
            "Runs N trials of the storage benchmark's workload on the study (after W on a study of its own)."
        })
final class StorageWorkerCommand extends BenchCommand {
    static final String READY = "ready";

    @Option(names = "--url", paramLabel = "URL", required = true, description = "the storage's JDBC URL")
    String url;

    @Option(names = "--study", paramLabel = "NAME", required = true, description = "the study, created already")
    String study;

    @Option(
            names = "--trials",
            paramLabel = "N",
            defaultValue = "1",
            description = "trials to run (default: ${DEFAULT-VALUE})")
    @AtLeast(0)
    int trials;

    @Option(
            names = "--threads",
            paramLabel = "T",
            defaultValue = "1",
            description = "threads sharing the trials (default: ${DEFAULT-VALUE})")
    @AtLeast(1)
    int threads;

    @Option(
            names = "--trial-ms",
            paramLabel = "M",
            defaultValue = "0",
            description = "how long each trial works (sleeps), in milliseconds (default: ${DEFAULT-VALUE})")
    @AtLeast(0)
    int trialMillis;

    @Option(
            names = "--seed",
            paramLabel = "SEED",
            defaultValue = "0",
            description = "the sampler's seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--result", paramLabel = "FILE", required = true, description = "where the timings go")
    Path result;

    @Option(
            names = "--warmup-trials",
            paramLabel = "W",
            defaultValue = "0",
            description = "trials on a scratch study of its own first (default: ${DEFAULT-VALUE})")
    @AtLeast(0)
    int warmup;

    @Override
    int run(PrintStream out, PrintStream err) {
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
