package io.github.camelwolkvox.rest;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** POST /api/v1/reports/{api}/export: any report on the schedule, exported now, at most one pull per 5 minutes. */
class ReportExportRestIT {

    private static final String KEY = "export-key";

    @TempDir
    static Path data;

    private static RunningApp app;

    @BeforeAll
    static void start() throws Exception {
        app = RunningApp.start(data, Map.of(
                "wolkvox.token", "export-test-token-" + UUID.randomUUID(),
                "wolkvox.sandbox.enabled", "true",
                "wolkvox.rest.api-keys", KEY,
                "wolkvox.reports.apis", "routing_points,connectors,skills",
                // no scheduled pull during the test: every pull is one a request caused
                "wolkvox.reports.cron", "0 0 3 1 1 ?"));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void aSecondExportWithinFiveMinutesServesTheSameSnapshotWithoutCallingWolkvox() throws Exception {
        long before = app.sandbox().requests();
        HttpResponse<String> first = post("/api/v1/reports/skills/export");
        HttpResponse<String> second = post("/api/v1/reports/skills/export");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(200);
        JsonNode a = RunningApp.json(first);
        JsonNode b = RunningApp.json(second);
        assertThat(a.path("report").asText()).isEqualTo("skills");
        assertThat(a.path("count").asInt()).isEqualTo(3);
        assertThat(b.path("snapshot_time").asText()).isEqualTo(a.path("snapshot_time").asText());
        assertThat(b.path("age_ms").asLong()).isGreaterThanOrEqualTo(a.path("age_ms").asLong());
        assertThat(app.sandbox().requests()).isEqualTo(before + 1);
        assertThat(data.resolve("exports/skills-latest.csv")).exists();
    }

    @Test
    void aReportNotOnTheScheduleIs400() throws Exception {
        HttpResponse<String> r = post("/api/v1/reports/cdr_1/export");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains("not one of wolkvox.reports.apis");
    }

    @Test
    void withoutTheApiKeyIs401AndNothingIsPulled() throws Exception {
        long before = app.sandbox().requests();
        HttpResponse<String> r = app.send(HttpRequest.newBuilder(app.uri("/api/v1/reports/connectors/export"))
                .POST(BodyPublishers.noBody()).build());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(app.sandbox().requests()).isEqualTo(before);
    }

    private static HttpResponse<String> post(String path) throws Exception {
        return app.send(HttpRequest.newBuilder(app.uri(path)).header("X-API-Key", KEY)
                .POST(BodyPublishers.noBody()).build());
    }
}
