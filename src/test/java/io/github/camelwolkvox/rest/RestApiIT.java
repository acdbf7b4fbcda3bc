package io.github.camelwolkvox.rest;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.camelwolkvox.component.AccountCircuit;
import io.github.camelwolkvox.component.TokenGuard;
import io.github.camelwolkvox.component.WolkvoxComponent;
import io.github.camelwolkvox.component.TokenLane;
import io.github.camelwolkvox.component.model.ActivityCode;
import io.github.camelwolkvox.sandbox.SandboxCall;
import io.github.camelwolkvox.sandbox.SandboxFault;
import io.github.camelwolkvox.sandbox.WolkvoxSandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The REST API of the running job over real HTTP, against the sandbox: endpoints, errors, auth, priority. */
class RestApiIT {

    /** Unique per run: the token's lane is JVM-wide, this class starts it fresh. */
    private static final String TOKEN = "rest-test-token-" + UUID.randomUUID();
    private static final String KEY = "key-two";

    @TempDir
    static Path data;

    private static RunningApp app;
    private static WolkvoxSandbox sandbox;
    private static TokenLane lane;

    @BeforeAll
    static void start() throws Exception {
        app = RunningApp.start(data, Map.of(
                "wolkvox.token", TOKEN,
                "wolkvox.sandbox.enabled", "true",
                "wolkvox.rest.api-keys", "key-one, key-two",
                "wolkvox.rest.max-wait", "2000",
                "wolkvox.rest.retry-after", "7",
                "wolkvox.quota.retry-interval", "300",
                // no scheduled report pull during the test: every pull is one a REST request caused
                "wolkvox.reports.cron", "0 0 3 1 1 ?"));
        sandbox = app.sandbox();
        // this class's own lane, found by its token (other test classes in the JVM also have a "default" account)
        lane = TokenGuard.laneFor(TOKEN, "default", 1);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @AfterEach
    void resetSandbox() {
        sandbox.setFaults(0, Set.of(), 1);
        sandbox.setLatencyMillis(0);
    }

    // --- the endpoints ---

    @Test
    void whileTheDailyQuotaIsSpentRestAnswers503WithRetryAfterAndTheStatusPageSaysSandbox() throws Exception {
        String code = "{\"type_code\":\"Q\",\"cod_act\":\"Q-1\",\"description_cod_act\":\"Quota\"}";
        sandbox.setDailyQuota(0);
        try {
            post("/api/v1/activity-codes", code); // Wolkvox answers TOKEN LIMIT EXCEEDED: the token is paused
            HttpResponse<String> paused = post("/api/v1/activity-codes", code);
            assertThat(paused.statusCode()).isEqualTo(503);
            assertThat(paused.headers().firstValue("Retry-After")).hasValueSatisfying(s -> assertThat(Long.parseLong(s)).isPositive());
            assertThat(RunningApp.json(paused).path("error").asText()).isEqualTo("account_paused");
            assertThat(RunningApp.json(paused).path("failure").asText()).isEqualTo("QUOTA_EXCEEDED");
        } finally {
            sandbox.setDailyQuota(-1);
        }
        await().until(() -> app.context().getComponent("wolkvox", WolkvoxComponent.class).getCircuit(lane).state() == AccountCircuit.State.CLOSED); // the next probe found the quota renewed
        assertThat(RunningApp.json(get("/api/v1/status")).path("sandbox").asBoolean()).isTrue();
    }

    @Test
    void dialWaitsForTheCallAndReturnsTheConnId() throws Exception {
        HttpResponse<String> r = post("/api/v1/dials", "{\"agent_id\":\"1001\",\"customer_phone\":\"+57 300 555 0101\","
                + "\"customer_name\":\"Ana María\"}");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        JsonNode body = RunningApp.json(r);
        SandboxCall dial = sandbox.dials().get(sandbox.dials().size() - 1);
        assertThat(dial.query()).containsEntry("customer_phone", "+573005550101").containsEntry("customer_name", "Ana María");
        assertThat(body.path("conn_id").asText()).isNotBlank();
        assertThat(body.path("msg").asText()).isEqualTo("Dial has been successful");
    }

    @Test
    void activityCodesTakeOneObjectOrAnArrayAndAnswerOneResultPerCode() throws Exception {
        HttpResponse<String> one = post("/api/v1/activity-codes",
                "{\"type_code\":\"VENTA\",\"cod_act\":\"V-1\",\"description_cod_act\":\"Venta cerrada\",\"hit\":\"sí\"}");
        HttpResponse<String> two = post("/api/v1/activity-codes",
                "[{\"type_code\":\"VENTA\",\"cod_act\":\"V-1\",\"description_cod_act\":\"Venta cerrada\"},"
                        + "{\"type_code\":\"VENTA\",\"cod_act\":\"V-2\",\"description_cod_act\":\"Volver a llamar\",\"rpc\":\"yes\"}]");

        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(RunningApp.json(one)).hasSize(1);
        assertThat(RunningApp.json(one).get(0).path("msg").asText()).isEqualTo("Code successfully created");
        assertThat(two.statusCode()).isEqualTo(200);
        assertThat(RunningApp.json(two)).extracting(n -> n.path("msg").asText())
                .containsExactly("Code successfully updated", "Code successfully created");
        assertThat(sandbox.activityCodes().get("VENTA|V-2").path("rpc").asText()).isEqualTo("yes");
        assertThat(sandbox.activityCodes().get("VENTA|V-1").path("hit").asText()).isEqualTo("no");
    }

    @Test
    void interactionIsRoutedToTheRoutingPoint() throws Exception {
        int before = sandbox.interactions().size();

        HttpResponse<String> r = post("/api/v1/interactions", "{\"from\":\"ana@example.com\",\"to\":\"care@example.com\","
                + "\"subject\":\"Factura\",\"body\":\"No me llegó la factura\",\"rp_id\":\"102\"}");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(RunningApp.json(r).path("msg").asText()).contains("Customer care routing point was executed");
        assertThat(sandbox.interactions()).hasSize(before + 1);
    }

    @Test
    void routingPointsAndConnectorsComeFromTheLatestSnapshotSoRestDoesNotMultiplyReportCalls() throws Exception {
        List<String> reportCalls = new CopyOnWriteArrayList<>();
        sandbox.setLatency(call -> {
            reportCalls.add(call.api());
            return 0;
        });

        HttpResponse<String> first = get("/api/v1/routing-points");
        HttpResponse<String> second = get("/api/v1/routing-points");
        HttpResponse<String> connectors = get("/api/v1/connectors");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(RunningApp.json(first)).extracting(rp -> rp.path("rp_id").asText()).containsExactly("101", "102", "103");
        assertThat(RunningApp.json(first).get(0).path("rp_name").asText()).isEqualTo("Sales inbound");
        assertThat(connectors.statusCode()).isEqualTo(200);
        assertThat(RunningApp.json(connectors)).extracting(c -> c.path("channel").asText()).contains("whatsapp", "email");
        String snapshotTime = first.headers().firstValue("X-Wolkvox-Snapshot-Time").orElseThrow();
        assertThat(java.time.Instant.parse(snapshotTime)).isBeforeOrEqualTo(java.time.Instant.now());
        assertThat(second.headers().firstValue("X-Wolkvox-Snapshot-Time")).hasValue(snapshotTime);
        assertThat(second.body()).isEqualTo(first.body());
        // at most one pull per report, however many requests
        assertThat(reportCalls).filteredOn("routing_points"::equals).hasSizeLessThanOrEqualTo(1);
        assertThat(reportCalls).filteredOn("connectors"::equals).hasSizeLessThanOrEqualTo(1);
        assertThat(first.headers().map().keySet()).noneMatch(h -> h.toLowerCase().startsWith("camel"));
    }

    @Test
    void statusShowsTheTokensQueueAndLastOutcome() throws Exception {
        post("/api/v1/dials", "{\"agent_id\":\"1001\",\"customer_phone\":\"3005550102\"}");

        HttpResponse<String> r = get("/api/v1/status");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode status = RunningApp.json(r);
        assertThat(status.path("sandbox").asBoolean()).isTrue();
        JsonNode account = null;
        for (JsonNode a : status.path("accounts")) {
            if (a.path("account").asText().equals("default")) {
                account = a;
            }
        }
        assertThat(account).isNotNull();
        assertThat(account.path("queue_depth").asInt()).isZero();
        assertThat(account.path("in_flight").asInt()).isZero();
        assertThat(account.path("max_concurrent").asInt()).isEqualTo(1);
        assertThat(account.path("calls").asLong()).isEqualTo(lane.calls()).isPositive();
        assertThat(account.path("last_outcome").asText()).isEqualTo("ok");
        assertThat(account.path("last_outcome_at").asText()).isNotBlank();
    }

    @Test
    void theOpenApiDocumentDescribesEveryEndpointAndTheApiKey() throws Exception {
        HttpResponse<String> r = get("/api/v1/openapi.json");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode doc = RunningApp.json(r);
        assertThat(doc.path("paths").fieldNames()).toIterable().containsExactlyInAnyOrder("/activity-codes", "/interactions",
                "/dials", "/requests/dials", "/requests/interactions", "/requests/{id}", "/routing-points", "/connectors", "/status",
                "/openapi.json", "/reports/{api}/export",
                // the operator page's own API, served beside the REST routes
                "/uploads", "/uploads/{id}", "/uploads/{id}/rows", "/uploads/{id}/result", "/operator/login", "/operator/logout",
                "/operator/settings", "/operator/requests", "/operator/requests/{kind}/{id}/resolve", "/operator/resolutions",
                "/operator/reports", "/operator/dead-letters", "/operator/dead-letters/{id}/requeue", "/operator/token-history");
        assertThat(doc.at("/servers/0/url").asText()).isEqualTo("/api/v1");
        assertThat(doc.at("/components/securitySchemes/apiKey/name").asText()).isEqualTo("X-API-Key");
        assertThat(doc.at("/components/schemas/DialRequest/properties").has("customer_phone")).isTrue();
        assertThat(doc.at("/paths/~1dials/post/responses").fieldNames()).toIterable().contains("200", "400", "401", "502", "503");
    }

    // --- auth ---

    @Test
    void aMissingOrUnknownKeyIs401BeforeTheBodyIsRead() throws Exception {
        int dials = sandbox.dials().size();
        String dial = "{\"agent_id\":\"1001\",\"customer_phone\":\"3005550103\"}";

        HttpResponse<String> missing = app.send(HttpRequest.newBuilder(app.uri("/api/v1/dials"))
                .header("Content-Type", "application/json").POST(BodyPublishers.ofString(dial)).build());
        HttpResponse<String> wrong = app.send(HttpRequest.newBuilder(app.uri("/api/v1/dials")).header("X-API-Key", "key-three")
                .header("Content-Type", "application/json").POST(BodyPublishers.ofString("{not json")).build());
        HttpResponse<String> docs = app.send(HttpRequest.newBuilder(app.uri("/api/v1/openapi.json")).build());
        HttpResponse<String> firstKey = app.send(HttpRequest.newBuilder(app.uri("/api/v1/status")).header("X-API-Key", "key-one").build());

        assertError(missing, 401, "unauthorized");
        assertThat(RunningApp.json(missing).path("message").asText()).contains("missing X-API-Key");
        assertError(wrong, 401, "unauthorized");
        assertError(docs, 401, "unauthorized");
        assertThat(firstKey.statusCode()).isEqualTo(200);
        assertThat(sandbox.dials()).hasSize(dials);
    }

    // --- errors ---

    @Test
    void badInputIs400NamingEveryBadField() throws Exception {
        HttpResponse<String> r = post("/api/v1/dials", "{\"agent_id\":\"ext-12\",\"customer_name\":\"Ana\"}");

        assertError(r, 400, "bad_request");
        assertThat(RunningApp.json(r).path("fields")).extracting(f -> f.path("field").asText() + ": " + f.path("reason").asText())
                .containsExactly("agent_id: must be the agent's numeric extension, got 'ext-12'", "customer_phone: is required");
    }

    @Test
    void oneBadCodeInAnArrayFailsTheRequestBeforeAnyCodeIsSent() throws Exception {
        int requests = (int) sandbox.requests();

        HttpResponse<String> r = post("/api/v1/activity-codes",
                "[{\"type_code\":\"T\",\"cod_act\":\"OK-1\",\"description_cod_act\":\"fine\"},"
                        + "{\"type_code\":\"T\",\"cod_act\":\"BAD-1\",\"hit\":\"maybe\"}]");

        assertError(r, 400, "bad_request");
        assertThat(RunningApp.json(r).path("fields")).extracting(f -> f.path("field").asText())
                .containsExactly("[1].description_cod_act", "[1].hit");
        assertThat(sandbox.requests()).isEqualTo(requests);
        assertThat(sandbox.activityCodes()).doesNotContainKey("T|OK-1");
    }

    @Test
    void unreadableOrMissingBodiesAre400() throws Exception {
        HttpResponse<String> broken = post("/api/v1/interactions", "{\"from\": \"a@b.c\",");
        HttpResponse<String> empty = post("/api/v1/dials", "");
        HttpResponse<String> emptyArray = post("/api/v1/activity-codes", "[]");

        assertError(broken, 400, "bad_request");
        assertThat(RunningApp.json(broken).at("/fields/0/field").asText()).isEqualTo("body");
        assertThat(RunningApp.json(broken).at("/fields/0/reason").asText()).contains("not valid JSON");
        assertError(empty, 400, "bad_request");
        assertThat(RunningApp.json(empty).at("/fields/0/reason").asText()).contains("is required");
        assertError(emptyArray, 400, "bad_request");
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405WithJsonBodies() throws Exception {
        assertError(get("/api/v1/calls"), 404, "not_found");
        assertError(app.send(HttpRequest.newBuilder(app.uri("/elsewhere")).build()), 404, "not_found");
        HttpResponse<String> wrongMethod = get("/api/v1/dials");
        assertError(wrongMethod, 405, "method_not_allowed");
        assertThat(RunningApp.json(wrongMethod).path("message").asText()).isEqualTo("GET is not allowed on /api/v1/dials");
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST");
        HttpResponse<String> postStatus = post("/api/v1/status", "{}");
        assertError(postStatus, 405, "method_not_allowed");
        assertThat(postStatus.headers().firstValue("Allow")).hasValue("GET");
        HttpResponse<String> deleteRequests = app.send(HttpRequest.newBuilder(app.uri("/api/v1/requests/dials")).header("X-API-Key", KEY)
                .DELETE().build());
        assertError(deleteRequests, 405, "method_not_allowed");
        assertThat(deleteRequests.headers().firstValue("Allow")).hasValue("GET, POST");
    }

    @Test
    void aFieldOverItsMaximumLengthIs400NamingItAndTheTokenIsNotTouched() throws Exception {
        long calls = lane.calls();
        HttpResponse<String> r = post("/api/v1/dials", "{\"agent_id\":\"1001\",\"customer_phone\":\"3005550190\","
                + "\"customer_name\":\"" + "N".repeat(900 * 1024) + "\"}");

        assertFieldError(r, "customer_name", "must be at most 200 characters, got 921600");
        assertThat(r.body()).hasSizeLessThan(1000);
        assertThat(lane.calls()).isEqualTo(calls);
        assertThat(sandbox.dials()).noneMatch(c -> "3005550190".equals(c.query().get("customer_phone")));
    }

    @Test
    void moreActivityCodesThanMaxBatchIs413AndNoneIsSent() throws Exception {
        long calls = lane.calls();
        String codes = IntStream.range(0, 1001).mapToObj(i -> codeJson("MB-" + i)).collect(Collectors.joining(",", "[", "]"));

        HttpResponse<String> r = post("/api/v1/activity-codes", codes);

        assertError(r, 413, "too_many_items");
        assertThat(RunningApp.json(r).path("message").asText()).contains("1001", "at most 1000", "wolkvox.rest.max-batch");
        assertThat(lane.calls()).isEqualTo(calls);
    }

    @Test
    void aWrongJsonTypeNamesTheFieldAndNoJavaType() throws Exception {
        HttpResponse<String> wrongField = post("/api/v1/dials", "{\"agent_id\":{\"n\":1},\"customer_phone\":\"3005550191\"}");
        HttpResponse<String> arrayForObject = post("/api/v1/interactions", "[1, 2]");

        assertFieldError(wrongField, "agent_id", "a string");
        assertFieldError(arrayForObject, "body", "an object");
        for (HttpResponse<String> answer : List.of(wrongField, arrayForObject)) {
            assertThat(answer.body()).doesNotContain("java.", "io.github", "DialRequest", "Interaction`", "JsonToken", "`");
        }
    }

    @Test
    void aBodyOverOneMebibyteIs413AndAWrongMediaTypeIs415() throws Exception {
        String big = "{\"body\":\"" + "x".repeat(1024 * 1024) + "\"}";
        assertError(post("/api/v1/interactions", big), 413, "payload_too_large");
        HttpResponse<String> text = app.send(HttpRequest.newBuilder(app.uri("/api/v1/dials")).header("X-API-Key", KEY)
                .header("Content-Type", "text/plain").POST(BodyPublishers.ofString("dial 1001")).build());
        assertError(text, 415, "unsupported_media_type");
    }

    @Test
    void aWolkvoxErrorIs502WithTheVendorsCodeAndMsgAndNeverTheToken() throws Exception {
        HttpResponse<String> rejected = post("/api/v1/interactions", "{\"from\":\"a@example.com\",\"to\":\"b@example.com\","
                + "\"subject\":\"s\",\"body\":\"b\",\"rp_id\":\"999\"}");
        sandbox.setFaults(1.0, Set.of(SandboxFault.ERROR_IN_200), 1);
        HttpResponse<String> serverError = post("/api/v1/dials", "{\"agent_id\":\"1001\",\"customer_phone\":\"3005550104\"}");

        assertError(rejected, 502, "upstream_error");
        JsonNode r = RunningApp.json(rejected);
        assertThat(r.path("code").asText()).isEqualTo("404");
        assertThat(r.path("msg").asText()).isEqualTo("Routing point 999 does not exist");
        assertThat(r.path("retryable").asBoolean()).isFalse();
        assertError(serverError, 502, "upstream_error");
        JsonNode s = RunningApp.json(serverError);
        assertThat(s.path("code").asText()).isEqualTo("500");
        assertThat(s.path("failure").asText()).isEqualTo("SERVER_ERROR");
        // the dial may have been placed: repeating it could ring the customer twice
        assertThat(s.path("retryable").asBoolean()).isFalse();
        // the message says what "retryable" says
        assertThat(s.path("message").asText()).doesNotContain("retryable").contains("may have been carried out");
        assertThat(r.path("message").asText()).doesNotContain("retryable").contains("Wolkvox refused it");
        for (HttpResponse<String> answer : List.of(rejected, serverError)) {
            assertThat(answer.body()).doesNotContain(TOKEN);
            assertThat(answer.headers().map().toString()).doesNotContain(TOKEN).doesNotContainIgnoringCase(KEY);
        }
    }

    @Test
    void aWolkvoxErrorPartWayThroughAnArrayStopsThereAndIs502() throws Exception {
        List<String> served = new CopyOnWriteArrayList<>();
        sandbox.setLatency(call -> {
            served.add(call.body());
            if (call.body().contains("ARR-2")) {
                sandbox.setFaults(1.0, Set.of(SandboxFault.ERROR_IN_200), 1);
            }
            return 0;
        });

        HttpResponse<String> r = post("/api/v1/activity-codes", "[" + codeJson("ARR-1") + "," + codeJson("ARR-2") + ","
                + codeJson("ARR-3") + "]");

        assertError(r, 502, "upstream_error");
        assertThat(RunningApp.json(r).path("msg").asText()).isEqualTo("The request could not be processed, try again later");
        // activity codes are safe to send again: the caller may repeat the whole array
        assertThat(RunningApp.json(r).path("retryable").asBoolean()).isTrue();
        assertThat(RunningApp.json(r).path("message").asText()).doesNotContain("retryable").contains("sending it again is safe");
        assertThat(served).hasSize(2);
        assertThat(sandbox.activityCodes()).containsKey("T|ARR-1").doesNotContainKeys("T|ARR-2", "T|ARR-3");
    }

    @Test
    void whenTheTokenStaysBusyPastTheBoundTheAnswerIs503WithRetryAfterAndNoCallIsMade() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        sandbox.setLatency(holding("HOLD-503", release, new CopyOnWriteArrayList<>()));
        ProducerTemplate template = app.context().createProducerTemplate();
        CompletableFuture<Object> hold = template.asyncRequestBody("wolkvox:createActivityCode", code("HOLD-503"));
        try {
            await().until(() -> lane.inFlight() == 1);
            int dials = sandbox.dials().size();

            HttpResponse<String> r = post("/api/v1/dials", "{\"agent_id\":\"1001\",\"customer_phone\":\"3005550105\"}");

            assertError(r, 503, "token_busy");
            assertThat(r.headers().firstValue("Retry-After")).hasValue("7");
            assertThat(sandbox.dials()).hasSize(dials);
        } finally {
            release.countDown();
            hold.get(10, TimeUnit.SECONDS);
            template.stop();
        }
    }

    // --- priority ---

    @Test
    void restCallsAreServedBeforeQueuedBatchWorkWithoutStarvingIt() throws Exception {
        int batchCalls = 20;
        int restCalls = 8;
        CountDownLatch release = new CountDownLatch(1);
        List<String> served = new CopyOnWriteArrayList<>();
        sandbox.setLatency(holding("HOLD-PRIO", release, served));
        ProducerTemplate template = app.context().createProducerTemplate();
        ExecutorService batch = Executors.newFixedThreadPool(batchCalls + 1);
        try {
            // batch work: one call holds the token, 20 more queue behind it (priority batch, the default)
            List<CompletableFuture<Object>> batchDone = new ArrayList<>();
            batchDone.add(CompletableFuture.supplyAsync(
                    () -> template.requestBody("wolkvox:createActivityCode", code("HOLD-PRIO")), batch));
            await().until(() -> lane.inFlight() == 1);
            for (int i = 0; i < batchCalls; i++) {
                ActivityCode c = code("BATCH-" + i);
                batchDone.add(CompletableFuture.supplyAsync(() -> template.requestBody("wolkvox:createActivityCode", c), batch));
            }
            await().until(() -> lane.queueDepth() == batchCalls);

            // then REST callers arrive
            List<CompletableFuture<HttpResponse<String>>> rest = new ArrayList<>();
            for (int i = 0; i < restCalls; i++) {
                rest.add(app.client().sendAsync(postRequest("/api/v1/activity-codes", "{\"type_code\":\"T\",\"cod_act\":\"REST-"
                        + i + "\",\"description_cod_act\":\"from REST\"}"), HttpResponse.BodyHandlers.ofString()));
            }
            await().until(() -> lane.queueDepth() == batchCalls + restCalls);
            release.countDown();

            for (CompletableFuture<HttpResponse<String>> r : rest) {
                assertThat(r.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }
            CompletableFuture.allOf(batchDone.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            batch.shutdownNow();
            template.stop();
        }

        List<String> afterHold = served.subList(served.indexOf("HOLD-PRIO") + 1, served.size());
        assertThat(afterHold).hasSize(batchCalls + restCalls);
        int lastRest = 0;
        int longestRestRun = 0;
        int run = 0;
        for (int i = 0; i < afterHold.size(); i++) {
            boolean isRest = afterHold.get(i).startsWith("REST-");
            run = isRest ? run + 1 : 0;
            longestRestRun = Math.max(longestRestRun, run);
            lastRest = isRest ? i : lastRest;
        }
        // First come first served would put every REST call after the 20 batch calls queued before them;
        // with REST first and a batch turn after each burst of 4, all 8 are served within 11 turns.
        assertThat(lastRest).as("turns taken to serve every REST call: %s", afterHold).isLessThan(restCalls + 3);
        // ... and a steady stream of REST calls does not starve the batch: never more than 4 in a row.
        assertThat(longestRestRun).as("longest run of REST calls: %s", afterHold).isBetween(1, 4);
        assertThat(sandbox.overlaps()).isZero();
    }

    // --- helpers ---

    /** Sandbox latency that records the order calls reach Wolkvox and holds the call for {@code holdCode} until released. */
    private static java.util.function.ToLongFunction<SandboxCall> holding(String holdCode, CountDownLatch release,
                                                                           List<String> served) {
        return call -> {
            String codAct = call.body() == null ? "" : call.body().replaceAll(".*\"cod_act\":\"([^\"]*)\".*", "$1");
            served.add(codAct);
            if (codAct.equals(holdCode)) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return 0;
        };
    }

    private static String codeJson(String codAct) {
        return "{\"type_code\":\"T\",\"cod_act\":\"" + codAct + "\",\"description_cod_act\":\"array test\"}";
    }

    private static ActivityCode code(String codAct) {
        return new ActivityCode("T", codAct, "priority test", "no", "no", "no");
    }

    private static void assertError(HttpResponse<String> r, int status, String error) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        JsonNode body = RunningApp.json(r);
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("error").asText()).isEqualTo(error);
        assertThat(body.path("message").asText()).isNotBlank();
    }

    /** A 400 whose first field error names {@code field} with a reason containing {@code reason}. */
    private static void assertFieldError(HttpResponse<String> r, String field, String reason) throws Exception {
        assertError(r, 400, "bad_request");
        assertThat(RunningApp.json(r).at("/fields/0/field").asText()).isEqualTo(field);
        assertThat(RunningApp.json(r).at("/fields/0/reason").asText()).contains(reason);
    }

    private static HttpRequest postRequest(String path, String json) {
        return HttpRequest.newBuilder(app.uri(path)).header("X-API-Key", KEY).header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(json)).build();
    }

    private static HttpResponse<String> post(String path, String json) throws Exception {
        return app.send(postRequest(path, json));
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return app.send(HttpRequest.newBuilder(app.uri(path)).header("X-API-Key", KEY).GET().build());
    }
}
