package io.github.camelwolkvox.reports;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.camelwolkvox.db.WolkvoxDataSource;

/**
 * The two-account reports host on a real PostgreSQL server: the one {@code .ci/run} starts, or any
 * other named by WOLKVOX_TEST_PG_URL (+ WOLKVOX_TEST_PG_USER / WOLKVOX_TEST_PG_PASSWORD). Skipped when
 * the variable is not set; locally: {@code eval "$(.ci/postgres.sh start)"} first.
 */
class ReportsTemplateInHostPostgresTest extends ReportsTemplateInHostTest {

    @Override
    WolkvoxDataSource openDatabase() {
        String url = System.getenv("WOLKVOX_TEST_PG_URL");
        assumeTrue(url != null && !url.isBlank(),
                "WOLKVOX_TEST_PG_URL is not set: PostgreSQL tests skipped (.ci/run sets it; locally run eval \"$(.ci/postgres.sh start)\")");
        WolkvoxDataSource ds = new WolkvoxDataSource();
        ds.setJdbcUrl(url);
        ds.setUsername(System.getenv().getOrDefault("WOLKVOX_TEST_PG_USER", "wolkvox"));
        ds.setPassword(System.getenv().getOrDefault("WOLKVOX_TEST_PG_PASSWORD", ""));
        ds.setMaximumPoolSize(2);
        ds.setSchemaScripts("classpath:db/reports-schema.sql");
        return ds;
    }
}
