package io.github.camelwolkvox.reports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.support.CamelContextHelper;

/**
 * Keeps every snapshot in the database and the change log between consecutive snapshots of a
 * report. Plain JDBC rather than camel-sql: a snapshot, its rows and its changes commit in one
 * transaction, so a failure never leaves half a snapshot for the next comparison to trip over.
 */
public class ReportHistory implements CamelContextAware {

    /** The account column of the default account's rows. */
    public static final String DEFAULT_ACCOUNT = "default";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> ROW = new TypeReference<>() {
    };

    private CamelContext camelContext;
    private String dataSourceRef = "wolkvoxDataSource";
    private DataSource dataSource;
    private String account = DEFAULT_ACCOUNT;

    /**
     * Stores the snapshot and the changes since the previous snapshot of the same report of the same
     * account (none for the first snapshot ever), and returns those changes.
     */
    public List<ReportChange> record(Snapshot snapshot) throws SQLException {
        Report report = snapshot.report();
        List<Map<String, String>> rows = snapshot.rows();
        try (Connection c = dataSource().getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                List<ReportChange> changes = previousRows(c, report)
                        .map(previous -> ReportDiff.between(report, previous, rows))
                        .orElse(Collections.emptyList());
                long id = insertSnapshot(c, snapshot);
                insertRows(c, report, id, rows);
                insertChanges(c, snapshot, id, changes);
                c.commit();
                return changes;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    private Optional<List<Map<String, String>>> previousRows(Connection c, Report report) throws SQLException {
        Long previous = null;
        try (PreparedStatement st = c.prepareStatement(
                "SELECT snapshot_id FROM wolkvox_report_snapshot WHERE account = ? AND report = ?"
                        + " ORDER BY snapshot_time DESC, snapshot_id DESC LIMIT 1")) {
            st.setString(1, account);
            st.setString(2, report.id());
            try (ResultSet rs = st.executeQuery()) {
                if (rs.next()) {
                    previous = rs.getLong(1);
                }
            }
        }
        if (previous == null) {
            return Optional.empty();
        }
        if (report.isApiReport()) {
            return Optional.of(apiRows(c, previous));
        }
        List<Map<String, String>> rows = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("SELECT " + String.join(", ", report.columns())
                + " FROM " + report.historyTable() + " WHERE snapshot_id = ?")) {
            st.setLong(1, previous);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    Map<String, String> row = new LinkedHashMap<>();
                    for (String column : report.columns()) {
                        row.put(column, rs.getString(column));
                    }
                    rows.add(row);
                }
            }
        }
        return Optional.of(rows);
    }

    /** The records of an API report's snapshot, in their order, from their JSON. */
    private static List<Map<String, String>> apiRows(Connection c, long snapshotId) throws SQLException {
        List<Map<String, String>> rows = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("SELECT record_json FROM " + Report.API_HISTORY_TABLE
                + " WHERE snapshot_id = ? ORDER BY position")) {
            st.setLong(1, snapshotId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    try {
                        rows.add(JSON.readValue(rs.getString(1), ROW));
                    } catch (JsonProcessingException e) {
                        throw new SQLException("Unreadable record of snapshot " + snapshotId + " in " + Report.API_HISTORY_TABLE, e);
                    }
                }
            }
        }
        return rows;
    }

    private static void insertApiRows(Connection c, Report report, long snapshotId, List<Map<String, String>> rows) throws SQLException {
        String key = report.keyColumn(rows);
        try (PreparedStatement st = c.prepareStatement("INSERT INTO " + Report.API_HISTORY_TABLE
                + " (snapshot_id, position, record_key, record_json) VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < rows.size(); i++) {
                st.setLong(1, snapshotId);
                st.setInt(2, i);
                st.setString(3, rows.get(i).get(key));
                try {
                    st.setString(4, JSON.writeValueAsString(rows.get(i)));
                } catch (JsonProcessingException e) {
                    throw new SQLException("Cannot write a " + report + " record as JSON", e);
                }
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    private long insertSnapshot(Connection c, Snapshot snapshot) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "INSERT INTO wolkvox_report_snapshot (account, report, snapshot_time, record_count) VALUES (?, ?, ?, ?)",
                new String[] {"snapshot_id"})) {
            st.setString(1, account);
            st.setString(2, snapshot.report().id());
            st.setObject(3, time(snapshot));
            st.setInt(4, snapshot.size());
            st.executeUpdate();
            try (ResultSet keys = st.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private void insertRows(Connection c, Report report, long snapshotId, List<Map<String, String>> rows) throws SQLException {
        if (report.isApiReport()) {
            insertApiRows(c, report, snapshotId, rows);
            return;
        }
        List<String> columns = report.columns();
        String sql = "INSERT INTO " + report.historyTable() + " (snapshot_id, " + String.join(", ", columns)
                + ") VALUES (?" + ", ?".repeat(columns.size()) + ")";
        try (PreparedStatement st = c.prepareStatement(sql)) {
            for (Map<String, String> row : rows) {
                st.setLong(1, snapshotId);
                for (int i = 0; i < columns.size(); i++) {
                    st.setString(i + 2, row.get(columns.get(i)));
                }
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    private void insertChanges(Connection c, Snapshot snapshot, long snapshotId, List<ReportChange> changes) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO wolkvox_report_change (snapshot_id, account, report,"
                + " snapshot_time, record_id, change_kind, field, old_value, new_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (ReportChange change : changes) {
                st.setLong(1, snapshotId);
                st.setString(2, account);
                st.setString(3, snapshot.report().id());
                st.setObject(4, time(snapshot));
                st.setString(5, fit(change.recordId(), 64));
                st.setString(6, change.kind().name());
                st.setString(7, change.field());
                st.setString(8, fit(change.oldValue(), 255));
                st.setString(9, fit(change.newValue(), 255));
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    /** A value cut to its column's width (an API report's field can be longer than a typed report's ever is). */
    private static String fit(String value, int width) {
        return value == null || value.length() <= width ? value : value.substring(0, width - 3) + "...";
    }

    private static OffsetDateTime time(Snapshot snapshot) {
        return snapshot.takenAt().atOffset(ZoneOffset.UTC);
    }

    /**
     * The DataSource, looked up by name on first use: YAML beans are created before the beans
     * configured in application.properties (camel.beans.wolkvoxDataSource) are bound.
     */
    private synchronized DataSource dataSource() {
        if (dataSource == null) {
            dataSource = CamelContextHelper.mandatoryLookup(camelContext, dataSourceRef, DataSource.class);
        }
        return dataSource;
    }

    public String getAccount() {
        return account;
    }

    /** The account whose snapshots this history keeps; empty for the default account. */
    public void setAccount(String account) {
        this.account = account == null || account.isBlank() ? DEFAULT_ACCOUNT : account.strip();
    }

    public String getDataSourceRef() {
        return dataSourceRef;
    }

    /** Registry name of the DataSource to use when none is set directly. */
    public void setDataSourceRef(String dataSourceRef) {
        this.dataSourceRef = dataSourceRef;
    }

    public DataSource getDataSource() {
        return dataSource;
    }

    public synchronized void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }
}
