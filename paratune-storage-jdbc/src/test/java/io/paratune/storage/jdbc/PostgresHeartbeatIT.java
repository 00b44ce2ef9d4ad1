package io.paratune.storage.jdbc;

class PostgresHeartbeatIT extends HeartbeatBehaviour {
    @Override
    protected String newUrl() {
        return TestPostgres.newUrl();
    }
}
