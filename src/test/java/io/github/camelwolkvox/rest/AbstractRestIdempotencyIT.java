package io.github.camelwolkvox.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.camelwolkvox.component.CallPriority;
import io.github.camelwolkvox.component.TokenGuard;
import io.github.camelwolkvox.component.TokenLane;
import io.github.camelwolkvox.db.Jdbc;
import io.github.camelwolkvox.sandbox.WolkvoxSandbox;

/**
 * Idempotency keys and the record of every REST dial and interaction, over real HTTP against the
 * running job and its sandbox; a restart keeps the keys. Run once per database (H2, PostgreSQL).
 */
abstract class AbstractRestIdempotencyIT {

    private static final String API_KEY = "idem-key";

    @TempDir
    Path data;

    /** Unique per test: the token's lane is JVM-wide. */
    private final String token = "idem-test-token-" + UUID.randomUUID();
    private final List<RunningApp> apps = new ArrayList<>();
    private RunningApp app;
    private int restPort;

    /** The database settings of this run (none: the isolated H2 file); may skip the test. */
    abstract Map<String, String> database();

    private RunningApp start(String... settings) throws Exception {
        Map<String, String> all = new java.util.HashMap<>(database());
        all.putAll(Map.of("wolkvox.token", token, "wolkvox.sandbox.enabled", "true",
                "wolkvox.rest.api-keys", API_KEY, "wolkvox.reports.cron", "0 0 3 1 1 ?", "wolkvox.queue.instance-name", "rest-a"));
        if (restPort != 0) {
            all.put("wolkvox.rest.port", String.valueOf(restPort));
        }
        for (int i = 0; i < settings.length; i += 2) {
            all.put(settings[i], settings[i + 1]);
        }
        app = RunningApp.start(data, all);
        restPort = app.port;
        apps.add(app);
        return app;
    }

    @AfterEach
    void stop() {
        apps.forEach(RunningApp::close);
    }

    private WolkvoxSandbox sandbox() {
        return app.sandbox();
    }

    private HttpRequest post(String path, String key, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(app.uri("/api/v1" + path)).header("X-API-Key", API_KEY)
                .header("Content-Type", "application/json").POST(BodyPublishers.ofString(json));
        if (key != null) {
            b.header("Idempotency-Key", key);
        }
        return b.build();
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return app.send(request);
    }

    private static String dial(String phone) {
        return "{\"agent_id\":\"1001\",\"customer_phone\":\"" + phone + "\",\"customer_name\":\"Ana\"}";
    }

    private long dialsTo(String phone) {
        return sandbox().dials().stream().filter(c -> phone.equals(c.query().get("customer_phone"))).count();
    }

    private Optional<Map<String, Object>> row(String sql, Object... params) throws SQLException {
        return Jdbc.queryOne(app.context().getRegistry().lookupByNameAndType("wolkvoxDataSource", DataSource.class), sql, params);
    }

    private long count(String sql, Object... params) throws SQLException {
        return ((Number) row(sql, params).orElseThrow().values().iterator().next()).longValue();
    }

    @Test
    void twoPostsWithOneKeyRingTheCustomerOnceAndGetTheSameAnswer() throws Exception {
        start();
        HttpResponse<String> first = send(post("/dials", "crm-order-777", dial("3004440001")));
        HttpResponse<String> second = send(post("/dials", "crm-order-777", dial("3004440001")));

        System.out.printf("[figure] two POSTs with one Idempotency-Key -> %d call(s) at the test double%n", dialsTo("3004440001"));
        assertThat(dialsTo("3004440001")).isEqualTo(1);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(RunningApp.json(second).path("conn_id").asText()).isEqualTo(RunningApp.json(first).path("conn_id").asText())
                .isNotBlank();
        // One record of the dial, in the request table every trigger uses.
        Map<String, Object> record = row("SELECT * FROM wolkvox_dial_request WHERE idempotency_key = ?", "crm-order-777").orElseThrow();
        assertThat(record).containsEntry("source", "rest").containsEntry("status", "DONE").containsEntry("attempts", 1)
                .containsEntry("customer_phone", "3004440001").containsEntry("claimed_by", "rest-a")
                .containsEntry("conn_id", RunningApp.json(first).path("conn_id").asText());
        assertThat(count("SELECT COUNT(*) FROM wolkvox_dial_request WHERE source = 'rest'")).isEqualTo(1);
    }

    @Test
    void theSameKeyWithAnotherBodyIs422AndNothingIsSent() throws Exception {
        start();
        assertThat(send(post("/dials", "k-422", dial("3004440002"))).statusCode()).isEqualTo(200);
        HttpResponse<String> other = send(post("/dials", "k-422", dial("3004440003")));

        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(RunningApp.json(other).path("error").asText()).isEqualTo("idempotency_mismatch");
        assertThat(dialsTo("3004440003")).isZero();
        // Keys are per operation: the same key on another resource is another request.
        HttpResponse<String> interaction = send(post("/interactions", "k-422", "{\"from\":\"a@example.com\",\"to\":\"b@example.com\","
                + "\"subject\":\"Hi\",\"body\":\"Call me\",\"rp_id\":\"102\"}"));
        assertThat(interaction.statusCode()).isEqualTo(200);
        assertThat(row("SELECT source, status FROM wolkvox_interaction_request WHERE idempotency_key = 'k-422'").orElseThrow())
                .containsEntry("source", "rest").containsEntry("status", "DONE");
    }

    @Test
    void aRepeatWhileTheFirstIsStillWaitingIs409() throws Exception {
        start();
        TokenLane lane = TokenGuard.laneFor(token, "default", 1);
        CompletableFuture<HttpResponse<String>> first;
        try (TokenLane.Turn held = lane.acquire(CallPriority.interactive, Duration.ofSeconds(5))) {
            first = app.client().sendAsync(post("/dials", "k-409", dial("3004440004")), HttpResponse.BodyHandlers.ofString());
            await().atMost(Duration.ofSeconds(20)).until(() -> lane.queueDepth() == 1);
            HttpResponse<String> repeat = send(post("/dials", "k-409", dial("3004440004")));
            assertThat(repeat.statusCode()).isEqualTo(409);
            assertThat(RunningApp.json(repeat).path("error").asText()).isEqualTo("idempotency_conflict");
            // Still waiting for the token: not recorded yet (the row is written when the call gets its turn).
            assertThat(count("SELECT COUNT(*) FROM wolkvox_dial_request WHERE idempotency_key = 'k-409'")).isZero();
        }
        assertThat(first.get().statusCode()).isEqualTo(200);
        assertThat(send(post("/dials", "k-409", dial("3004440004"))).statusCode()).isEqualTo(200);
        assertThat(dialsTo("3004440004")).isEqualTo(1);
    }

    @Test
    void aHundredConcurrentPostsWithTenKeysMakeTenCalls() throws Exception {
        start();
        sandbox().setLatencyMillis(20);
        List<CompletableFuture<HttpResponse<String>>> answers = IntStream.range(0, 100)
                .mapToObj(i -> app.client().sendAsync(post("/dials", "burst-" + (i % 10), dial("30055500" + (10 + i % 10))),
                        HttpResponse.BodyHandlers.ofString()))
                .toList();
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> a : answers) {
            statuses.add(a.get().statusCode());
        }

        System.out.printf("[figure] 100 concurrent POSTs with 10 Idempotency-Keys -> %d calls at the test double"
                + " (answers: %d x 200, %d x 409)%n", sandbox().dials().size(),
                statuses.stream().filter(s -> s == 200).count(), statuses.stream().filter(s -> s == 409).count());
        assertThat(sandbox().dials()).hasSize(10);
        IntStream.range(0, 10).forEach(k -> assertThat(dialsTo("30055500" + (10 + k))).as("key burst-" + k).isEqualTo(1));
        assertThat(statuses).containsOnly(200, 409).contains(200);
        assertThat(count("SELECT COUNT(*) FROM wolkvox_dial_request WHERE source = 'rest'")).isEqualTo(10);
    }

    @Test
    void keysSurviveARestartAndExpiredOnesGo() throws Exception {
        start();
        JsonNode first = RunningApp.json(send(post("/dials", "k-restart", dial("3004440005"))));
        assertThat(send(post("/dials", "k-expired", dial("3004440006"))).statusCode()).isEqualTo(200);
        app.close();

        start(); // a new process on the same database (and a new sandbox, which has seen nothing)
        HttpResponse<String> again = send(post("/dials", "k-restart", dial("3004440005")));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(RunningApp.json(again).path("conn_id").asText()).isEqualTo(first.path("conn_id").asText());
        assertThat(sandbox().dials()).isEmpty();

        // A key past wolkvox.rest.idempotency-ttl is gone: the same key is a new request again.
        Jdbc.update(app.context().getRegistry().lookupByNameAndType("wolkvoxDataSource", DataSource.class),
                "UPDATE wolkvox_idempotency_key SET expires_at = CURRENT_TIMESTAMP - INTERVAL '1' SECOND WHERE idempotency_key = 'k-expired'");
        HttpResponse<String> afterExpiry = send(post("/dials", "k-expired", dial("3004440006")));
        assertThat(afterExpiry.statusCode()).isEqualTo(200);
        assertThat(afterExpiry.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(dialsTo("3004440006")).isEqualTo(1);
    }

    @Test
    void expiredKeysAreRemovedByTheNextRun() throws Exception {
        start("wolkvox.rest.idempotency-ttl", "1");
        assertThat(send(post("/dials", "k-ttl", dial("3004440007"))).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                count("SELECT COUNT(*) FROM wolkvox_idempotency_key WHERE expires_at < CURRENT_TIMESTAMP") == 1);
        app.close();
        start();
        assertThat(send(post("/dials", "k-other", dial("3004440017"))).statusCode()).isEqualTo(200);
        assertThat(count("SELECT COUNT(*) FROM wolkvox_idempotency_key WHERE idempotency_key = 'k-ttl'")).isZero();
        assertThat(count("SELECT COUNT(*) FROM wolkvox_idempotency_key WHERE idempotency_key = 'k-other'")).isEqualTo(1);
    }

    @Test
    void aCallThatWasNotMadeReleasesTheKeySoTheRetryIsSent() throws Exception {
        start("wolkvox.rest.max-wait", "300");
        TokenLane lane = TokenGuard.laneFor(token, "default", 1);
        HttpResponse<String> busy;
        try (TokenLane.Turn held = lane.acquire(CallPriority.interactive, Duration.ofSeconds(5))) {
            busy = send(post("/dials", "k-503", dial("3004440008")));
        }
        assertThat(busy.statusCode()).isEqualTo(503);
        assertThat(count("SELECT COUNT(*) FROM wolkvox_dial_request WHERE idempotency_key = 'k-503'")).isZero();
        HttpResponse<String> retry = send(post("/dials", "k-503", dial("3004440008")));
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(dialsTo("3004440008")).isEqualTo(1);
    }

    @Test
    void aRefusedInteractionIsRecordedFailedAndItsAnswerIsKept() throws Exception {
        start();
        String body = "{\"from\":\"a@example.com\",\"to\":\"b@example.com\",\"subject\":\"Hi\",\"body\":\"Call me\",\"rp_id\":\"999\"}";
        HttpResponse<String> refused = send(post("/interactions", "k-refused", body));
        HttpResponse<String> repeat = send(post("/interactions", "k-refused", body));

        assertThat(refused.statusCode()).isEqualTo(502);
        assertThat(RunningApp.json(refused).path("retryable").asBoolean()).isFalse();
        assertThat(repeat.statusCode()).isEqualTo(502);
        assertThat(repeat.body()).isEqualTo(refused.body());
        assertThat(repeat.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        Map<String, Object> record = row("SELECT status, last_error, source FROM wolkvox_interaction_request"
                + " WHERE idempotency_key = 'k-refused'").orElseThrow();
        assertThat(record).containsEntry("status", "FAILED").containsEntry("source", "rest");
        assertThat(record.get("last_error")).asString().contains("Routing point 999 does not exist");
    }

    @Test
    void anAsynchronousDialIsAnswered202AndSentByTheQueueOnce() throws Exception {
        start("wolkvox.queue.poll-interval", "100");
        HttpResponse<String> accepted = send(post("/requests/dials", "k-async", dial("3004440010")));

        assertThat(accepted.statusCode()).isEqualTo(202);
        String location = accepted.headers().firstValue("Location").orElseThrow();
        assertThat(location).matches("/api/v1/requests/dial-\\d+");
        assertThat(RunningApp.json(accepted).path("id").asText()).isEqualTo(location.substring(location.lastIndexOf('/') + 1));
        HttpRequest status = HttpRequest.newBuilder(app.uri(location)).header("X-API-Key", API_KEY).GET().build();
        await().atMost(Duration.ofSeconds(20)).until(() -> RunningApp.json(send(status)).path("status").asText().equals("DONE"));
        JsonNode done = RunningApp.json(send(status));
        assertThat(done.path("source").asText()).isEqualTo("rest-async");
        assertThat(done.path("conn_id").asText()).isNotBlank();
        assertThat(done.path("attempts").asInt()).isEqualTo(1);

        HttpResponse<String> repeat = send(post("/requests/dials", "k-async", dial("3004440010")));
        assertThat(repeat.statusCode()).isEqualTo(202);
        assertThat(repeat.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(RunningApp.json(repeat).path("id").asText()).isEqualTo(done.path("id").asText());
        assertThat(dialsTo("3004440010")).isEqualTo(1);

        for (String unknown : List.of("/api/v1/requests/dial-999999", "/api/v1/requests/nothing")) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(app.uri(unknown)).header("X-API-Key", API_KEY).GET().build());
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(RunningApp.json(r).path("error").asText()).isEqualTo("not_found");
        }
    }

    @Test
    void aBadKeyIs400NamingTheHeader() throws Exception {
        start();
        HttpResponse<String> r = send(post("/dials", "x".repeat(300), dial("3004440009")));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(RunningApp.json(r).path("fields").get(0).path("field").asText()).isEqualTo("Idempotency-Key");
        assertThat(dialsTo("3004440009")).isZero();
    }
}
