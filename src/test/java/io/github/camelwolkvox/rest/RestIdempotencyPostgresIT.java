package io.github.camelwolkvox.rest;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;

import io.github.camelwolkvox.TestPostgres;

/** Idempotency keys and REST records on a real PostgreSQL server ({@link TestPostgres}; skipped without one). */
class RestIdempotencyPostgresIT extends AbstractRestIdempotencyIT {

    /** Each test starts from empty tables (the server is shared; the schema is the module's own). */
    @BeforeEach
    void emptyTables() {
        try (Connection c = DriverManager.getConnection(TestPostgres.url(), TestPostgres.user(), TestPostgres.password());
             Statement st = c.createStatement()) {
            for (String table : new String[] {"wolkvox_idempotency_key", "wolkvox_dial_request", "wolkvox_interaction_request"}) {
                if (c.getMetaData().getTables(null, null, table, null).next()) {
                    st.execute("DELETE FROM " + table);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    Map<String, String> database() {
        return Map.of("wolkvox.db.url", TestPostgres.url(), "wolkvox.db.user", TestPostgres.user(), "wolkvox.db.password", TestPostgres.password());
    }
}
