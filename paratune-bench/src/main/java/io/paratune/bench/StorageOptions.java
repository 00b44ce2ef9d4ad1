package io.paratune.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Options of the {@code storage} benchmark.
 *
 * @param modes what to measure, in order: {@code throughput}, {@code ask-time}, {@code scale}
 * @param backends the databases, in order: {@code sqlite}, {@code postgresql}
 * @param processes worker process counts of the throughput runs
 * @param trials trials of one throughput run, split evenly over its processes
 * @param askAt study sizes (finished trials) at which the ask time is measured, ascending
 * @param askSamples asks timed at each size and sampler
 * @param scaleProcesses worker processes of the scale run
 * @param scaleThreads threads per process of the scale run
 * @param scaleTrials trials of the scale run, split evenly over its processes
 * @param scaleTrialMillis how long each trial of the scale run works (sleeps), in milliseconds
 * @param warmupTrials trials each worker runs on a scratch study of its own before the measured
 *     study starts (JIT warm-up); 0 measures workers straight from JVM start
 * @param postgres the admin URL of an existing PostgreSQL server, or null to start an embedded one
 * @param dir where SQLite files and the embedded server's data go, or null for a temporary folder
 * @param workerJavaOpts JVM options of the worker processes, separated by spaces
 * @param workerCdsTrials trials of the training run that records, per backend, the classes a worker
 *     loads in a class-data-sharing archive the measured workers map at start; 0 for none
 * @param seed the sampler seed of worker 0 (worker {@code i} uses {@code seed + i})
 * @param out a JSON-lines file the results are appended to, or null for standard output only
 */
record StorageOptions(
        List<String> modes,
        List<String> backends,
        List<Integer> processes,
        int trials,
        List<Integer> askAt,
        int askSamples,
        int scaleProcesses,
        int scaleThreads,
        int scaleTrials,
        int scaleTrialMillis,
        int warmupTrials,
        String postgres,
        Path dir,
        String workerJavaOpts,
        int workerCdsTrials,
        long seed,
        Path out) {

    static final List<String> MODES = List.of("throughput", "ask-time", "scale");
    static final List<String> BACKENDS = List.of("sqlite", "postgresql");
    static final String DEFAULT_WORKER_JAVA_OPTS = "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";

    static final Set<String> NAMES = Set.of(
            "modes",
            "backends",
            "processes",
            "trials",
            "ask-at",
            "ask-samples",
            "scale-processes",
            "scale-threads",
            "scale-trials",
            "scale-trial-ms",
            "warmup-trials",
            "postgres",
            "dir",
            "worker-java-opts",
            "worker-cds",
            "seed",
            "out");

    static final String USAGE = """
            usage: storage [options]   durable storage: RandomSampler, trivial objective (x float, y int, kind
                                       categorical); worker processes (separate JVMs) share one study
              --modes LIST             throughput, ask-time, scale (default throughput,ask-time)
                                       throughput: trials/s from the first ask to the last tell;
                                       ask-time: one ask + 3 suggests at each --ask-at study size;
                                       scale: --scale-processes x --scale-threads workers, trials that
                                       sleep --scale-trial-ms, trials/s and ask latency (PostgreSQL only)
              --backends LIST          sqlite, postgresql (default sqlite,postgresql)
              --processes LIST         worker processes of the throughput runs (default 1,4)
              --trials N               trials per throughput run, split over its processes (default 2000)
              --ask-at LIST            finished trials at which ask time is measured (default 1000,10000)
              --ask-samples N          asks timed per study size and sampler (default 200)
              --scale-processes P      (default 4)
              --scale-threads T        threads per process (default 50)
              --scale-trials N         (default 4000)
              --scale-trial-ms M       (default 3)
              --warmup-trials W        trials each worker runs on a scratch study of its own before the
                                       measured study starts (JIT warm-up; default 0: cold workers)
              --postgres URL           admin URL of a running server, as in
                                       postgresql://postgres@127.0.0.1:5432/postgres; each run creates its own
                                       database there. Default: start an embedded PostgreSQL (fsync on,
                                       synchronous_commit on) for the duration of the command
              --dir DIR                where SQLite files and the embedded server's data go (default: a new
                                       temporary folder, deleted afterwards)
              --worker-java-opts OPTS  JVM options of the workers (default %s)
              --worker-cds N           before the runs, one worker per backend runs N trials on a scratch
                                       study and records the classes it loaded in a class-data-sharing
                                       archive (-XX:ArchiveClassesAtExit) that the measured workers map
                                       at start (-XX:SharedArchiveFile); they still start with a cold JIT.
                                       0: no archive (default 300)
              --seed SEED              sampler seed of worker 0; worker i uses SEED + i (default 0)
              --out FILE.jsonl         also append the result lines to FILE""".formatted(DEFAULT_WORKER_JAVA_OPTS);

    StorageOptions {
        modes = List.copyOf(modes);
        backends = List.copyOf(backends);
        processes = List.copyOf(processes);
        askAt = List.copyOf(askAt);
    }

    /** Parses the command line of {@code storage}. */
    static StorageOptions parse(List<String> args) {
        Args a = Args.parse(args, NAMES);
        List<Integer> askAt = a.integers("ask-at", List.of(1000, 10_000), 0);
        for (int i = 1; i < askAt.size(); i++) {
            if (askAt.get(i) < askAt.get(i - 1)) {
                throw new UsageException("--ask-at " + askAt + " is not ascending; list the sizes from small to large");
            }
        }
        String postgres = a.string("postgres", null);
        if (postgres != null && !postgres.startsWith("postgresql://") && !postgres.startsWith("postgres://")) {
            throw new UsageException("--postgres " + postgres + " is not a postgresql:// URL; give one such as"
                    + " postgresql://postgres@127.0.0.1:5432/postgres");
        }
        String dir = a.string("dir", null);
        String out = a.string("out", null);
        if (out != null && out.isBlank()) {
            throw new UsageException("--out is blank; give a file name such as results/storage.jsonl");
        }
        return new StorageOptions(
                words(a, "modes", List.of("throughput", "ask-time"), MODES),
                words(a, "backends", BACKENDS, BACKENDS),
                a.integers("processes", List.of(1, 4), 1),
                a.integer("trials", 2000, 1),
                askAt,
                a.integer("ask-samples", 200, 1),
                a.integer("scale-processes", 4, 1),
                a.integer("scale-threads", 50, 1),
                a.integer("scale-trials", 4000, 1),
                a.integer("scale-trial-ms", 3, 0),
                a.integer("warmup-trials", 0, 0),
                postgres,
                dir == null ? null : Path.of(dir),
                a.string("worker-java-opts", DEFAULT_WORKER_JAVA_OPTS),
                a.integer("worker-cds", 300, 0),
                a.longValue("seed", 0),
                out == null ? null : Path.of(out));
    }

    private static List<String> words(Args a, String name, List<String> fallback, List<String> known) {
        String raw = a.string(name, null);
        if (raw == null) {
            return fallback;
        }
        List<String> out = new ArrayList<>();
        for (String part : raw.split(",", -1)) {
            String w = part.trim();
            if (!known.contains(w)) {
                throw new UsageException(
                        "--" + name + " " + raw + ": unknown value '" + w + "'; use " + String.join(", ", known));
            }
            if (out.contains(w)) {
                throw new UsageException("--" + name + " " + raw + " lists " + w + " twice; list each value once");
            }
            out.add(w);
        }
        return List.copyOf(out);
    }

    /** Whether {@code mode} is to be measured. */
    boolean measures(String mode) {
        return modes.contains(mode);
    }

    /** {@code total} split over {@code parts} as evenly as possible, the larger shares first. */
    static int[] split(int total, int parts) {
        int[] shares = new int[parts];
        for (int i = 0; i < parts; i++) {
            shares[i] = total / parts + (i < total % parts ? 1 : 0);
        }
        return shares;
    }
}
