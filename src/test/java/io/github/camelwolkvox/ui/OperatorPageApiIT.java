package io.github.camelwolkvox.ui;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
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
        assertThat(app.sandbox().dials()).as("nothing sent from the page").isEmpty();
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
}
