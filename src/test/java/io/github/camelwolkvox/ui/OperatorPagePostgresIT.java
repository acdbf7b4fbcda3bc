package io.github.camelwolkvox.ui;

import java.util.Map;

import io.github.camelwolkvox.TestPostgres;

/**
 * The page's API against PostgreSQL (its tables, the duplicate look-up, the resolution's
 * transaction): every test of {@link OperatorPageApiIT}. Skipped without WOLKVOX_TEST_PG_URL.
 */
class OperatorPagePostgresIT extends OperatorPageApiIT {

    @Override
    Map<String, String> database() {
        return Map.of(
                "wolkvox.db.url", TestPostgres.url(),
                "wolkvox.db.user", TestPostgres.user(),
                "wolkvox.db.password", TestPostgres.password(),
                // rows other tests left in the shared database are not this test's to dial
                "wolkvox.queue.enabled", "false");
    }
}
