package io.github.camelwolkvox.ui;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import io.github.camelwolkvox.component.WolkvoxFailure;

/**
 * The dead letters (wolkvox_dead_letter) and their re-queueing from the page. Re-queueing puts the
 * work back through the normal intake and never calls Wolkvox: a request row goes back to PENDING
 * (once), an activity code becomes a one-row file in the inbox. A dial or an interaction is
 * re-queued only when it provably never left this machine (its failure kind is one of
 * {@link #NEVER_SENT}): anything that may have reached Wolkvox could ring a customer twice.
 */
public final class DeadLetters {

    /** Failure kinds of a request that was never sent: no connection, or the account was paused before sending. */
    static final Set<String> NEVER_SENT = Set.of(WolkvoxFailure.CONNECT_FAILED.name(), WolkvoxFailure.ACCOUNT_PAUSED.name());
    private static final Pattern REQUEST_ROW = Pattern.compile("(wolkvox_dial_request|wolkvox_interaction_request) (\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource dataSource;
    private final Uploads uploads;

    public DeadLetters(DataSource dataSource, Uploads uploads) {
        this.dataSource = dataSource;
        this.uploads = uploads;
    }

    /** What a re-queue answers: done (with what it became), or why not (409), or no such dead letter. */
    public sealed interface Outcome {
    }

    public record Requeued(long id, String as) implements Outcome {
    }

    public record Refused(String reason) implements Outcome {
    }

    public record NotFound() implements Outcome {
    }

    /** The latest dead letters, newest first, each with whether it may be re-queued and why not. */
    public List<Map<String, Object>> latest(int limit) throws SQLException {
        List<Map<String, Object>> rows = SqlRows.query(dataSource, "SELECT id, operation, source, failure, error, created_at,"
                + " requeued_by, requeued_at, input FROM wolkvox_dead_letter ORDER BY id DESC LIMIT ?", limit);
        for (Map<String, Object> row : rows) {
            Optional<String> refusal = refusal(row);
            row.remove("input"); // the failed work's content stays in the table: the list is about what happened
            row.put("requeueable", refusal.isEmpty());
            row.put("why_not", refusal.orElse(null));
        }
        return rows;
    }

    /** Why the dead letter {@code row} may not be re-queued, judged from its record alone; empty when it may. */
    static Optional<String> refusal(Map<String, Object> row) {
        if (row.get("requeued_at") != null) {
            return Optional.of("already re-queued by " + row.get("requeued_by") + " at " + row.get("requeued_at"));
        }
        String failure = String.valueOf(row.get("failure"));
        if (REQUEST_ROW.matcher(String.valueOf(row.get("source"))).matches()) {
            if (NEVER_SENT.contains(failure)) {
                return Optional.empty();
            }
            if (failure.equals(WolkvoxFailure.REJECTED.name()) || failure.endsWith("ValidationException")) {
                return Optional.of("refused for its content (" + failure + "): sent again it would be refused again; correct the row");
            }
            return Optional.of("a " + row.get("operation") + " that failed with " + failure + " may have reached Wolkvox: it is"
                    + " never re-queued from the page (check in Wolkvox; only a request that was never sent can be re-queued)");
        }
        if ("createActivityCode".equals(row.get("operation")) && activityCode(row).isPresent()) {
            return Optional.empty(); // create/modify is idempotent: sending a code again cannot do it twice
        }
        return Optional.of("a " + row.get("operation") + " from " + row.get("source") + " has no intake to go back to from the page");
    }

    private static Optional<JsonNode> activityCode(Map<String, Object> row) {
        try {
            JsonNode input = JSON.readTree(String.valueOf(row.get("input")));
            return input != null && input.isObject() && input.has("cod_act") ? Optional.of(input) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Re-queues dead letter {@code id} for {@code who}: recorded on the dead letter (and, for a request
     * row, in wolkvox_request_resolution) in the same transaction, conditional on its not being
     * re-queued yet, so two clicks at once re-queue it once.
     */
    public Outcome requeue(long id, String who, String note) throws SQLException, IOException {
        List<Map<String, Object>> found = SqlRows.query(dataSource, "SELECT id, operation, source, failure, error, created_at,"
                + " requeued_by, requeued_at, input FROM wolkvox_dead_letter WHERE id = ?", id);
        if (found.isEmpty()) {
            return new NotFound();
        }
        Map<String, Object> row = found.get(0);
        Optional<String> refusal = refusal(row);
        if (refusal.isPresent()) {
            return new Refused(refusal.get());
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (update(c, "UPDATE wolkvox_dead_letter SET requeued_by = ?, requeued_at = CURRENT_TIMESTAMP"
                        + " WHERE id = ? AND requeued_at IS NULL", who, id) != 1) {
                    c.rollback();
                    return new Refused("already re-queued (by someone else just now)");
                }
                Outcome outcome = place(c, row, who, note);
                if (outcome instanceof Requeued) {
                    c.commit();
                } else {
                    c.rollback();
                }
                return outcome;
            } catch (SQLException | IOException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private Outcome place(Connection c, Map<String, Object> row, String who, String note) throws SQLException, IOException {
        Matcher request = REQUEST_ROW.matcher(String.valueOf(row.get("source")));
        if (request.matches()) {
            String table = request.group(1);
            long requestId = Long.parseLong(request.group(2));
            // WHERE status = 'FAILED': a row someone resolved, or re-queued by another dead letter, is left alone
            if (update(c, "UPDATE " + table + " SET status = 'PENDING', attempts = 0, next_attempt_at = CURRENT_TIMESTAMP,"
                    + " last_error = ?, updated_at = CURRENT_TIMESTAMP WHERE id = ? AND status = 'FAILED'",
                    "re-queued by " + who + " from dead letter " + row.get("id"), requestId) != 1) {
                return new Refused(table + " " + requestId + " is not FAILED (any more): nothing re-queued");
            }
            update(c, "INSERT INTO wolkvox_request_resolution (request_table, request_id, previous_status, new_status, resolved_by, note)"
                    + " VALUES (?, ?, 'FAILED', 'PENDING', ?, ?)", table, requestId, who,
                    "re-queued dead letter " + row.get("id") + (note == null ? "" : ": " + note));
            return new Requeued(((Number) row.get("id")).longValue(), table + " " + requestId + " PENDING");
        }
        // an activity code: a one-row file through the inbox, the intake's own path and result file
        JsonNode code = activityCode(row).orElseThrow();
        List<String> header = new ArrayList<>();
        code.fieldNames().forEachRemaining(header::add);
        StringWriter csv = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(csv, CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).build())) {
            printer.printRecord(header.stream().map(h -> code.path(h).asText("")).toList());
        }
        Path temp = Files.createTempFile("wolkvox-requeue", ".csv");
        try {
            Files.writeString(temp, csv.toString(), StandardCharsets.UTF_8);
            Uploads.Outcome placed = uploads.accept(temp, "dead-letter-" + row.get("id") + ".csv", null, false, true);
            return placed instanceof Uploads.Accepted accepted ? new Requeued(((Number) row.get("id")).longValue(),
                    "upload " + accepted.id()) : new Refused("the inbox refused it: " + placed);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setObject(i + 1, params[i]);
            }
            return st.executeUpdate();
        }
    }
}
