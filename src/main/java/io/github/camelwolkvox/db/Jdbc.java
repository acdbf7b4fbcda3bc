package io.github.camelwolkvox.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

/**
 * One statement, one transaction, committed before the call returns whatever the pool's
 * auto-commit: a host's pool with auto-commit off must not roll back a claim or an outcome when the
 * connection goes back to it. Works on an interrupted thread too (a shutdown must still record what
 * happened): the interrupt is set aside for the statement and restored after it.
 */
public final class Jdbc {

    /** SQLSTATE of a unique-constraint violation, the same on H2 and PostgreSQL. */
    public static final String UNIQUE_VIOLATION = "23505";

    private Jdbc() {
    }

    /** @return the update count */
    public static int update(DataSource dataSource, String sql, Object... params) throws SQLException {
        return run(dataSource, sql, params, st -> st.executeUpdate());
    }

    /** An INSERT into a table with an identity column {@code id}: the new id. */
    public static long insert(DataSource dataSource, String sql, Object... params) throws SQLException {
        boolean interrupted = Thread.interrupted();
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql, new String[] {"id"})) {
            return inTransaction(c, () -> {
                bind(st, params);
                st.executeUpdate();
                try (ResultSet keys = st.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            });
        } finally {
            restore(interrupted);
        }
    }

    /** The first row of a query (column labels in lower case), if any. */
    public static Optional<Map<String, Object>> queryOne(DataSource dataSource, String sql, Object... params) throws SQLException {
        return query(dataSource, sql, params).stream().findFirst();
    }

    /** The rows of a query, column labels in lower case. */
    public static List<Map<String, Object>> query(DataSource dataSource, String sql, Object... params) throws SQLException {
        return run(dataSource, sql, params, st -> {
            try (ResultSet rs = st.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                List<Map<String, Object>> rows = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.put(md.getColumnLabel(i).toLowerCase(Locale.ROOT), rs.getObject(i));
                    }
                    rows.add(row);
                }
                return rows;
            }
        });
    }

    private interface Work<T> {
        T apply(PreparedStatement st) throws SQLException;
    }

    private interface Step<T> {
        T run() throws SQLException;
    }

    private static <T> T run(DataSource dataSource, String sql, Object[] params, Work<T> work) throws SQLException {
        boolean interrupted = Thread.interrupted();
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            return inTransaction(c, () -> {
                bind(st, params);
                return work.apply(st);
            });
        } finally {
            restore(interrupted);
        }
    }

    private static <T> T inTransaction(Connection c, Step<T> step) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        try {
            T result = step.run();
            if (!autoCommit) {
                c.commit();
            }
            return result;
        } catch (SQLException | RuntimeException e) {
            if (!autoCommit) {
                c.rollback();
            }
            throw e;
        }
    }

    private static void bind(PreparedStatement st, Object[] params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            st.setObject(i + 1, params[i]);
        }
    }

    private static void restore(boolean interrupted) {
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
