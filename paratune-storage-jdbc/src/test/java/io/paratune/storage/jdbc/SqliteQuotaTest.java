package io.paratune.storage.jdbc;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

class SqliteQuotaTest extends QuotaBehaviour {
    private static final AtomicInteger FILES = new AtomicInteger();

    @TempDir
    Path dir;

    @Override
    protected String newUrl() {
        return "sqlite:" + dir.resolve("quota-" + FILES.incrementAndGet() + ".db");
    }
}
