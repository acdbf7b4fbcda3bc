package io.github.camelwolkvox;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The PostgreSQL server of the PostgreSQL tests: the one {@code .ci/run} starts, or any other named
 * by WOLKVOX_TEST_PG_URL (+ WOLKVOX_TEST_PG_USER / WOLKVOX_TEST_PG_PASSWORD). A test asking for it is
 * skipped when the variable is not set; locally: {@code eval "$(.ci/postgres.sh start)"} first.
 */
public final class TestPostgres {

    private TestPostgres() {
    }

    /** The JDBC URL; skips the calling test when none is set. */
    public static String url() {
        String url = System.getenv("WOLKVOX_TEST_PG_URL");
        assumeTrue(url != null && !url.isBlank(),
                "WOLKVOX_TEST_PG_URL is not set: PostgreSQL tests skipped (.ci/run sets it; locally run eval \"$(.ci/postgres.sh start)\")");
        return url;
    }

    public static String user() {
        return System.getenv().getOrDefault("WOLKVOX_TEST_PG_USER", "wolkvox");
    }

    public static String password() {
        return System.getenv().getOrDefault("WOLKVOX_TEST_PG_PASSWORD", "");
    }
}
