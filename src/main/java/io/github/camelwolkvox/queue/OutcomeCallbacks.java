package io.github.camelwolkvox.queue;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.OnCamelContextStarting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.camelwolkvox.db.Jdbc;

/**
 * Sends the outcome of each request row that ended (DONE, FAILED, REJECTED, UNKNOWN) to its
 * callback URL (the row's callback_url, else wolkvox.queue.callback-url) as JSON, signed with
 * HMAC-SHA256 of the body under wolkvox.queue.callback.secret in {@value #SIGNATURE_HEADER}
 * ({@code sha256=<hex>}), so the receiver can tell it came from here. What is due lives in the row
 * (callback_status PENDING, callback_next_at), so a restart loses no callback; an answer other than
 * 2xx is tried again with the queue's back-off, up to wolkvox.queue.callback-max-attempts, then the
 * callback is FAILED with the reason in callback_error. A receiver may get a callback twice (a crash
 * between its answer and our write): it should use the request id to ignore a repeat.
 */
public class OutcomeCallbacks implements OnCamelContextStarting {

    public static final String SIGNATURE_HEADER = "X-Wolkvox-Signature";
    private static final Logger LOG = LoggerFactory.getLogger(OutcomeCallbacks.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A receiver gets this long to answer; the lease keeps other instances off the row meanwhile. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final long LEASE_MILLIS = 60_000;
    private static final int BATCH = 20;

    /**
     * Made at the first callback, not with the bean: a JDK HttpClient sets up TLS (the default
     * SSLContext, the trusted certificates) and a selector thread, a tenth of a second of start-up
     * that most jobs (no callback URL) never use.
     */
    private volatile HttpClient http;
    private DataSource dataSource;
    private RequestQueue queue;
    private String secret = "";
    private int maxAttempts = 10;

    private HttpClient http() {
        HttpClient client = http;
        if (client == null) {
            synchronized (this) {
                if (http == null) {
                    http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
                }
                client = http;
            }
        }
        return client;
    }

    /** A global callback URL without a secret, or one that is not http(s), fails the start. */
    @Override
    public void onContextStarting(CamelContext context) {
        String url = queue.getCallbackUrl();
        if (!url.isEmpty()) {
            if (!url.matches("(?i)https?://\\S+")) {
                throw new IllegalStateException("wolkvox.queue.callback-url (WOLKVOX_QUEUE_CALLBACK_URL) must be an http:// or"
                        + " https:// URL");
            }
            if (secret.isEmpty()) {
                throw new IllegalStateException("wolkvox.queue.callback-url is set but wolkvox.queue.callback.secret"
                        + " (WOLKVOX_QUEUE_CALLBACK_SECRET) is empty: callbacks are signed with it");
            }
        }
    }

    /** Sends the callbacks that are due, of both tables; called by the routes of the template wolkvox-queue-callbacks. */
    public int sendDue() throws SQLException {
        int sent = 0;
        for (String table : RequestQueue.TABLES) {
            List<Map<String, Object>> due = Jdbc.query(dataSource, "SELECT * FROM " + table + " WHERE callback_status = 'PENDING'"
                    + " AND callback_next_at <= CURRENT_TIMESTAMP ORDER BY id LIMIT " + BATCH);
            for (Map<String, Object> row : due) {
                long id = ((Number) row.get("id")).longValue();
                // The lease: only the instance that moves callback_next_at on sends this one now.
                if (Jdbc.update(dataSource, "UPDATE " + table + " SET callback_next_at = CURRENT_TIMESTAMP + CAST(? AS BIGINT)"
                        + " * INTERVAL '0.001' SECOND WHERE id = ? AND callback_status = 'PENDING' AND callback_next_at <= CURRENT_TIMESTAMP",
                        LEASE_MILLIS, id) == 1) {
                    sent += send(table, id, row) ? 1 : 0;
                }
            }
        }
        return sent;
    }

    private boolean send(String table, long id, Map<String, Object> row) throws SQLException {
        String url = row.get("callback_url") instanceof String own && !own.isBlank() ? own.strip() : queue.getCallbackUrl();
        int attempt = ((Number) row.get("callback_attempts")).intValue() + 1;
        String failure;
        try {
            if (secret.isEmpty()) {
                throw new IllegalStateException("wolkvox.queue.callback.secret is not set: callbacks are signed with it");
            }
            String body = JSON.writeValueAsString(outcome(table, row));
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .header(SIGNATURE_HEADER, "sha256=" + sign(body))
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
            int status = http().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 == 2) {
                Jdbc.update(dataSource, "UPDATE " + table + " SET callback_status = 'SENT', callback_attempts = ?, callback_error = NULL"
                        + " WHERE id = ?", attempt, id);
                return true;
            }
            failure = "HTTP " + status;
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            failure = e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        }
        boolean last = attempt >= maxAttempts;
        long delay = queue.retryDelayMillis(attempt);
        Jdbc.update(dataSource, "UPDATE " + table + " SET callback_status = ?, callback_attempts = ?, callback_error = ?,"
                + " callback_next_at = CURRENT_TIMESTAMP + CAST(? AS BIGINT) * INTERVAL '0.001' SECOND WHERE id = ?",
                last ? "FAILED" : "PENDING", attempt, "attempt " + attempt + ": " + failure, delay, id);
        LOG.warn("Outcome callback of {} {} to {} failed ({}): {}", table, id, hostOf(url),
                last ? "given up after " + attempt + " attempts" : "next try in " + delay + " ms", failure);
        return false;
    }

    /** Only the host goes into the log: a URL may carry credentials or a token in its path or query. */
    private static String hostOf(String url) {
        try {
            return URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return "(not a URL)";
        }
    }

    /** The JSON a receiver gets: the request's id (as GET /api/v1/requests/{id} names it) and outcome. */
    static Map<String, Object> outcome(String table, Map<String, Object> row) {
        boolean dial = table.equals(RequestQueue.TABLES.get(0));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", (dial ? "dial-" : "interaction-") + row.get("id"));
        out.put("type", dial ? "dial" : "interaction");
        out.put("status", row.get("status"));
        out.put(dial ? "conn_id" : "result_msg", row.get(dial ? "conn_id" : "result_msg"));
        out.put("last_error", row.get("last_error"));
        out.put("attempts", row.get("attempts"));
        out.put("source", row.get("source"));
        out.put("external_ref", row.get("external_ref"));
        out.put("idempotency_key", row.get("idempotency_key"));
        out.put("updated_at", row.get("updated_at") instanceof OffsetDateTime t ? t.toInstant().toString() : String.valueOf(row.get("updated_at")));
        return out;
    }

    private String sign(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }

    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The queue bean: its global callback URL and back-off. */
    public void setQueue(RequestQueue queue) {
        this.queue = queue;
    }

    /** The HMAC key (wolkvox.queue.callback.secret); never logged. */
    public void setSecret(String secret) {
        this.secret = secret == null ? "" : secret;
    }

    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }
}
