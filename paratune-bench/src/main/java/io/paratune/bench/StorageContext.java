package io.paratune.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the runs of one {@code storage} command share (options, folder, streams, PostgreSQL server,
 * worker archives), including the fresh database that each run gets from it.
 */
final class StorageContext {
    /** The name of the measured study in every database. */
    static final String STUDY = "bench";
    /** How long a worker process may take, from its start signal to its result. */
    static final long WORKER_TIMEOUT_SECONDS = 1800;

    final StorageOptions options;
    final Path dir;
    final PrintStream out;
    final PrintStream err;
    final String system;
    final String runtime;
    BenchPostgres postgres;
    String postgresSettings;
    /** Per backend, the JVM options that map the workers' class-data-sharing archive. */
    final Map<String, String> cdsOptions = new HashMap<>();

    private final String suffix;
    private final AtomicInteger runs = new AtomicInteger();

    StorageContext(
            StorageOptions options,
            Path dir,
            PrintStream out,
            PrintStream err,
            String system,
            String runtime,
            String suffix) {
        this.options = options;
        this.dir = dir;
        this.out = out;
        this.err = err;
        this.system = system;
        this.runtime = runtime;
        this.suffix = suffix;
    }

    /** A fresh database for one run: its storage URL and how to remove it. */
    record Target(String backend, String url, String database, Path sqliteFile) {}

    Target fresh(String backend, String mode, int processes) {
        String name = "paratune_bench_" + mode.replace('-', '_') + "_p" + processes + "_" + suffix + "_"
                + runs.incrementAndGet();
        if (backend.equals("sqlite")) {
            Path file = dir.resolve(name + ".db").toAbsolutePath();
            return new Target(backend, "sqlite:" + file, null, file);
        }
        return new Target(backend, postgres.freshDatabase(name), name, null);
    }

    void dispose(Target t) throws IOException {
        if (t.sqliteFile() != null) {
            for (String end : List.of("", "-wal", "-shm", "-journal")) {
                Files.deleteIfExists(Path.of(t.sqliteFile() + end));
            }
        } else {
            postgres.dropDatabase(t.database());
        }
    }
}
