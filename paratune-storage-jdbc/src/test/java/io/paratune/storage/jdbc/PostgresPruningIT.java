package io.paratune.storage.jdbc;

class PostgresPruningIT extends PruningBehaviour {
    @Override
    protected String newUrl() {
        return TestPostgres.newUrl();
    }
}
