package io.github.camelwolkvox.reports;

import io.github.camelwolkvox.TestPostgres;
import io.github.camelwolkvox.db.WolkvoxDataSource;

/** The two-account reports host on a real PostgreSQL server ({@link TestPostgres}; skipped without one). */
class ReportsTemplateInHostPostgresIT extends ReportsTemplateInHostIT {

    @Override
    WolkvoxDataSource openDatabase() {
        WolkvoxDataSource ds = new WolkvoxDataSource();
        ds.setJdbcUrl(TestPostgres.url());
        ds.setUsername(TestPostgres.user());
        ds.setPassword(TestPostgres.password());
        ds.setMaximumPoolSize(2);
        ds.setSchemaScripts("classpath:db/reports-schema.sql");
        return ds;
    }
}
