package io.github.camelwolkvox.component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.camelwolkvox.sandbox.SandboxCall;
import io.github.camelwolkvox.sandbox.SandboxFault;
import io.github.camelwolkvox.sandbox.WolkvoxSandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** wolkvox:call against the sandbox over real HTTP: any catalogue API, query, body, date windows, chunks, files. */
class GenericCallIT {

    private static final String TOKEN = "tok-generic-call-4c1d";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static SandboxedContext wolkvox;
    private static WolkvoxSandbox sandbox;
    private static CamelContext context;
    private static ProducerTemplate template;

    @BeforeAll
    static void start() throws Exception {
        wolkvox = SandboxedContext.on(TOKEN).routes(new RouteBuilder() {
            @Override
            public void configure() {
                // The retry policy of the route configuration wolkvox-retries (templates/retries.camel.yaml), quick
                onException(WolkvoxApiException.class).onWhen(simple("${exception.safeToRetry}"))
                        .maximumRedeliveries(3).redeliveryDelay(1);
                from("direct:upload").to("wolkvox:addCampaignRecords?query.type_campaign=preview&query.campaign_id=301");
                from("direct:post").to("wolkvox:call?file=sms&api=send_sms");
            }
        }).start();
        sandbox = wolkvox.sandbox;
        context = wolkvox.context;
        template = wolkvox.template;
    }

    @AfterAll
    static void stop() {
        wolkvox.close();
    }

    @AfterEach
    void reset() {
        sandbox.setFaults(0, Set.of(), 1);
        sandbox.setContentRule(call -> null);
        sandbox.setLatencyMillis(0);
    }

    @Test
    void theDataIsTheBodyAndTheEnvelopeIsInHeaders() {
        Exchange done = template.request("wolkvox:call?file=information&api=agents", e -> { });
        assertThat(done.getException()).isNull();
        List<?> agents = done.getMessage().getBody(List.class);
        assertThat(agents).hasSize(3);
        assertThat(((Map<?, ?>) agents.get(0)).get("agent_id")).isEqualTo("1001");
        assertThat(done.getMessage().getHeader(WolkvoxConstants.CODE)).isEqualTo("200");
        assertThat(done.getMessage().getHeader(WolkvoxConstants.MESSAGE, String.class)).contains("records were found");
        assertThat(sandbox.catalogue().calls("information", "agents")).isNotEmpty();
    }

    @Test
    void queryComesFromOptionsAndTheQueryHeaderWhichWins() {
        template.requestBodyAndHeader("wolkvox:call?file=campaign.php&api=find_record&query.campaign_id=300&query.customer_id=A",
                null, WolkvoxConstants.QUERY, Map.of("customer_phone", "+57 300 & 1", "customer_id", "B"));
        SandboxCall call = last("campaign", "find_record");
        assertThat(call.query()).containsEntry("campaign_id", "300").containsEntry("customer_phone", "+57 300 & 1")
                .containsEntry("customer_id", "B");
    }

    @Test
    void aPostSendsItsBodyAsJson() throws Exception {
        template.requestBody("direct:post", Map.of("telephone", "3001234567", "message", "Hola"));
        template.requestBody("direct:post", "{\"telephone\":\"3007654321\",\"message\":\"Chao\"}");
        List<SandboxCall> calls = sandbox.catalogue().calls("sms", "send_sms");
        assertThat(JSON.readTree(calls.get(calls.size() - 2).body()).path("message").asText()).isEqualTo("Hola");
        assertThat(JSON.readTree(calls.get(calls.size() - 1).body()).path("telephone").asText()).isEqualTo("3007654321");
    }

    @Test
    void getIsSafeToRetryAndAPostOnlyWhenDeclaredIdempotent() {
        sandbox.setFaults(1.0, Set.of(SandboxFault.SERVER_ERROR), 1);
        assertThat(failure("wolkvox:call?file=information&api=skills", null).isSafeToRetry()).isTrue();
        WolkvoxApiException post = failure("wolkvox:call?file=sms&api=send_sms", Map.of("telephone", "1", "message", "m"));
        assertThat(post.isRetryable()).isTrue();
        assertThat(post.isSafeToRetry()).isFalse();
        assertThat(post.getMessage()).contains("call:sms/send_sms");
        assertThat(failure("wolkvox:call?file=sms&api=send_sms&idempotent=true", Map.of("telephone", "1", "message", "m"))
                .isSafeToRetry()).isTrue();
    }

    @Test
    void anUnknownApiFailsTheStartNamingTheNearestOnes() throws Exception {
        try (CamelContext other = new DefaultCamelContext()) {
            other.getPropertiesComponent().addInitialProperty("wolkvox.token", TOKEN);
            other.getPropertiesComponent().addInitialProperty("wolkvox.base-url", sandbox.baseUrl());
            other.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:x").to("wolkvox:call?file=information&api=agentz");
                }
            });
            assertThatThrownBy(other::start).isInstanceOf(FailedToCreateRouteException.class)
                    .hasStackTraceContaining("Unknown Wolkvox api 'agentz' in information.php (option api): did you mean 'agents'");
        }
        assertThatThrownBy(() -> context.getEndpoint("wolkvox:call?file=informaton&api=agents"))
                .isInstanceOf(ResolveEndpointFailedException.class).hasStackTraceContaining("did you mean 'information.php'");
        assertThatThrownBy(() -> context.getEndpoint("wolkvox:call?file=reports_manager&api=cdr_1&query.date_inicio=1"))
                .hasStackTraceContaining("Unknown query parameter query.date_inicio").hasStackTraceContaining("'date_ini'");
        assertThatThrownBy(() -> context.getEndpoint("wolkvox:call?api=agents")).hasStackTraceContaining("needs the options file and api");
    }

    @Test
    void allowUnknownApiLetsANewVendorApiThrough() {
        int before = (int) sandbox.requests();
        WolkvoxApiException e = failure("wolkvox:call?file=information&api=brand_new&allowUnknownApi=true", null);
        // The call was made: the (simulated) vendor answers that it does not know the api
        assertThat(sandbox.requests()).isGreaterThan(before);
        assertThat(e.getFailure()).isEqualTo(WolkvoxFailure.REJECTED);
        assertThat(e.getMessage()).contains("THE API YOU WANT TO CONSULT DOES NOT EXIST");
    }

    @Test
    void aSeventyDayReportArrivesAsWindowsOfAtMost31DaysCoveringTheRange() {
        int before = sandbox.catalogue().calls("reports_manager", "cdr_1").size();
        Exchange done = template.request("wolkvox:call?file=reports_manager&api=cdr_1"
                + "&query.date_ini=20260101000000&query.date_end=20260311235959", e -> { });
        assertThat(done.getException()).isNull();
        List<SandboxCall> windows = sandbox.catalogue().calls("reports_manager", "cdr_1").subList(before, before + 3);
        assertThat(sandbox.catalogue().calls("reports_manager", "cdr_1")).hasSize(before + 3);
        LocalDateTime expectedStart = LocalDateTime.of(2026, 1, 1, 0, 0, 0);
        for (SandboxCall w : windows) {
            LocalDateTime from = LocalDateTime.parse(w.query().get("date_ini"), DateWindows.FORMAT);
            LocalDateTime to = LocalDateTime.parse(w.query().get("date_end"), DateWindows.FORMAT);
            assertThat(from).isEqualTo(expectedStart);
            assertThat(Duration.between(from, to)).isLessThan(Duration.ofDays(31));
            expectedStart = to.plusSeconds(1);
        }
        assertThat(expectedStart).isEqualTo(LocalDateTime.of(2026, 3, 12, 0, 0, 0));
        List<?> rows = done.getMessage().getBody(List.class);
        assertThat(rows).hasSize(70);
        List<String> dates = rows.stream().map(r -> (String) ((Map<?, ?>) r).get("date")).toList();
        List<String> days = new ArrayList<>();
        for (LocalDate d = LocalDate.of(2026, 1, 1); d.isBefore(LocalDate.of(2026, 3, 12)); d = d.plusDays(1)) {
            days.add(d.toString());
        }
        assertThat(dates).containsExactlyElementsOf(days);
        assertThat(done.getMessage().getHeader(WolkvoxConstants.CALLS)).isEqualTo(3);
    }

    @Test
    void aBadDateFailsBeforeTheTokenIsTouched() {
        long before = sandbox.requests();
        CamelExecutionException e = catchThrowableOfType(CamelExecutionException.class, () -> template.requestBody(
                "wolkvox:call?file=reports_manager&api=cdr_1&query.date_ini=2026-01-01&query.date_end=20260311235959", (Object) null));
        assertThat(e.getCause()).isInstanceOf(WolkvoxValidationException.class).hasMessageContaining("date_ini: must be a date-time as YYYYMMDDhhmmss");
        assertThat(sandbox.requests()).isEqualTo(before);
    }

    @Test
    void aLargeAnswerIsStreamedToAFile(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("out/cdr.json");
        Exchange done = template.request("wolkvox:call?file=reports_manager&api=cdr_1"
                + "&query.date_ini=20260101000000&query.date_end=20260311235959&outputFile=" + target, e -> { });
        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getBody()).isEqualTo(target.toFile().getAbsoluteFile());
        assertThat(done.getMessage().getHeader(WolkvoxConstants.RECORD_COUNT)).isEqualTo(70L);
        JsonNode written = JSON.readTree(Files.readString(target));
        assertThat(written.isArray()).isTrue();
        assertThat(written).hasSize(70);
        assertThat(written.get(69).path("date").asText()).isEqualTo("2026-03-11");
        try (var files = Files.list(target.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("cdr.json");
        }
    }

    @Test
    void aFailedStreamedCallLeavesNoFile(@TempDir Path dir) {
        Path target = dir.resolve("agents.json");
        sandbox.setFaults(1.0, Set.of(SandboxFault.ERROR_IN_200), 1);
        CamelExecutionException e = catchThrowableOfType(CamelExecutionException.class, () -> template.requestBodyAndHeader(
                "wolkvox:agents", null, WolkvoxConstants.OUTPUT_FILE, target.toString()));
        assertThat(e.getCause()).isInstanceOf(WolkvoxApiException.class);
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void aBulkUploadGoesInChunksAndARedeliveryNeverResendsAChunk() {
        List<Map<String, String>> records = new ArrayList<>();
        for (int i = 0; i < 25_001; i++) {
            records.add(Map.of("customer_id", "C" + i, "customer_name", "N" + i, "tel1", "300" + (1_000_000 + i)));
        }
        int before = sandbox.catalogue().calls("campaign", "add_record").size();
        // The second chunk is refused once as "token busy" (nothing done, safe to retry)
        AtomicBoolean refused = new AtomicBoolean();
        sandbox.setContentRule(call -> "add_record".equals(call.api()) && call.body().contains("\"C10000\"")
                && refused.compareAndSet(false, true) ? "EXCEEDS THE LIMIT OF SIMULTANEOUS REQUESTS PER TOKEN (1)" : null);
        Exchange done = template.request("direct:upload", e -> e.getIn().setBody(records));
        assertThat(done.getException()).isNull();
        assertThat(refused).isTrue();
        List<SandboxCall> chunks = sandbox.catalogue().calls("campaign", "add_record");
        assertThat(chunks).hasSize(before + 3);
        List<Integer> sizes = chunks.subList(before, before + 3).stream().map(c -> size(c.body())).toList();
        assertThat(sizes).containsExactly(10_000, 10_000, 5_001);
        assertThat(chunks.get(before).query()).containsEntry("type_campaign", "preview").containsEntry("campaign_id", "301");
        assertThat(done.getMessage().getHeader(WolkvoxConstants.CALLS)).isEqualTo(3);
    }

    @Test
    void anUploadThatFinallyFailsSaysWhichChunksWereAdded() {
        List<Map<String, String>> records = new ArrayList<>();
        for (int i = 0; i < 20_001; i++) {
            records.add(Map.of("customer_id", "D" + i, "tel1", "310" + (1_000_000 + i)));
        }
        // the second chunk is refused for its content: not retryable
        sandbox.setContentRule(call -> "add_record".equals(call.api()) && call.body().contains("\"D10000\"") ? "campaign is full" : null);
        Exchange done = template.request("direct:upload", e -> e.getIn().setBody(records));
        assertThat(done.getException()).isInstanceOf(WolkvoxApiException.class);
        assertThat(done.getMessage().getHeader(WolkvoxConstants.CALLS_DONE)).isEqualTo(1);
        assertThat(done.getMessage().getHeader(WolkvoxConstants.CALLS)).isEqualTo(3);
    }

    private static int size(String json) {
        try {
            return JSON.readTree(json).size();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static SandboxCall last(String file, String api) {
        List<SandboxCall> calls = sandbox.catalogue().calls(file, api);
        assertThat(calls).isNotEmpty();
        return calls.get(calls.size() - 1);
    }

    private static WolkvoxApiException failure(String uri, Object body) {
        CamelExecutionException e = catchThrowableOfType(CamelExecutionException.class, () -> template.requestBody(uri, body));
        assertThat(e).as("the call should have failed").isNotNull();
        assertThat(e.getCause()).isInstanceOf(WolkvoxApiException.class);
        return (WolkvoxApiException) e.getCause();
    }
}
