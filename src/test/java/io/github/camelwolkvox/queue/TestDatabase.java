package io.github.camelwolkvox.queue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.camelwolkvox.db.WolkvoxDataSource;

/** A test's view of the module's database: the same DataSource class (so the same DDL), plain JDBC. */
final class TestDatabase implements AutoCloseable {

    final String url;
    final String user;
    final String password;
    private final WolkvoxDataSource dataSource = new WolkvoxDataSource();

    TestDatabase(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
        dataSource.setJdbcUrl(url);
        dataSource.setUsername(user);
        dataSource.setPassword(password);
        dataSource.setMaximumPoolSize(2);
        dataSource.setSchemaScripts("classpath:db/queue-schema.sql,classpath:db/operations-schema.sql");
    }

    Map<String, String> settings() {
        return Map.of("wolkvox.db.url", url, "wolkvox.db.user", user, "wolkvox.db.password", password);
    }

    int update(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = prepare(c, sql, params)) {
            return st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    long insert(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql, new String[] {"id"})) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            st.executeUpdate();
            try (ResultSet keys = st.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    List<Map<String, Object>> query(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = prepare(c, sql, params);
             ResultSet rs = st.executeQuery()) {
            ResultSetMetaData md = rs.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnLabel(i).toLowerCase(), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    Map<String, Object> row(String table, long id) {
        return query("SELECT * FROM " + table + " WHERE id = ?", id).get(0);
    }

    long count(String sql, Object... params) {
        return ((Number) query(sql, params).get(0).values().iterator().next()).longValue();
    }

    long dial(String account, String agentId, String phone) {
        return insert("INSERT INTO wolkvox_dial_request (account, agent_id, customer_phone, customer_name) VALUES (?, ?, ?, ?)",
                account, agentId, phone, "Customer " + phone);
    }

    long interaction(String account, String from, String subject, String rpId) {
        return insert("INSERT INTO wolkvox_interaction_request (account, \"from\", \"to\", subject, body, rp_id)"
                + " VALUES (?, ?, 'care@example.com', ?, 'Please call me back', ?)", account, from, subject, rpId);
    }

    void clear() {
        for (String table : RequestQueue.TABLES) {
            update("DELETE FROM " + table);
            update("DELETE FROM wolkvox_dead_letter WHERE source LIKE ?", table + " %");
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement st = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            st.setObject(i + 1, params[i]);
        }
        return st;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
