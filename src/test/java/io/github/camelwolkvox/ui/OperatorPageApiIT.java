package io.github.camelwolkvox.ui;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The operator page's own API over real HTTP, against the running job, its inbox and the sandbox (H2 here). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorPageApiIT {

    static final int MAX_UPLOAD = 4096;

    @TempDir
    static Path data;

    private static OperatorApp app;
    private static final String RUN = java.util.UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    void start() throws Exception {
        Map<String, String> settings = new java.util.HashMap<>(database());
        settings.put("wolkvox.ui.max-upload-size", String.valueOf(MAX_UPLOAD));
        app = OperatorApp.start(data, settings);
    }

    /** Settings of the database the job runs on: its own H2 file unless a subclass says otherwise. */
    Map<String, String> database() {
        return Map.of();
    }

    @AfterAll
    void stop() {
        app.close();
    }

    /** Codes unique to this run: a database kept between runs (PostgreSQL) must not see the same content twice. */
    private static byte[] codes(String prefix) {
        return ("type_code,cod_act,description_cod_act,hit,rpc,chat\n"
                + "VENTAS," + prefix + "-1,Venta " + RUN + ",yes,no,\n"
                + "VENTAS," + prefix + "-2,Otra,1,0,\n"
                + "VENTAS,,Sin codigo,no,no,\n").getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode awaitFinished(String id) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> OperatorApp.json(app.get("/api/v1/uploads/" + id)),
                s -> s.path("stage").asText().equals("DONE") || s.path("stage").asText().equals("ERROR"));
    }

    @Test
    void anUploadedFileGoesThroughTheIntakeAndItsStateCountsAndResultAreServed() throws Exception {
        long before = app.sandbox().requests();
        HttpResponse<String> r = app.upload("codes.csv", codes("UP"), Map.of(), OperatorApp.KEY);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String id = OperatorApp.json(r).path("id").asText();
        assertThat(r.headers().firstValue("Location")).hasValue("/api/v1/uploads/" + id);

        JsonNode state = awaitFinished(id);
        assertThat(state.path("stage").asText()).isEqualTo("DONE");
        assertThat(state.path("rows_done").asLong()).isEqualTo(3);
        assertThat(state.path("rows_total").asLong()).isEqualTo(3);
        assertThat(state.path("counts").path("created").asLong()).isEqualTo(2);
        assertThat(state.path("counts").path("rejected").asLong()).isEqualTo(1);
        assertThat(app.sandbox().requests() - before).as("one call per valid row").isEqualTo(2);

        HttpResponse<String> result = app.get("/api/v1/uploads/" + id + "/result");
        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(result.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"codes.csv.result.csv\"");
        assertThat(result.body()).contains("UP-1", "UP-2", "created", "rejected");

        JsonNode rejected = OperatorApp.json(app.get("/api/v1/uploads/" + id + "/rows?status=rejected"));
        assertThat(rejected).hasSize(1);
        assertThat(rejected.get(0).path("line").asText()).isEqualTo("4");
        assertThat(rejected.get(0).path("message").asText()).contains("cod_act");

        assertThat(OperatorApp.json(app.get("/api/v1/uploads")).findValuesAsText("id")).contains(id);
    }

    @Test
    void aFileInProgressShowsItsRateAndEta() throws Exception {
        StringBuilder csv = new StringBuilder("type_code,cod_act,description_cod_act\n");
        for (int i = 1; i <= 20; i++) {
            csv.append("SLOW,S-").append(i).append(",Lenta ").append(RUN).append("\n");
        }
        app.sandbox().setLatency(call -> 250);
        try {
            String id = OperatorApp.json(app.upload("slow.csv", csv.toString().getBytes(StandardCharsets.UTF_8), Map.of(),
                    OperatorApp.KEY)).path("id").asText();
            JsonNode moving = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> OperatorApp.json(app.get("/api/v1/uploads/" + id)), s -> s.has("eta_seconds"));
            assertThat(moving.path("stage").asText()).isEqualTo("IN_PROGRESS");
            assertThat(moving.path("rows_total").asLong()).isEqualTo(20);
            assertThat(moving.path("rows_done").asLong()).isBetween(1L, 19L);
            assertThat(moving.path("rows_per_second").asDouble()).isPositive();
            assertThat(moving.path("eta_seconds").asLong()).isNotNegative();
            assertThat(awaitFinished(id).has("eta_seconds")).as("no ETA once done").isFalse();
        } finally {
            app.sandbox().setLatency(call -> 0);
        }
    }

    @Test
    void theSameContentAgainIs409AndNotPlacedUntilConfirmed() throws Exception {
        byte[] content = codes("DUP");
        String first = OperatorApp.json(app.upload("dup.csv", content, Map.of(), OperatorApp.KEY)).path("id").asText();
        awaitFinished(first);
        long before = app.sandbox().requests();

        HttpResponse<String> again = app.upload("renamed.csv", content, Map.of(), OperatorApp.KEY);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
        assertThat(OperatorApp.json(again).path("duplicate_of").asText()).isEqualTo(first);
        try (Stream<Path> files = Files.list(app.inbox())) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith("renamed.csv"));
        }

        HttpResponse<String> confirmed = app.upload("renamed.csv", content, Map.of("confirm", "true"), OperatorApp.KEY);
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(202);
        awaitFinished(OperatorApp.json(confirmed).path("id").asText());
        assertThat(app.sandbox().requests() - before).as("sent again only once confirmed").isEqualTo(2);
    }

    @Test
    void checkOnlyIsADryRunThatCallsNothing() throws Exception {
        long before = app.sandbox().requests();
        HttpResponse<String> r = app.upload("check.csv", codes("CHK"), Map.of("check", "true"), OperatorApp.KEY);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode state = awaitFinished(OperatorApp.json(r).path("id").asText());
        assertThat(state.path("check_only").asBoolean()).isTrue();
        assertThat(state.path("counts").path("valid").asLong()).isEqualTo(2);
        assertThat(state.path("counts").has("created")).isFalse();
        assertThat(app.sandbox().requests()).isEqualTo(before);
    }

    @Test
    void theBrowsersPathIsNeverUsed() throws Exception {
        HttpResponse<String> r = app.upload("..\\..\\..\\C:\\temp\\../../evil name.csv", codes("PATH"), Map.of(), OperatorApp.KEY);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        String stored = OperatorApp.json(r).path("name").asText();
        assertThat(stored).endsWith("-evil_name.csv").doesNotContain("/", "\\", "..");
        assertThat(app.data.resolve("evil name.csv")).doesNotExist();
        awaitFinished(OperatorApp.json(r).path("id").asText());
        assertThat(app.inbox().resolve("done").resolve(stored)).exists();
    }

    @Test
    void aFileTheIntakeCannotReadOrOverTheLimitIsRefusedAndNothingIsPlaced() throws Exception {
        HttpResponse<String> pdf = app.upload("codes.pdf", codes("PDF"), Map.of(), OperatorApp.KEY);
        assertThat(pdf.statusCode()).isEqualTo(400);
        assertThat(pdf.body()).contains("file", ".xlsx");

        byte[] big = new byte[MAX_UPLOAD + 1];
        java.util.Arrays.fill(big, (byte) 'a');
        HttpResponse<String> large = app.upload("big.csv", big, Map.of(), OperatorApp.KEY);
        assertThat(large.statusCode()).isEqualTo(413);
        assertThat(large.body()).contains("wolkvox.ui.max-upload-size");

        HttpResponse<String> unknownInbox = app.upload("x.csv", codes("INB"), Map.of("inbox", "../other"), OperatorApp.KEY);
        assertThat(unknownInbox.statusCode()).isEqualTo(400);
        try (Stream<Path> files = Files.walk(app.inbox())) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith("codes.pdf") || n.endsWith("big.csv")
                    || n.endsWith("x.csv"));
        }
    }

    @Test
    void withoutTheApiKeyNothingIsPlacedOrShown() throws Exception {
        HttpResponse<String> r = app.upload("nokey.csv", codes("KEY"), Map.of(), null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(app.upload("badkey.csv", codes("KEY"), Map.of(), "wrong").statusCode()).isEqualTo(401);
        try (Stream<Path> files = Files.walk(app.inbox())) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("nokey") || n.contains("badkey"));
        }
        HttpResponse<String> list = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                app.uri("/api/v1/operator/requests")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(list.statusCode()).isEqualTo(401);
    }

    @Test
    void anUnknownDialIsMarkedByAPersonOnceRecordedAndNeverSent() throws Exception {
        long id = app.unknownDial("3001112233");
        JsonNode unknown = OperatorApp.json(app.get("/api/v1/operator/requests?kind=dials&status=UNKNOWN"));
        assertThat(unknown.findValues("id").stream().map(JsonNode::asLong)).contains(id);

        HttpResponse<String> marked = app.postJson("/api/v1/operator/requests/dials/" + id + "/resolve",
                "{\"status\":\"DONE\",\"operator\":\"Ana Pérez\",\"note\":\"call seen in Wolkvox\"}");
        assertThat(marked.statusCode()).as(marked.body()).isEqualTo(200);
        assertThat(app.dialStatus(id)).isEqualTo("DONE");
        try (Connection c = app.dataSource().getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT previous_status, new_status, resolved_by, note, resolved_at"
                        + " FROM wolkvox_request_resolution WHERE request_id = " + id)) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("UNKNOWN");
            assertThat(rs.getString(2)).isEqualTo("DONE");
            assertThat(rs.getString(3)).isEqualTo("Ana Pérez");
            assertThat(rs.getString(4)).isEqualTo("call seen in Wolkvox");
            assertThat(rs.getTimestamp(5)).isNotNull();
            assertThat(rs.next()).as("one decision").isFalse();
        }
        assertThat(OperatorApp.json(app.get("/api/v1/operator/resolutions")).findValuesAsText("resolved_by")).contains("Ana Pérez");

        HttpResponse<String> again = app.postJson("/api/v1/operator/requests/dials/" + id + "/resolve",
                "{\"status\":\"FAILED\",\"operator\":\"Luis\"}");
        assertThat(again.statusCode()).as("no longer UNKNOWN").isEqualTo(409);
        assertThat(app.dialStatus(id)).isEqualTo("DONE");
        assertThat(app.dialsTo("3001112233")).as("nothing sent from the page").isZero();
    }

    @Test
    void aDecisionOtherThanDoneOrFailedOrWithoutAnOperatorIsRefused() throws Exception {
        long id = app.unknownDial("3004445566");
        HttpResponse<String> pending = app.postJson("/api/v1/operator/requests/dials/" + id + "/resolve",
                "{\"status\":\"PENDING\",\"operator\":\"Ana\"}");
        assertThat(pending.statusCode()).as("re-queueing a dial that may have been made").isEqualTo(400);
        HttpResponse<String> unknownStatus = app.postJson("/api/v1/operator/requests/dials/" + id + "/resolve",
                "{\"status\":\"MAYBE\",\"operator\":\"Ana\"}");
        assertThat(unknownStatus.statusCode()).isEqualTo(400);
        assertThat(unknownStatus.body()).contains("status must be one of [PENDING");
        HttpResponse<String> anonymous = app.postJson("/api/v1/operator/requests/dials/" + id + "/resolve", "{\"status\":\"DONE\"}");
        assertThat(anonymous.statusCode()).isEqualTo(400);
        assertThat(anonymous.body()).contains("operator");
        HttpResponse<String> table = app.postJson("/api/v1/operator/requests/users/" + id + "/resolve",
                "{\"status\":\"DONE\",\"operator\":\"Ana\"}");
        assertThat(table.statusCode()).isEqualTo(400);
        assertThat(app.dialStatus(id)).isEqualTo("UNKNOWN");
    }

    @Test
    void theReportsViewShowsTheRecordedSnapshotsWithoutPullingAnything() throws Exception {
        HttpResponse<String> export = app.postJson("/api/v1/reports/routing_points/export", "");
        assertThat(export.statusCode()).as(export.body()).isEqualTo(200);
        long before = app.sandbox().requests();
        JsonNode view = OperatorApp.json(app.get("/api/v1/operator/reports"));
        JsonNode snapshot = null;
        for (JsonNode s : view.path("snapshots")) {
            snapshot = s.path("report").asText().replace('-', '_').equals("routing_points") ? s : snapshot;
        }
        assertThat(snapshot).as(view.toString()).isNotNull();
        assertThat(snapshot.path("record_count").asInt()).isEqualTo(OperatorApp.json(export).path("count").asInt()).isPositive();
        assertThat(snapshot.path("snapshot_time").asText()).isNotBlank();
        assertThat(view.path("changes").isArray()).isTrue();
        assertThat(app.sandbox().requests()).as("reading the view pulls nothing").isEqualTo(before);
    }

    @Test
    void thePageIsServedWithAStrictPolicyAndNoInlineScriptOrStyle() throws Exception {
        HttpResponse<String> page = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                app.uri("/ui/")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(OperatorPage.CONTENT_SECURITY_POLICY);
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.body()).contains("<script src=\"app.js\" defer></script>")
                .doesNotContainPattern("<script>|<script [^>]*>[^<]+</script>|style=|\\son[a-z]+\\s*=");
        String script = Files.readString(Path.of("src/main/resources/camel-wolkvox/ui/app.js"));
        assertThat(script).as("values go in with textContent").doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML",
                "document.write", "eval(");
        assertThat(page.body() + script).doesNotContain(OperatorApp.KEY);
    }

    // ---- dead letters ----

    @Test
    void aDialThatNeverLeftThisMachineIsRequeuedOnceUnderConcurrentClicksRecordedWithTheUser() throws Exception {
        long dead = app.deadLetter("wolkvox_dial_request", "FAILED", "CONNECT_FAILED");
        long request = requestOf(dead);
        JsonNode listed = find(OperatorApp.json(app.get("/api/v1/operator/dead-letters")), dead);
        assertThat(listed.path("requeueable").asBoolean()).as(listed.toString()).isTrue();
        assertThat(listed.path("failure").asText()).isEqualTo("CONNECT_FAILED");
        assertThat(listed.has("input")).as("the failed work's content is not listed").isFalse();

        String token = app.login("ana", OperatorApp.OPERATOR_PASSWORD);
        int clicks = 6;
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(clicks);
        try {
            List<java.util.concurrent.Future<HttpResponse<String>>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < clicks; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return app.send("POST", "/api/v1/operator/dead-letters/" + dead + "/requeue", "{\"operator\":\"someone else\"}",
                            "Authorization", "Bearer " + token);
                }));
            }
            go.countDown();
            List<Integer> statuses = new java.util.ArrayList<>();
            for (var answer : answers) {
                statuses.add(answer.get(30, java.util.concurrent.TimeUnit.SECONDS).statusCode());
            }
            assertThat(statuses).as("one click re-queues, the others are told it was").containsOnly(200, 409);
            assertThat(statuses).filteredOn(st -> st == 200).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(app.value("SELECT requeued_by FROM wolkvox_dead_letter WHERE id = ?", dead)).as("the user, not the body's name")
                .isEqualTo("ana");
        assertThat(app.value("SELECT requeued_at FROM wolkvox_dead_letter WHERE id = ?", dead)).isNotNull();
        assertThat(((Number) app.value("SELECT COUNT(*) FROM wolkvox_request_resolution WHERE request_table = 'wolkvox_dial_request'"
                + " AND request_id = ? AND previous_status = 'FAILED' AND new_status = 'PENDING' AND resolved_by = 'ana'", request)).longValue())
                .isEqualTo(1);
        // back through the normal intake: PENDING for the queue (on H2 the queue runs and dials it once)
        assertThat(app.dialStatus(request)).isIn("PENDING", "IN_FLIGHT", "DONE");
        if (!database().containsKey("wolkvox.queue.enabled")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> app.dialStatus(request), "DONE"::equals);
            assertThat(app.dialsTo(OperatorApp.DEAD_PHONE)).as("dialled once, by the queue").isEqualTo(1);
        }
        assertThat(find(OperatorApp.json(app.get("/api/v1/operator/dead-letters")), dead).path("requeueable").asBoolean()).isFalse();
    }

    @Test
    void aDialOrInteractionThatMayHaveReachedWolkvoxIsNeverRequeued() throws Exception {
        for (String[] c : new String[][] {{"wolkvox_dial_request", "UNKNOWN", "OUTCOME_UNKNOWN"},
                {"wolkvox_interaction_request", "FAILED", "SERVER_ERROR"}, {"wolkvox_dial_request", "FAILED", "TOKEN_BUSY"},
                {"wolkvox_dial_request", "REJECTED", "WolkvoxValidationException"}}) {
            long dead = app.deadLetter(c[0], c[1], c[2]);
            JsonNode listed = find(OperatorApp.json(app.get("/api/v1/operator/dead-letters")), dead);
            assertThat(listed.path("requeueable").asBoolean()).as(c[2]).isFalse();
            assertThat(listed.path("why_not").asText()).isNotBlank();
            HttpResponse<String> r = app.postJson("/api/v1/operator/dead-letters/" + dead + "/requeue", "{\"operator\":\"Ana\"}");
            assertThat(r.statusCode()).as(c[2] + ": " + r.body()).isEqualTo(409);
            assertThat(OperatorApp.json(r).path("message").asText()).contains(c[2]);
            assertThat(app.value("SELECT status FROM " + c[0] + " WHERE id = ?", requestOf(dead))).as(c[2]).isEqualTo(c[1]);
            assertThat(app.value("SELECT requeued_at FROM wolkvox_dead_letter WHERE id = ?", dead)).isNull();
        }
        // a request row someone already resolved is left alone although its failure was safe
        long resolved = app.deadLetter("wolkvox_dial_request", "DONE", "ACCOUNT_PAUSED");
        HttpResponse<String> r = app.postJson("/api/v1/operator/dead-letters/" + resolved + "/requeue", "{\"operator\":\"Ana\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
        assertThat(r.body()).contains("not FAILED");
        assertThat(app.value("SELECT requeued_at FROM wolkvox_dead_letter WHERE id = ?", resolved)).as("rolled back").isNull();
        assertThat(app.postJson("/api/v1/operator/dead-letters/999999999/requeue", "{\"operator\":\"Ana\"}").statusCode()).isEqualTo(404);
    }

    @Test
    void anActivityCodeDeadLetterGoesBackThroughTheInboxAsAOneRowFile() throws Exception {
        long dead = app.insert("INSERT INTO wolkvox_dead_letter (operation, source, input, error, failure) VALUES ('createActivityCode',"
                + " 'a file', ?, 'it failed', 'SERVER_ERROR')", "{\"type_code\":\"VENTAS\",\"cod_act\":\"DL-" + RUN
                + "\",\"description_cod_act\":\"De nuevo\"}");
        try {
            requeueActivityCode(dead);
        } finally {
            // a dead letter of no request table: other tests on a shared database (PostgreSQL) count those they expect
            app.update("DELETE FROM wolkvox_dead_letter WHERE id = ?", dead);
        }
    }

    private void requeueActivityCode(long dead) throws Exception {
        HttpResponse<String> r = app.postJson("/api/v1/operator/dead-letters/" + dead + "/requeue", "{\"operator\":\"Ana\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String upload = OperatorApp.json(r).path("as").asText().replace("upload ", "");
        JsonNode state = awaitFinished(upload);
        assertThat(state.path("counts").path("created").asLong() + state.path("counts").path("updated").asLong()).isEqualTo(1);
        assertThat(app.postJson("/api/v1/operator/dead-letters/" + dead + "/requeue", "{\"operator\":\"Ana\"}").statusCode())
                .as("once").isEqualTo(409);
    }

    private long requestOf(long dead) throws Exception {
        String source = (String) app.value("SELECT source FROM wolkvox_dead_letter WHERE id = ?", dead);
        return Long.parseLong(source.substring(source.indexOf(' ') + 1));
    }

    private static JsonNode find(JsonNode list, long id) {
        for (JsonNode item : list) {
            if (item.path("id").asLong() == id) {
                return item;
            }
        }
        throw new AssertionError("no " + id + " in " + list);
    }

    // ---- users and roles ----

    @Test
    void aViewerReadsButEveryActionIs403WithASessionOrAViewerKey() throws Exception {
        String session = app.login("luis", OperatorApp.VIEWER_PASSWORD);
        long unknown = app.unknownDial("3005550101");
        long dead = app.deadLetter("wolkvox_dial_request", "FAILED", "CONNECT_FAILED");
        for (String[] credential : new String[][] {{"Authorization", "Bearer " + session}, {"X-API-Key", OperatorApp.VIEWER_KEY}}) {
            JsonNode settings = OperatorApp.json(app.send("GET", "/api/v1/operator/settings", null, credential));
            assertThat(settings.path("role").asText()).isEqualTo("viewer");
            for (String path : List.of("/api/v1/uploads", "/api/v1/operator/dead-letters", "/api/v1/status", "/api/v1/operator/token-history")) {
                assertThat(app.send("GET", path, null, credential).statusCode()).as(path).isEqualTo(200);
            }
            for (String path : List.of("/api/v1/operator/requests/dials/" + unknown + "/resolve", "/api/v1/operator/dead-letters/" + dead
                    + "/requeue", "/api/v1/reports/routing_points/export", "/api/v1/uploads", "/api/v1/dials")) {
                HttpResponse<String> r = app.send("POST", path, "{\"status\":\"DONE\",\"operator\":\"Luis\"}", credential);
                assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(403);
                assertThat(r.body()).contains("operator role");
            }
        }
        assertThat(app.dialStatus(unknown)).isEqualTo("UNKNOWN");
        assertThat(app.value("SELECT requeued_at FROM wolkvox_dead_letter WHERE id = ?", dead)).isNull();
        assertThat(app.dialsTo("3005550101")).isZero();
    }

    @Test
    void aLoggedInOperatorActsAsThemselvesAndTheSessionEndsAtLogout() throws Exception {
        assertThat(app.send("POST", "/api/v1/operator/login", "{\"user\":\"ana\",\"password\":\"wrong\"}").statusCode()).isEqualTo(401);
        HttpResponse<String> nobody = app.send("POST", "/api/v1/operator/login", "{\"user\":\"nobody\",\"password\":\"x\"}");
        assertThat(nobody.statusCode()).isEqualTo(401);
        assertThat(nobody.body()).contains("unknown user or wrong password");
        String session = app.login("ana", OperatorApp.OPERATOR_PASSWORD);
        String[] bearer = {"Authorization", "Bearer " + session};
        assertThat(OperatorApp.json(app.send("GET", "/api/v1/operator/settings", null, bearer)).path("user").asText()).isEqualTo("ana");

        long id = app.unknownDial("3005550202");
        HttpResponse<String> marked = app.send("POST", "/api/v1/operator/requests/dials/" + id + "/resolve",
                "{\"status\":\"FAILED\",\"operator\":\"Somebody Else\"}", bearer);
        assertThat(marked.statusCode()).as(marked.body()).isEqualTo(200);
        assertThat(app.value("SELECT resolved_by FROM wolkvox_request_resolution WHERE request_table = 'wolkvox_dial_request'"
                + " AND request_id = ?", id)).isEqualTo("ana");

        assertThat(app.send("POST", "/api/v1/operator/logout", null, bearer).statusCode()).isEqualTo(204);
        assertThat(app.send("GET", "/api/v1/uploads", null, bearer).statusCode()).isEqualTo(401);
        assertThat(app.send("GET", "/api/v1/status", null, "Authorization", "Bearer made-up").statusCode()).isEqualTo(401);
    }

    // ---- token view ----

    @Test
    void theStatusShowsEachAccountsCircuitAndTheHistoryHasTheLastSamples() throws Exception {
        app.postJson("/api/v1/reports/routing_points/export", "");
        JsonNode status = OperatorApp.json(app.get("/api/v1/status"));
        assertThat(status.path("accounts")).isNotEmpty();
        for (JsonNode account : status.path("accounts")) {
            assertThat(account.path("circuit").asText()).isEqualTo("CLOSED");
            assertThat(account.path("quota_spent").asBoolean()).isFalse();
            assertThat(account.has("pause")).isTrue();
        }
        JsonNode history = await().atMost(Duration.ofSeconds(30)).until(() -> OperatorApp.json(app.get("/api/v1/operator/token-history")),
                h -> h.path("lanes").size() > 0 && h.path("lanes").elements().next().size() >= 2);
        assertThat(history.path("interval_ms").asLong()).isEqualTo(200);
        JsonNode sample = history.path("lanes").elements().next().get(0);
        for (String field : List.of("at", "in_flight", "waiting_interactive", "waiting_batch", "calls", "mean_wait_ms")) {
            assertThat(sample.has(field)).as(field + " in " + sample).isTrue();
        }
        long calls = 0;
        for (JsonNode s : history.path("lanes").elements().next()) {
            calls += s.path("calls").asLong();
        }
        assertThat(calls + status.path("accounts").get(0).path("calls").asLong()).isPositive();
    }

    // ---- files dropped in the inbox ----

    @Test
    void aFileDroppedStraightIntoTheInboxIsListedWithItsStateAndResult() throws Exception {
        String name = "dropped-" + RUN + ".csv";
        Files.createDirectories(app.inbox());
        Files.write(app.inbox().resolve(name), codes("DROP"));
        JsonNode listed = await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (JsonNode u : OperatorApp.json(app.get("/api/v1/uploads"))) {
                if (u.path("name").asText().equals(name) && u.path("stage").asText().equals("DONE")) {
                    return u;
                }
            }
            return null;
        }, java.util.Objects::nonNull);
        assertThat(listed.path("source").asText()).isEqualTo("inbox");
        assertThat(listed.path("counts").path("rejected").asLong()).isEqualTo(1);
        String id = listed.path("id").asText();
        assertThat(OperatorApp.json(app.get("/api/v1/uploads/" + id)).path("rows_done").asLong()).isEqualTo(3);
        assertThat(OperatorApp.json(app.get("/api/v1/uploads/" + id + "/rows?status=rejected"))).hasSize(1);
        assertThat(app.get("/api/v1/uploads/" + id + "/result").body()).contains("DROP-1");
        assertThat(OperatorApp.json(app.get("/api/v1/uploads")).findValuesAsText("name")).as("listed once")
                .filteredOn(name::equals).hasSize(1);
    }
}
