package io.paratune.storage.jdbc;

import io.paratune.storage.Storage;
import io.paratune.testkit.StorageContract;

/** PostgreSQL against the shared storage contract, each test on a new database. */
class PostgresStorageIT extends StorageContract {
    @Override
    protected Storage newStorage() {
        return JdbcStorage.open(TestPostgres.newUrl());
    }
}
