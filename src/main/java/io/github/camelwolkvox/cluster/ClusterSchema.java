package io.github.camelwolkvox.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.apache.camel.RuntimeCamelException;

/**
 * The tables of cluster mode: the module's own ({@code db/cluster-schema.sql}) and Quartz's
 * ({@code qrtz_*}, from Quartz's own script, only when missing: it starts with DROP TABLE). Created
 * under an advisory lock, because instances starting at the same moment would otherwise run the
 * same DDL together, which PostgreSQL does not make safe even with IF NOT EXISTS.
 */
final class ClusterSchema {

    private static final long SCHEMA_LOCK_KEY = 0x776f6c6b766f7801L;

    private ClusterSchema() {
    }

    static void create(DataSource dataSource) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(true);
            st.execute("SELECT pg_advisory_lock(" + SCHEMA_LOCK_KEY + ")");
            try {
                st.execute(resource("db/cluster-schema.sql"));
                boolean quartzPresent;
                try (ResultSet rs = st.executeQuery("SELECT to_regclass('qrtz_triggers') IS NOT NULL")) {
                    quartzPresent = rs.next() && rs.getBoolean(1);
                }
                if (!quartzPresent) {
                    st.execute(resource("org/quartz/impl/jdbcjobstore/tables_postgres.sql"));
                }
            } finally {
                st.execute("SELECT pg_advisory_unlock(" + SCHEMA_LOCK_KEY + ")");
            }
        } catch (SQLException e) {
            throw new RuntimeCamelException("Cannot create the tables of cluster mode (wolkvox_cluster_*, qrtz_*): " + e.getMessage(), e);
        }
    }

    static String resource(String location) {
        try (InputStream in = ClusterSchema.class.getClassLoader().getResourceAsStream(location)) {
            if (in == null) {
                throw new IllegalStateException("Not on the classpath: " + location);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
