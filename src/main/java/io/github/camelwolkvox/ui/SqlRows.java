package io.github.camelwolkvox.ui;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

/** A query's rows as the page's JSON: column label (lower case) to value, numbers as numbers, times in ISO-8601. */
final class SqlRows {

    private SqlRows() {
    }

    static List<Map<String, Object>> query(DataSource dataSource, String sql, Object... parameters) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                st.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        Object value = rs.getObject(i);
                        if (value instanceof Timestamp || value instanceof java.time.temporal.TemporalAccessor) {
                            value = rs.getTimestamp(i).toInstant().toString();
                        } else if (value != null && !(value instanceof Number) && !(value instanceof Boolean)) {
                            value = value.toString();
                        }
                        row.put(meta.getColumnLabel(i).toLowerCase(Locale.ROOT), value);
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }
}
