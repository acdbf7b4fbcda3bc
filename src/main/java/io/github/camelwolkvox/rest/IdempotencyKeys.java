package io.github.camelwolkvox.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.camelwolkvox.component.WolkvoxValidationException;
import io.github.camelwolkvox.component.WolkvoxValidationException.FieldError;
import io.github.camelwolkvox.db.Jdbc;
import io.github.camelwolkvox.queue.RequestQueue;

/**
 * The REST API's {@code Idempotency-Key} (IETF httpapi draft): a POST repeated with the same key
 * and the same body gets the first answer back without a new Wolkvox call, also after a restart and
 * from another instance on the same database; the same key with another body gets 422; a repeat
 * while the first is still under way gets 409. The keys live in the table
 * {@code wolkvox_idempotency_key}, never only in memory, and expire after
 * {@code wolkvox.rest.idempotency-ttl}.
 *
 * <p>An answer that says the same request may simply be sent again (503, or {@code retryable: true})
 * is not kept: the key is released, and a repeat is a new attempt.
 */
public class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";
    /** Route variables: the caller's key (from the header) and the operation the key belongs to. */
    public static final String KEY = RequestQueue.IDEMPOTENCY_KEY;
    public static final String OPERATION = "operation";
    /** Route variable: true when the answer is the stored one of an earlier request. */
    public static final String REPLAYED = "replayed";
    /** Answer header on a stored answer. */
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private static final Logger LOG = LoggerFactory.getLogger(IdempotencyKeys.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Visible ASCII, as the draft's sf-string allows; the column holds 255. */
    private static final Pattern KEY_SYNTAX = Pattern.compile("[\\x20-\\x7E]{1,255}");
    private static final String OWNED = "idempotencyKeyOwned";
    private static final long SWEEP_EVERY_MILLIS = 60_000;

    private DataSource dataSource;
    private RequestQueue queue;
    private long ttl = 86_400_000;
    private volatile long nextSweep;

    private boolean recovered;

    /**
     * At the first key of this run, before it is taken: what the previous run left. Not at start-up,
     * so a job that never uses keys never needs the database for them.
     */
    private synchronized void recoverOnce() throws SQLException {
        if (!recovered) {
            recover();
            sweep();
            recovered = true;
        }
    }

    /**
     * Keys this instance left RUNNING when it stopped: without a recorded call (the wait for the
     * token, an activity-code batch, which is safe to repeat) they are released; with one, its
     * outcome is unknown, and that is the answer a repeat gets (never a second call).
     */
    void recover() throws SQLException {
        String owner = queue.getInstanceName();
        int released = Jdbc.update(dataSource, "DELETE FROM wolkvox_idempotency_key AS k WHERE state = 'RUNNING' AND owner = ?"
                + " AND NOT (operation = 'dial' AND EXISTS (SELECT 1 FROM wolkvox_dial_request d"
                + "  WHERE d.source = 'rest' AND d.idempotency_key = k.idempotency_key))"
                + " AND NOT (operation = 'interaction' AND EXISTS (SELECT 1 FROM wolkvox_interaction_request i"
                + "  WHERE i.source = 'rest' AND i.idempotency_key = k.idempotency_key))", owner);
        String unknown = RestErrorBody.of(502, "upstream_error", "outcome unknown: the service stopped during this request's"
                + " Wolkvox call; check in Wolkvox (the request tables show the row) before sending it with a new key",
                Map.of("failure", "OUTCOME_UNKNOWN", "retryable", false));
        int stopped = Jdbc.update(dataSource, "UPDATE wolkvox_idempotency_key SET state = 'DONE', response_status = 502,"
                + " response_body = ? WHERE state = 'RUNNING' AND owner = ?", unknown, owner);
        if (released + stopped > 0) {
            LOG.warn("Idempotency keys {} left running when it stopped: {} released (no call made), {} answer 'outcome unknown'",
                    owner, released, stopped);
        }
    }

    /**
     * Before the call: with no key, nothing to do. A new key is taken (RUNNING); a known one is
     * answered from the table (stored answer, 409 or 422) and the call is not made.
     */
    public void begin(Exchange exchange) throws SQLException, JsonProcessingException {
        String key = exchange.getVariable(KEY, String.class);
        if (key == null) {
            return;
        }
        if (!KEY_SYNTAX.matcher(key).matches()) {
            throw new WolkvoxValidationException(List.of(new FieldError(HEADER,
                    "must be 1 to 255 visible ASCII characters (a UUID, an order id)")));
        }
        String operation = exchange.getVariable(OPERATION, String.class);
        String hash = hash(operation, exchange.getMessage().getBody());
        recoverOnce();
        sweepIfDue();
        // Two rounds: the row may expire or be released between our insert and our read.
        for (int round = 0; round < 2; round++) {
            try {
                Jdbc.update(dataSource, "INSERT INTO wolkvox_idempotency_key (operation, idempotency_key, request_hash, state, owner,"
                        + " expires_at) VALUES (?, ?, ?, 'RUNNING', ?, CURRENT_TIMESTAMP + CAST(? AS BIGINT) * INTERVAL '0.001' SECOND)",
                        operation, key, hash, queue.getInstanceName(), ttl);
                exchange.setVariable(OWNED, true);
                return;
            } catch (SQLException e) {
                if (!Jdbc.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
            }
            Optional<Map<String, Object>> known = Jdbc.queryOne(dataSource, "SELECT request_hash, state, response_status, response_body,"
                    + " CASE WHEN expires_at < CURRENT_TIMESTAMP THEN 1 ELSE 0 END AS expired"
                    + " FROM wolkvox_idempotency_key WHERE operation = ? AND idempotency_key = ?", operation, key);
            if (known.isEmpty()) {
                continue;
            }
            Map<String, Object> row = known.get();
            if (((Number) row.get("expired")).intValue() == 1) {
                Jdbc.update(dataSource, "DELETE FROM wolkvox_idempotency_key WHERE operation = ? AND idempotency_key = ?"
                        + " AND expires_at < CURRENT_TIMESTAMP", operation, key);
                continue;
            }
            if (!hash.equals(row.get("request_hash"))) {
                throw new RestRefusalException(422, "idempotency_mismatch", "the " + HEADER + " was already used with another request body;"
                        + " use a new key for a new request");
            }
            if ("RUNNING".equals(row.get("state"))) {
                throw new RestRefusalException(409, "idempotency_conflict", "the first request with this " + HEADER + " is still under way;"
                        + " send it again later to get its answer");
            }
            replay(exchange, ((Number) row.get("response_status")).intValue(), String.valueOf(row.get("response_body")));
            return;
        }
        throw new RestRefusalException(409, "idempotency_conflict", "the " + HEADER + " is in use by a concurrent request; send it again later");
    }

    /**
     * After the answer is known (success, or an error body made by the error mapping): the outcome
     * of a recorded dial or interaction goes into its row, and the answer is kept for the key, or the
     * key released when the answer says the request may be sent again as it is.
     */
    public void finish(Exchange exchange) throws SQLException, JsonProcessingException {
        if (exchange.getVariable(RequestQueue.CLAIMED, false, Boolean.class)) {
            if (exchange.getProperty(Exchange.EXCEPTION_CAUGHT) == null) {
                queue.succeeded(exchange);
            } else {
                queue.failed(exchange);
            }
            queue.writeOutcome(exchange);
            exchange.setVariable(RequestQueue.CLAIMED, false);
        }
        if (!exchange.getVariable(OWNED, false, Boolean.class)) {
            return;
        }
        exchange.setVariable(OWNED, false);
        String operation = exchange.getVariable(OPERATION, String.class);
        String key = exchange.getVariable(KEY, String.class);
        Message message = exchange.getMessage();
        int status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class);
        String body = json(message.getBody());
        if (status == 503 || JSON.readTree(body).path("retryable").asBoolean(false)) {
            Jdbc.update(dataSource, "DELETE FROM wolkvox_idempotency_key WHERE operation = ? AND idempotency_key = ?", operation, key);
        } else {
            Jdbc.update(dataSource, "UPDATE wolkvox_idempotency_key SET state = 'DONE', response_status = ?, response_body = ?"
                    + " WHERE operation = ? AND idempotency_key = ?", status, body, operation, key);
        }
    }

    private static void replay(Exchange exchange, int status, String body) throws JsonProcessingException {
        exchange.setVariable(REPLAYED, true);
        Message message = exchange.getMessage();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(REPLAYED_HEADER, "true");
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        // A success goes through the REST binding (which writes objects); an error body is sent as is.
        message.setBody(status < 300 ? JSON.readValue(body, JsonNode.class) : body);
    }

    /** Expired keys go by themselves: swept at the first key of a run and at most once a minute as keys are used. */
    private void sweepIfDue() throws SQLException {
        if (System.currentTimeMillis() >= nextSweep) {
            sweep();
        }
    }

    void sweep() throws SQLException {
        nextSweep = System.currentTimeMillis() + SWEEP_EVERY_MILLIS;
        int n = Jdbc.update(dataSource, "DELETE FROM wolkvox_idempotency_key WHERE expires_at < CURRENT_TIMESTAMP");
        if (n > 0) {
            LOG.debug("{} expired idempotency key(s) removed", n);
        }
    }

    /** The request as it will be sent (validated, normalised), hashed with its operation. */
    private static String hash(String operation, Object body) throws JsonProcessingException {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((operation + "\n" + json(body)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    private static String json(Object body) throws JsonProcessingException {
        return body instanceof String s ? s : JSON.writeValueAsString(body);
    }

    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The queue bean: its instance name owns the keys, its state machine records dials and interactions. */
    public void setQueue(RequestQueue queue) {
        this.queue = queue;
    }

    /** Milliseconds a key and its answer are kept (wolkvox.rest.idempotency-ttl). */
    public void setTtl(long ttl) {
        this.ttl = ttl;
    }
}
