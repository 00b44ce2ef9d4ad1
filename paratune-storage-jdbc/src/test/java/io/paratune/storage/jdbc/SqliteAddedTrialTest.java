package io.paratune.storage.jdbc;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

class SqliteAddedTrialTest extends AddedTrialBehaviour {
    private static final AtomicInteger FILES = new AtomicInteger();

    @TempDir
    Path dir;

    @Override
    protected String newUrl() {
        return "sqlite:" + dir.resolve("added-" + FILES.incrementAndGet() + ".db");
    }
}
