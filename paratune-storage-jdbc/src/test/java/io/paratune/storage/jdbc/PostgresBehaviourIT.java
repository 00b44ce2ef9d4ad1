package io.paratune.storage.jdbc;

class PostgresBehaviourIT extends JdbcBehaviour {
    @Override
    protected String newUrl() {
        return TestPostgres.newUrl();
    }
}
