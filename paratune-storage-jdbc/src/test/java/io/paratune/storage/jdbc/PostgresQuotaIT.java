package io.paratune.storage.jdbc;

class PostgresQuotaIT extends QuotaBehaviour {
    @Override
    protected String newUrl() {
        return TestPostgres.newUrl();
    }
}
