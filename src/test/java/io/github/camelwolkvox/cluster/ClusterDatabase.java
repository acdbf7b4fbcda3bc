package io.github.camelwolkvox.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import io.github.camelwolkvox.TestPostgres;
import io.github.camelwolkvox.db.WolkvoxDataSource;

/**
 * A schema of its own on the test PostgreSQL ({@link TestPostgres}; the test is skipped without
 * one), so a cluster test starts from empty tables; dropped on close.
 */
final class ClusterDatabase implements AutoCloseable {

    final String schema = "cluster_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    final String url;

    ClusterDatabase() throws SQLException {
        String base = TestPostgres.url();
        try (Connection c = plain(base); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
        url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    Map<String, String> settings() {
        return Map.of("wolkvox.db.url", url, "wolkvox.db.user", TestPostgres.user(), "wolkvox.db.password", TestPostgres.password());
    }

    /** The module's own pool on this schema, with the queue tables. */
    WolkvoxDataSource dataSource(String poolName) {
        WolkvoxDataSource ds = new WolkvoxDataSource();
        ds.setJdbcUrl(url);
        ds.setUsername(TestPostgres.user());
        ds.setPassword(TestPostgres.password());
        ds.setMaximumPoolSize(3);
        ds.setPoolName(poolName);
        ds.setSchemaScripts("classpath:db/queue-schema.sql,classpath:db/operations-schema.sql");
        return ds;
    }

    Connection connect() throws SQLException {
        return plain(url);
    }

    long count(String sql, Object... params) throws SQLException {
        try (Connection c = connect(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    int update(String sql, Object... params) throws SQLException {
        try (Connection c = connect(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            return st.executeUpdate();
        }
    }

    private static Connection plain(String url) throws SQLException {
        return DriverManager.getConnection(url, TestPostgres.user(), TestPostgres.password());
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = plain(TestPostgres.url()); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }
}
