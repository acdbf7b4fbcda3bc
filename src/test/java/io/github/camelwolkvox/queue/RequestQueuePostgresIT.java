package io.github.camelwolkvox.queue;

import io.github.camelwolkvox.TestPostgres;

/** The request-queue lifecycle on a real PostgreSQL server ({@link TestPostgres}; skipped without one). */
class RequestQueuePostgresIT extends AbstractRequestQueueIT {

    @Override
    TestDatabase openDatabase() {
        return new TestDatabase(TestPostgres.url(), TestPostgres.user(), TestPostgres.password());
    }
}
