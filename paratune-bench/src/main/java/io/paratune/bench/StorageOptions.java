package io.paratune.bench;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The options of the {@code storage} benchmark, a picocli mixin of {@link StorageCommand}. */
final class StorageOptions {
    static final List<String> MODES = List.of("throughput", "ask-time", "scale");
    static final List<String> BACKENDS = List.of("sqlite", "postgresql");
    static final String DEFAULT_WORKER_JAVA_OPTS = "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";

    /** What to measure, in order: {@code throughput}, {@code ask-time}, {@code scale}. */
    @Option(
            names = "--modes",
            split = ",",
            paramLabel = "MODE",
            defaultValue = "throughput,ask-time",
            description = {
                "throughput, ask-time, scale (default: ${DEFAULT-VALUE})",
                "throughput: trials/s from the first ask to the last tell;",
                "ask-time: one ask + 3 suggests at each --ask-at study size;",
                "scale: --scale-processes x --scale-threads workers, trials that sleep --scale-trial-ms, trials/s and"
                        + " ask latency (PostgreSQL only)"
            })
    List<String> modes;

    /** The databases, in order: {@code sqlite}, {@code postgresql}. */
    @Option(
            names = "--backends",
            split = ",",
            paramLabel = "BACKEND",
            defaultValue = "sqlite,postgresql",
            description = "sqlite, postgresql (default: ${DEFAULT-VALUE})")
    List<String> backends;

    /** Worker process counts of the throughput runs. */
    @Option(
            names = "--processes",
            split = ",",
            paramLabel = "P",
            defaultValue = "1,4",
            description = "worker processes of the throughput runs (default: ${DEFAULT-VALUE})")
    @AtLeast(1)
    List<Integer> processes;

    /** Trials of one throughput run, split evenly over its processes. */
    @Option(
            names = "--trials",
            paramLabel = "N",
            defaultValue = "2000",
            description = "trials per throughput run, split over its processes (default: ${DEFAULT-VALUE})")
    @AtLeast(1)
    int trials;

    /** Study sizes (finished trials) at which the ask time is measured, ascending. */
    @Option(
            names = "--ask-at",
            split = ",",
            paramLabel = "N",
            defaultValue = "1000,10000",
            description = "finished trials at which ask time is measured (default: ${DEFAULT-VALUE})")
    @AtLeast(0)
    List<Integer> askAt;

    /** Asks timed at each size and sampler. */
    @Option(
            names = "--ask-samples",
            paramLabel = "N",
            defaultValue = "200",
            description = "asks timed per study size and sampler (default: ${DEFAULT-VALUE})")
    @AtLeast(1)
    int askSamples;

    /** Worker processes of the scale run. */
    @Option(
            names = "--scale-processes",
            paramLabel = "P",
            defaultValue = "4",
            description = "(default: ${DEFAULT-VALUE})")
    @AtLeast(1)
    int scaleProcesses;

    /** Threads per process of the scale run. */
    @Option(
            names = "--scale-threads",
            paramLabel = "T",
            defaultValue = "50",
            description = "threads per process (default: ${DEFAULT-VALUE})")
    @AtLeast(1)
    int scaleThreads;

    /** Trials of the scale run, split evenly over its processes. */
    @Option(
            names = "--scale-trials",
            paramLabel = "N",
            defaultValue = "4000",
            description = "(default: ${DEFAULT-VALUE})")
    @AtLeast(1)
    int scaleTrials;

    /** How long each trial of the scale run works (sleeps), in milliseconds. */
    @Option(
            names = "--scale-trial-ms",
            paramLabel = "M",
            defaultValue = "3",
            description = "(default: ${DEFAULT-VALUE})")
    @AtLeast(0)
    int scaleTrialMillis;

    /**
     * Trials each worker runs on a scratch study of its own before the measured study starts (JIT
     * warm-up); 0 measures workers straight from JVM start.
     */
    @Option(
            names = "--warmup-trials",
            paramLabel = "W",
            defaultValue = "0",
            description = "trials each worker runs on a scratch study of its own before the measured study starts"
                    + " (JIT warm-up; default ${DEFAULT-VALUE}: cold workers)")
    @AtLeast(0)
    int warmupTrials;

    /** The admin URL of an existing PostgreSQL server, or null to start an embedded one. */
    @Option(
            names = "--postgres",
            paramLabel = "URL",
            description = "admin URL of a running server, as in postgresql://postgres@127.0.0.1:5432/postgres; each"
                    + " run creates its own database there. Default: start an embedded PostgreSQL (fsync on,"
                    + " synchronous_commit on) for the duration of the command")
    String postgres;

    /** Where SQLite files and the embedded server's data go, or null for a temporary folder. */
    @Option(
            names = "--dir",
            paramLabel = "DIR",
            description = "where SQLite files and the embedded server's data go (default: a new temporary folder,"
                    + " deleted afterwards)")
    Path dir;

    /** JVM options of the worker processes, separated by spaces. */
    @Option(
            names = "--worker-java-opts",
            paramLabel = "OPTS",
            defaultValue = DEFAULT_WORKER_JAVA_OPTS,
            description = "JVM options of the workers (default: ${DEFAULT-VALUE})")
    String workerJavaOpts;

    /**
     * Trials of the training run that records, per backend, the classes a worker loads in a
     * class-data-sharing archive the measured workers map at start; 0 for none.
     */
    @Option(
            names = "--worker-cds",
            paramLabel = "N",
            defaultValue = "300",
            description = "before the runs, one worker per backend runs N trials on a scratch study and records the"
                    + " classes it loaded in a class-data-sharing archive (-XX:ArchiveClassesAtExit) that the"
                    + " measured workers map at start (-XX:SharedArchiveFile); they still start with a cold JIT."
                    + " 0: no archive (default: ${DEFAULT-VALUE})")
    @AtLeast(0)
    int workerCdsTrials;

    /** The sampler seed of worker 0 (worker {@code i} uses {@code seed + i}). */
    @Option(
            names = "--seed",
            paramLabel = "SEED",
            defaultValue = "0",
            description = "sampler seed of worker 0; worker i uses SEED + i (default: ${DEFAULT-VALUE})")
    long seed;

    /** A JSON-lines file the results are appended to, or null for standard output only. */
    @Option(names = "--out", paramLabel = "FILE.jsonl", description = "also append the result lines to FILE")
    Path out;

    /**
     * Refuses what the options' types and bounds let through: unknown modes or backends, study sizes
     * out of order, a URL that is no PostgreSQL one, a blank output file.
     *
     * @throws UsageException naming the option, the value and the fix
     */
    void check() {
        modes = words("--modes", modes, MODES);
        backends = words("--backends", backends, BACKENDS);
        for (int i = 1; i < askAt.size(); i++) {
            if (askAt.get(i) < askAt.get(i - 1)) {
                throw new UsageException("--ask-at " + askAt + " is not ascending; list the sizes from small to large");
            }
        }
        if (postgres != null && !postgres.startsWith("postgresql://") && !postgres.startsWith("postgres://")) {
            throw new UsageException("--postgres " + postgres + " is not a postgresql:// URL; give one such as"
                    + " postgresql://postgres@127.0.0.1:5432/postgres");
        }
        if (out != null && out.toString().isBlank()) {
            throw new UsageException("--out is blank; give a file name such as results/storage.jsonl");
        }
        if (measures("scale") && !backends.contains("postgresql")) {
            throw new UsageException("--modes scale runs on PostgreSQL; add postgresql to --backends");
        }
    }

    /** The {@code given} words trimmed, each one of {@code known} and named once. */
    private static List<String> words(String name, List<String> given, List<String> known) {
        List<String> words = given.stream().map(String::trim).toList();
        for (String w : words) {
            if (!known.contains(w)) {
                throw new UsageException(name + " " + String.join(",", given) + ": unknown value '" + w + "'; use "
                        + String.join(", ", known));
            }
            if (words.indexOf(w) != words.lastIndexOf(w)) {
                throw new UsageException(
                        name + " " + String.join(",", given) + " lists " + w + " twice; list each value once");
            }
        }
        return words;
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
