package io.github.camelwolkvox.rest;

import java.util.Map;

/** Idempotency keys and REST records on the default database: the job's H2 file (in the test's folder). */
class RestIdempotencyH2IT extends AbstractRestIdempotencyIT {

    @Override
    Map<String, String> database() {
        return Map.of();
    }
}
