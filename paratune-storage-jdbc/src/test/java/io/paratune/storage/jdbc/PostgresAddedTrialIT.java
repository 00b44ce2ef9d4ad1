package io.paratune.storage.jdbc;

class PostgresAddedTrialIT extends AddedTrialBehaviour {
    @Override
    protected String newUrl() {
        return TestPostgres.newUrl();
    }
}
