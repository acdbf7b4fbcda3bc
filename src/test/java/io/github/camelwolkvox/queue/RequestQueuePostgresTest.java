package io.github.camelwolkvox.queue;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The request-queue lifecycle on a real PostgreSQL server: the one {@code .ci/run} starts, or any
 * other named by WOLKVOX_TEST_PG_URL (+ WOLKVOX_TEST_PG_USER / WOLKVOX_TEST_PG_PASSWORD). Skipped when
 * the variable is not set; locally: {@code eval "$(.ci/postgres.sh start)"} first.
 */
class RequestQueuePostgresTest extends AbstractRequestQueueTest {

    @Override
    TestDatabase openDatabase() {
        String url = System.getenv("WOLKVOX_TEST_PG_URL");
        assumeTrue(url != null && !url.isBlank(),
                "WOLKVOX_TEST_PG_URL is not set: PostgreSQL tests skipped (.ci/run sets it; locally run eval \"$(.ci/postgres.sh start)\")");
        return new TestDatabase(url, System.getenv().getOrDefault("WOLKVOX_TEST_PG_USER", "wolkvox"),
                System.getenv().getOrDefault("WOLKVOX_TEST_PG_PASSWORD", ""));
    }
}
