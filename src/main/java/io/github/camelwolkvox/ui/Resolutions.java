package io.github.camelwolkvox.ui;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import io.github.camelwolkvox.queue.RequestStatus;

/**
 * The request rows that need a person, and what a person decides about them. A row the job left
 * UNKNOWN (the call may have reached Wolkvox) can only be marked DONE or FAILED here, after checking
 * in Wolkvox: both are final states the queue never claims, so nothing is ever sent again from the
 * page. Each decision is recorded with who and when in {@code wolkvox_request_resolution}.
 */
public final class Resolutions {

    /** Kind of request (the page's word) and its table: the only table names that reach SQL. */
    static final Map<String, String> TABLES = Map.of(
            "dials", "wolkvox_dial_request",
            "interactions", "wolkvox_interaction_request");
    private static final Map<String, String> COLUMNS = Map.of(
            "dials", "id, account, agent_id, customer_phone, customer_id, customer_name, status, attempts, last_error, updated_at",
            "interactions", "id, account, \"from\", \"to\", subject, rp_id, status, attempts, last_error, updated_at");
    private static final Set<RequestStatus> DECISIONS = Set.of(RequestStatus.DONE, RequestStatus.FAILED);
    private static final int MAX_OPERATOR = 200;
    private static final int MAX_NOTE = 1000;

    private final DataSource dataSource;

    public Resolutions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Rows of {@code kind} in {@code status}, most recently updated first. */
    public List<Map<String, Object>> rows(String kind, RequestStatus status, int limit) throws SQLException {
        return SqlRows.query(dataSource, "SELECT " + COLUMNS.get(kind) + " FROM " + table(kind)
                + " WHERE status = ? ORDER BY updated_at DESC, id DESC LIMIT ?", status.name(), limit);
    }

    /**
     * Marks the UNKNOWN row {@code id} of {@code kind} as {@code decision} (DONE or FAILED), recorded
     * as decided by {@code operator}. False when the row is not (or no longer) UNKNOWN: nothing changed.
     */
    public boolean resolve(String kind, long id, RequestStatus decision, String operator, String note) throws SQLException {
        String table = table(kind);
        if (!DECISIONS.contains(decision)) {
            throw new IllegalArgumentException("status must be DONE or FAILED");
        }
        String who = operator(operator);
        String why = note(note);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                // WHERE status = 'UNKNOWN': two people deciding at once, or the row changed meanwhile, change it once at most
                int changed;
                try (PreparedStatement st = c.prepareStatement("UPDATE " + table + " SET status = ?, last_error = ?,"
                        + " updated_at = CURRENT_TIMESTAMP WHERE id = ? AND status = 'UNKNOWN'")) {
                    st.setString(1, decision.name());
                    // operator and note are bounded above, so the line fits last_error (2000)
                    st.setString(2, "marked " + decision + " by " + who + " after checking in Wolkvox" + (why == null ? "" : ": " + why));
                    st.setLong(3, id);
                    changed = st.executeUpdate();
                }
                if (changed == 1) {
                    try (PreparedStatement st = c.prepareStatement("INSERT INTO wolkvox_request_resolution"
                            + " (request_table, request_id, previous_status, new_status, resolved_by, note) VALUES (?, ?, 'UNKNOWN', ?, ?, ?)")) {
                        st.setString(1, table);
                        st.setLong(2, id);
                        st.setString(3, decision.name());
                        st.setString(4, who);
                        st.setString(5, why);
                        st.executeUpdate();
                    }
                }
                c.commit();
                return changed == 1;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** Who acts, checked: required, bounded (it goes into last_error and resolved_by). */
    static String operator(String operator) {
        String who = operator == null ? "" : operator.strip();
        if (who.isEmpty() || who.length() > MAX_OPERATOR) {
            throw new IllegalArgumentException("operator is required (your name, at most " + MAX_OPERATOR + " characters)");
        }
        return who;
    }

    /** A note, checked: optional, bounded. */
    static String note(String note) {
        String why = note == null || note.isBlank() ? null : note.strip();
        if (why != null && why.length() > MAX_NOTE) {
            throw new IllegalArgumentException("note is at most " + MAX_NOTE + " characters");
        }
        return why;
    }

    /** The decisions recorded, newest first; {@code kind} is the page's word for the table. */
    public List<Map<String, Object>> history(int limit) throws SQLException {
        List<Map<String, Object>> rows = SqlRows.query(dataSource, "SELECT request_table AS kind, request_id AS id, previous_status,"
                + " new_status, resolved_by, note, resolved_at FROM wolkvox_request_resolution"
                + " ORDER BY resolved_at DESC, wolkvox_request_resolution.id DESC LIMIT ?", limit);
        rows.forEach(row -> TABLES.forEach((kind, table) -> row.replace("kind", table, kind)));
        return rows;
    }

    private static String table(String kind) {
        String table = TABLES.get(kind);
        if (table == null) {
            throw new IllegalArgumentException("kind must be one of " + TABLES.keySet());
        }
        return table;
    }
}
