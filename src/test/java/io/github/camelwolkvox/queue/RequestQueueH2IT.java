package io.github.camelwolkvox.queue;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

/** The request-queue lifecycle on the default database: an embedded H2 file in PostgreSQL mode. */
class RequestQueueH2IT extends AbstractRequestQueueIT {

    @TempDir
    Path dir;

    @Override
    TestDatabase openDatabase() {
        return new TestDatabase("jdbc:h2:file:" + dir.resolve("wolkvox") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                "sa", "");
    }
}
