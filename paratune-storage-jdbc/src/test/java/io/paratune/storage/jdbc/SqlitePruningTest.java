package io.paratune.storage.jdbc;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

class SqlitePruningTest extends PruningBehaviour {
    private static final AtomicInteger FILES = new AtomicInteger();

    @TempDir
    Path dir;

    @Override
    protected String newUrl() {
        return "sqlite:" + dir.resolve("pruning-" + FILES.incrementAndGet() + ".db");
    }
}
