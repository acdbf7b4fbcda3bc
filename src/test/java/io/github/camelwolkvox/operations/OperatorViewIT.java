package io.github.camelwolkvox.operations;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.camelwolkvox.TestApplication;
import io.github.camelwolkvox.sandbox.WolkvoxSandboxSupport;
import io.github.camelwolkvox.component.WolkvoxApiException;
import io.github.camelwolkvox.component.WolkvoxComponent;
import io.github.camelwolkvox.component.model.DialRequest;
import io.github.camelwolkvox.sandbox.SandboxFault;
import io.github.camelwolkvox.sandbox.WolkvoxSandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Health, metrics, retries and dead letters of the running job, read as an operator would: over HTTP.
 * The refused-token case runs last: it leaves the job not ready.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorViewIT {

    @TempDir
    static Path data;

    private static Main main;
    private static CamelContext context;
    private static WolkvoxSandbox sandbox;
    private static ProducerTemplate template;
    private static int managementPort;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> settings = TestApplication.isolatedSettings(data);
        settings.put("wolkvox.retry.max-redeliveries", "2");
        settings.put("wolkvox.retry.initial-delay", "10");
        settings.put("wolkvox.management.details", "true");
        managementPort = Integer.parseInt(settings.get("wolkvox.management.port"));
        main = TestApplication.start(settings);
        context = main.getCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // minPullInterval=0: every try reaches the sandbox (the tour pulled this report moments ago)
                from("direct:probe-report").routeConfigurationId("wolkvox-retries").to("wolkvox:routingPoints?minPullInterval=0");
                from("direct:probe-dial").routeConfigurationId("wolkvox-retries").to("wolkvox:dial");
            }
        });
        sandbox = WolkvoxSandboxSupport.of(context).running().orElseThrow();
        template = context.createProducerTemplate();
        await().until(() -> sandbox.dials().size() == 1); // the sandbox tour has run
    }

    @AfterAll
    static void stop() {
        main.stop();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readinessReportsEachAccountsQueueAndLastOutcome() throws Exception {
        // Readiness waits for every polling consumer's first poll, so it may take a moment after start-up.
        await().until(() -> get("/observe/health/ready").statusCode() == 200);
        HttpResponse<String> ready = get("/observe/health/ready?data=true");
        assertThat(ready.body()).contains("\"name\":\"wolkvox\"", "\"mode\":\"sandbox\"")
                .contains("\"account.default.lastOutcome\":\"ok\"")
                .contains("\"account.default.queueDepth\":0");
        assertThat(get("/observe/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    void prometheusMetricsCountCallsByOperationAndOutcome() throws Exception {
        String metrics = get("/observe/metrics").body();
        assertThat(metrics).contains("wolkvox_calls_total{account=\"default\",operation=\"dial\",outcome=\"ok\"}")
                .contains("wolkvox_call_duration_seconds_count{account=\"default\",operation=\"connectors\"}")
                .contains("wolkvox_token_wait_seconds_count{account=\"default\"}")
                .contains("wolkvox_token_queue_depth{account=\"default\"}");
    }

    @Test
    void safeFailuresAreRetriedAndADialThatMayHaveActedIsNot() throws Exception {
        sandbox.setFaults(1.0, Set.of(SandboxFault.SERVER_ERROR), 7);
        try {
            long before = sandbox.requests();
            assertThatThrownBy(() -> template.requestBody("direct:probe-report", (Object) null))
                    .hasCauseInstanceOf(WolkvoxApiException.class);
            assertThat(sandbox.requests() - before).isEqualTo(3); // first try + 2 redeliveries

            before = sandbox.requests();
            assertThatThrownBy(() -> template.requestBody("direct:probe-dial", new DialRequest("1001", "3001112233", null, null)))
                    .hasCauseInstanceOf(WolkvoxApiException.class);
            assertThat(sandbox.requests() - before).isEqualTo(1); // a 500 may have dialled: never repeated
        } finally {
            sandbox.setFaults(0, Set.of(), 7);
        }
        assertThat(get("/observe/metrics").body()).contains("wolkvox_retries_total{operation=\"routingPoints\"} 2.0");
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void aRefusedTokenMakesTheAccountNotReady() throws Exception {
        String uri = "wolkvox:connectors?account=broken&token=invalid-ops-token-1"; // sandbox mode: to the sandbox
        assertThatThrownBy(() -> template.requestBody(uri, (Object) null)).isInstanceOf(CamelExecutionException.class);
        HttpResponse<String> ready = get("/observe/health/ready?data=true");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("account broken DOWN since", "TOKEN_REFUSED").doesNotContain("invalid-ops-token-1");
    }

    @Test
    void workThatFinallyFailedIsRecordedAsADeadLetterWithoutTheToken() throws Exception {
        Exchange failed = template.request("direct:wolkvox-dead-letter", e -> {
            e.getIn().setBody(Map.of("agent_id", "1001", "customer_phone", "3001234567"));
            e.getIn().setHeader(DeadLetterRecorder.SOURCE, "wolkvox_dial_request 42");
            e.setProperty(Exchange.EXCEPTION_CAUGHT, new IllegalStateException("boom"));
            e.getIn().setHeader(DeadLetterRecorder.OPERATION, "dial");
        });
        assertThat(failed.getMessage().getBody(Map.class)).containsEntry("agent_id", "1001"); // caller's body kept
        DataSource ds = context.getRegistry().lookupByNameAndType("wolkvoxDataSource", DataSource.class);
        List<Map<String, Object>> rows = query(ds, "SELECT operation, source, input, error, failure FROM wolkvox_dead_letter WHERE source = 'wolkvox_dial_request 42'");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).containsEntry("operation", "dial").containsEntry("failure", "IllegalStateException")
                .containsEntry("error", "boom");
        assertThat((String) rows.get(0).get("input")).contains("\"customer_phone\":\"3001234567\"");
        assertThat(get("/observe/metrics").body()).contains("wolkvox_dead_letters_total{operation=\"dial\"}");
    }

    private static List<Map<String, Object>> query(DataSource ds, String sql) throws Exception {
        try (var c = ds.getConnection(); var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            List<Map<String, Object>> out = new java.util.ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new java.util.LinkedHashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i).toLowerCase(), rs.getObject(i));
                }
                out.add(row);
            }
            return out;
        }
    }
}
