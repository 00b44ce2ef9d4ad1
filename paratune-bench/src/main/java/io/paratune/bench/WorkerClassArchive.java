package io.paratune.bench;

import static io.paratune.bench.StorageContext.STUDY;
import static io.paratune.bench.StorageContext.WORKER_TIMEOUT_SECONDS;

import io.paratune.Study;
import io.paratune.storage.jdbc.JdbcStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Records the class-data-sharing archive that the {@code storage} benchmark's measured workers of
 * one backend map at start.
 */
final class WorkerClassArchive {
    private WorkerClassArchive() {}

    /**
     * Runs one worker for {@code --worker-cds} trials on a scratch study and keeps the classes it
     * loaded in an archive for the measured workers of {@code backend} (AppCDS); without an archive
     * (an older JVM, a failed run) the workers start without one.
     */
    static void build(StorageContext ctx, String backend) throws IOException, InterruptedException {
        StorageOptions o = ctx.options;
        if (!WorkerProcess.classPathIsJars()) {
            ctx.err.println(backend + " workers start without a class-data-sharing archive: the class path has"
                    + " folders, and an archive needs jar files (run the benchmark jar)");
            return;
        }
        Path archive = ctx.dir.resolve("worker-" + backend + ".jsa").toAbsolutePath();
        Files.deleteIfExists(archive);
        StorageContext.Target target = ctx.fresh(backend, "cds", 1);
        try {
            try (JdbcStorage storage = JdbcStorage.open(target.url())) {
                Study.builder().name(STUDY).storage(storage).create();
            }
            Path runDir = Files.createDirectories(ctx.dir.resolve("workers"));
            WorkerProcess w = WorkerProcess.start(
                    o.workerJavaOpts + " -XX:ArchiveClassesAtExit=" + archive,
                    List.of(
                            "--url",
                            target.url(),
                            "--study",
                            STUDY,
                            "--trials",
                            String.valueOf(o.workerCdsTrials),
                            "--seed",
                            String.valueOf(o.seed)),
                    runDir,
                    "cds-" + backend);
            try {
                w.awaitReady();
                w.go();
                w.await(WORKER_TIMEOUT_SECONDS); // the archive is written when the JVM exits
            } catch (RuntimeException e) {
                ctx.err.println(backend + " workers start without a class-data-sharing archive: " + e.getMessage());
                Files.deleteIfExists(archive);
                return;
            } finally {
                w.kill();
            }
        } finally {
            ctx.dispose(target);
        }
        if (Files.isRegularFile(archive) && Files.size(archive) > 0) {
            ctx.cdsOptions.put(backend, " -XX:SharedArchiveFile=" + archive);
            ctx.err.printf(
                    Locale.ROOT,
                    "%s workers map a class-data-sharing archive of %,d KiB (%d training" + " trials)%n",
                    backend,
                    Files.size(archive) / 1024,
                    o.workerCdsTrials);
        } else {
            ctx.err.println(backend + " workers start without a class-data-sharing archive: the training run left"
                    + " none (see cds-" + backend + ".log in " + ctx.dir.resolve("workers") + ")");
        }
    }
}
