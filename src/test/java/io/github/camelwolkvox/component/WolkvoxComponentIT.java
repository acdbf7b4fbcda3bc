package io.github.camelwolkvox.component;

import java.util.Map;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.github.camelwolkvox.component.model.ActivityCode;
import io.github.camelwolkvox.component.model.Connector;
import io.github.camelwolkvox.component.model.DialRequest;
import io.github.camelwolkvox.component.model.DialResult;
import io.github.camelwolkvox.component.model.Interaction;
import io.github.camelwolkvox.component.model.RoutingPoint;
import io.github.camelwolkvox.component.model.WolkvoxResponse;
import io.github.camelwolkvox.sandbox.SandboxCall;
import io.github.camelwolkvox.sandbox.SandboxFault;
import io.github.camelwolkvox.sandbox.WolkvoxSandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/** The component against the sandbox over real HTTP: every operation, the request shape, every failure class. */
class WolkvoxComponentIT {

    private static final String TOKEN = "tok-component-test-5f2a9";

    private static SandboxedContext wolkvox;
    private static WolkvoxSandbox sandbox;
    private static CamelContext context;
    private static ProducerTemplate template;

    @BeforeAll
    static void start() throws Exception {
        wolkvox = SandboxedContext.on(TOKEN);
        // every call reaches the sandbox: these tests inject faults into report pulls (PullCadenceIT covers the rule)
        wolkvox.set("wolkvox.min-pull-interval", "0")
                .set("wolkvox.accounts.bogota.token", "tok-bogota-77")
                .set("wolkvox.accounts.bogota.base-url", wolkvox.sandbox.baseUrl()).start();
        sandbox = wolkvox.sandbox;
        context = wolkvox.context;
        template = wolkvox.template;
    }

    @AfterAll
    static void stop() {
        wolkvox.close();
    }

    @AfterEach
    void resetSandbox() {
        sandbox.setFaults(0, Set.of(), 1);
        sandbox.setLatencyMillis(0);
        sandbox.setMaxConcurrentPerToken(1);
    }

    @Test
    void everyOperationReturnsItsTypedResult() {
        @SuppressWarnings("unchecked")
        var rps = (java.util.List<RoutingPoint>) template.requestBody("wolkvox:routingPoints", (Object) null);
        assertThat(rps).extracting(RoutingPoint::rpId).containsExactly("101", "102", "103");
        assertThat(rps.get(0).ivrActive()).isEqualTo("yes");

        @SuppressWarnings("unchecked")
        var connectors = (java.util.List<Connector>) template.requestBody("wolkvox:connectors", (Object) null);
        assertThat(connectors).extracting(Connector::channel).contains("whatsapp", "email");

        WolkvoxResponse created = template.requestBody("wolkvox:createActivityCode",
                new ActivityCode("T1", "C-" + System.nanoTime(), "Venta cerrada", "sí", "0", null), WolkvoxResponse.class);
        assertThat(created.code()).isEqualTo(201);
        assertThat(created.msg()).isEqualTo("Code successfully created");

        Exchange interaction = template.request("wolkvox:addInteraction", e -> e.getIn().setBody(
                new Interaction("a@example.com", "b@example.com", "Subject", "Body", "102")));
        assertThat(interaction.getException()).isNull();
        assertThat(interaction.getMessage().getHeader(WolkvoxConstants.MESSAGE, String.class)).contains("Customer care");

        DialResult dial = template.requestBody("wolkvox:dial", new DialRequest("1001", "3001234567", null, null), DialResult.class);
        assertThat(dial.connId()).isNotBlank();
    }

    @Test
    void activityCodeFlagsAreNormalisedBeforeSending() {
        String cod = "N-" + System.nanoTime();
        template.requestBody("wolkvox:createActivityCode", Map.of("TYPE_CODE", "T1", "cod_act", cod,
                "description_cod_act", "x", "hit", "SI", "rpc", "false"));
        var sent = sandbox.activityCodes().get("T1|" + cod);
        assertThat(sent.path("hit").asText()).isEqualTo("yes");
        assertThat(sent.path("rpc").asText()).isEqualTo("no");
        assertThat(sent.path("chat").asText()).isEqualTo("no");
    }

    @Test
    void dialParametersAreUrlEncodedSoAPlusSurvives() {
        int before = sandbox.dials().size();
        template.requestBody("wolkvox:dial", "{\"agent_id\":\"1001\",\"customer_phone\":\"+57 (300) 123-4567\","
                + "\"customer_id\":\"CC 10&20\",\"customer_name\":\"José Pérez + Hijos\"}");
        SandboxCall call = sandbox.dials().get(before);
        assertThat(call.query()).containsEntry("customer_phone", "+573001234567")
                .containsEntry("customer_id", "CC 10&20")
                .containsEntry("customer_name", "José Pérez + Hijos")
                .containsEntry("agent_id", "1001");
    }

    @Test
    void dialParametersAreAlsoTakenFromHeaders() {
        int before = sandbox.dials().size();
        template.requestBodyAndHeaders("wolkvox:dial", null, Map.of("agent_id", "1002", "customer_phone", "3105550000"));
        assertThat(sandbox.dials().get(before).query()).containsEntry("agent_id", "1002");
    }

    @Test
    void onlyTheWolkvoxHeadersReachTheServer() {
        int before = sandbox.interactions().size();
        template.requestBodyAndHeaders("wolkvox:addInteraction",
                new Interaction("a", "b", "s", "b", "101"),
                Map.of("Authorization", "Bearer route-secret", "X-Internal", "1", "CamelFileName", "x.csv"));
        Set<String> headers = sandbox.interactions().get(before).headerNames();
        assertThat(headers).contains("wolkvox-token", "Content-Type")
                .doesNotContain("Authorization", "X-Internal", "CamelFileName");
    }

    @Test
    void invalidInputNamesEveryBadFieldAndMakesNoCall() {
        long before = sandbox.requests();
        WolkvoxValidationException e = unwrap(WolkvoxValidationException.class,
                () -> template.requestBody("wolkvox:dial", new DialRequest(" ", "12ab", null, null)));
        assertThat(e.getErrors()).extracting(WolkvoxValidationException.FieldError::field)
                .containsExactly("agent_id", "customer_phone");
        assertThat(e.getMessage()).contains("agent_id: is required").contains("got '12ab'");

        WolkvoxValidationException flags = unwrap(WolkvoxValidationException.class,
                () -> template.requestBody("wolkvox:createActivityCode", new ActivityCode("T", "C", "D", "maybe", null, null)));
        assertThat(flags.getMessage()).contains("hit: must be yes or no");

        WolkvoxValidationException json = unwrap(WolkvoxValidationException.class,
                () -> template.requestBody("wolkvox:addInteraction", "{not json"));
        assertThat(json.getMessage()).startsWith("body: cannot be read as Interaction");
        assertThat(sandbox.requests()).isEqualTo(before);
    }

    @Test
    void serverErrorIsRetryableButADialThatMayHaveActedIsNotSafeToRepeat() {
        sandbox.setFaults(1.0, Set.of(SandboxFault.SERVER_ERROR), 1);
        WolkvoxApiException e = unwrap(WolkvoxApiException.class,
                () -> template.requestBody("wolkvox:dial", new DialRequest("1001", "3001234567", null, null)));
        assertThat(e.getFailure()).isEqualTo(WolkvoxFailure.SERVER_ERROR);
        assertThat(e.getHttpStatus()).isEqualTo(500);
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.isSafeToRetry()).isFalse();

        WolkvoxApiException report = unwrap(WolkvoxApiException.class, () -> template.requestBody("wolkvox:connectors", (Object) null));
        assertThat(report.isSafeToRetry()).isTrue();
    }

    @Test
    void anErrorCodeInsideHttp200IsAFailure() {
        sandbox.setFaults(1.0, Set.of(SandboxFault.ERROR_IN_200), 1);
        WolkvoxApiException e = unwrap(WolkvoxApiException.class, () -> template.requestBody("wolkvox:routingPoints", (Object) null));
        assertThat(e.getHttpStatus()).isEqualTo(200);
        assertThat(e.getCode()).isEqualTo("500");
        assertThat(e.getFailure()).isEqualTo(WolkvoxFailure.SERVER_ERROR);
        assertThat(e.getMessage()).contains("Internal error").contains("routingPoints");
    }

    @Test
    void garbageIsAMalformedResponse() {
        sandbox.setFaults(1.0, Set.of(SandboxFault.GARBAGE), 1);
        WolkvoxApiException e = unwrap(WolkvoxApiException.class, () -> template.requestBody("wolkvox:routingPoints", (Object) null));
        assertThat(e.getFailure()).isEqualTo(WolkvoxFailure.MALFORMED_RESPONSE);
        assertThat(e.getMessage()).contains("Bad Gateway");
    }

    @Test
    void aBusyTokenAnswerIsSafeToRetryEvenForADial() {
        sandbox.setMaxConcurrentPerToken(0);
        WolkvoxApiException e = unwrap(WolkvoxApiException.class,
                () -> template.requestBody("wolkvox:dial", new DialRequest("1001", "3001234567", null, null)));
        assertThat(e.getFailure()).isEqualTo(WolkvoxFailure.TOKEN_BUSY);
        assertThat(e.getHttpStatus()).isEqualTo(403);
        assertThat(e.getMsg()).isEqualTo("EXCEEDS THE LIMIT OF SIMULTANEOUS REQUESTS PER TOKEN (0)");
        assertThat(e.isSafeToRetry()).isTrue();
    }

    @Test
    void anInvalidTokenIsRefusedAndTheTokenIsNotInTheMessage() {
        String bad = "invalid-token-xyz123";
        WolkvoxApiException e = unwrap(WolkvoxApiException.class, () -> template.requestBody(
                "wolkvox:routingPoints?token=" + bad + "&baseUrl=" + sandbox.baseUrl(), (Object) null));
        assertThat(e.getFailure()).isEqualTo(WolkvoxFailure.TOKEN_REFUSED);
        assertThat(e.getHttpStatus()).isEqualTo(403);
        assertThat(e.getMsg()).isEqualTo("PLEASE VALIDATE TOKEN");
        assertThat(e.getMessage()).doesNotContain(bad);
        assertThat(context.getEndpoint("wolkvox:routingPoints?token=" + bad + "&baseUrl=" + sandbox.baseUrl()).toString())
                .doesNotContain(bad);
    }

    @Test
    void aCallGivenUpAfterSendingKeepsTheTurnUntilTheServerLimitSoTheNextCallFindsTheTokenFree() {
        // The sandbox keeps working on (and the token busy for) a slow call after the client left.
        sandbox.setLatency(call -> "dial".equals(call.api()) ? 1500 : 0);
        int overlapsBefore = sandbox.overlaps();
        WolkvoxApiException e = unwrap(WolkvoxApiException.class, () -> template.requestBody(
                "wolkvox:dial?readTimeout=300&serverCallLimit=2500", new DialRequest("1001", "3001234567", null, null)));
        assertThat(e.getFailure()).isEqualTo(WolkvoxFailure.OUTCOME_UNKNOWN);
        assertThat(e.isSafeToRetry()).isFalse();
        // Released at give-up, this call would reach the token while the sandbox still works on the dial.
        assertThat(template.requestBody("wolkvox:connectors", (Object) null)).isNotNull();
        assertThat(sandbox.overlaps()).isEqualTo(overlapsBefore);
    }

    @Test
    void aTricklingAnswerEndsAtTheCallDeadlineNotAtAReadTimeout() {
        sandbox.setFaults(1.0, Set.of(SandboxFault.TRICKLE), 1);
        try {
            // Each byte comes well within the read timeout; only the overall deadline ends the call.
            WolkvoxApiException e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
                    () -> unwrap(WolkvoxApiException.class, () -> template.requestBody(
                            "wolkvox:connectors?token=tok-trickle&readTimeout=5000&callTimeout=1000&serverCallLimit=1000", (Object) null)));
            assertThat(e.getFailure()).isEqualTo(WolkvoxFailure.OUTCOME_UNKNOWN);
            assertThat(e.getMessage()).contains("call deadline of 1000 ms");
        } finally {
            sandbox.setFaults(0, Set.of(), 1);
        }
    }

    @Test
    void aRefusedConnectionMeansTheRequestNeverLeft() throws Exception {
        String uri;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            uri = "wolkvox:dial?token=tok-closed&baseUrl=http://127.0.0.1:" + s.getLocalPort();
            context.getEndpoint(uri); // the start-up check of the host passes while it listens
        }
        String closed = uri;
        WolkvoxApiException e = unwrap(WolkvoxApiException.class, () -> template.requestBody(closed,
                new DialRequest("1001", "3001234567", null, null)));
        assertThat(e.getFailure()).isEqualTo(WolkvoxFailure.CONNECT_FAILED);
        assertThat(e.isSafeToRetry()).isTrue();
    }

    @Test
    void aNamedAccountUsesItsOwnTokenLane() {
        template.requestBody("wolkvox:connectors?account=bogota", (Object) null);
        Map<String, TokenLane> lanes = context.getComponent("wolkvox", WolkvoxComponent.class).getLanes();
        assertThat(lanes).containsKey("bogota");
        assertThat(lanes.get("bogota").calls()).isPositive();
    }

    @Test
    void withoutTokenAndWithoutSandboxTheRouteFailsToStartNamingTheSetting() throws Exception {
        try (CamelContext strict = new DefaultCamelContext()) {
            strict.getPropertiesComponent().addInitialProperty("wolkvox.sandbox.enabled", "false");
            strict.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:x").to("wolkvox:dial");
                }
            });
            assertThatThrownBy(strict::start).isInstanceOf(FailedToCreateRouteException.class)
                    .hasStackTraceContaining("No Wolkvox token for account 'default': set wolkvox.token (or the environment variable WOLKVOX_TOKEN)");
        }
    }

    @Test
    void withARealDefaultTokenAnUnknownAccountFailsInsteadOfGoingToTheSandbox() throws Exception {
        try (CamelContext real = new DefaultCamelContext()) {
            real.getPropertiesComponent().addInitialProperty("wolkvox.token", "tok-real-default");
            real.getPropertiesComponent().addInitialProperty("wolkvox.server", "0012");
            real.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:x").to("wolkvox:dial?account=bogta");
                }
            });
            assertThatThrownBy(real::start).isInstanceOf(FailedToCreateRouteException.class)
                    .hasStackTraceContaining("No Wolkvox token for account 'bogta': set wolkvox.accounts.bogta.token")
                    .hasStackTraceContaining("is the account name spelt right?");
        }
    }

    @Test
    void sandboxAndARealTargetAreNeverMixed() throws Exception {
        try (CamelContext mixed = new DefaultCamelContext()) {
            io.github.camelwolkvox.sandbox.WolkvoxSandboxSupport.installIn(mixed);
            mixed.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:a").to("wolkvox:connectors"); // no account configured: the sandbox
                    from("direct:b").to("wolkvox:connectors?account=real&token=tok-real&baseUrl=" + sandbox.baseUrl());
                }
            });
            assertThatThrownBy(mixed::start).hasStackTraceContaining("never a mix");
        }
    }

    @Test
    void aServerCodeWrittenAsSupportWritesItIsAccepted() {
        WolkvoxConfiguration config = new WolkvoxConfiguration();
        for (String given : new String[] { "wv0012", "WV0012", " 0012 " }) {
            config.setServer(given);
            assertThat(config.getServer()).isEqualTo("0012");
            assertThat(config.resolvedBaseUrl()).isEqualTo("https://wv0012.wolkvox.com");
        }
    }

    @Test
    void configurationToStringMasksTheToken() {
        WolkvoxEndpoint endpoint = context.getEndpoint("wolkvox:connectors", WolkvoxEndpoint.class);
        assertThat(endpoint.getConfiguration().toString()).doesNotContain(TOKEN).contains("token=****");
        assertThat(endpoint.toString()).doesNotContain(TOKEN);
    }

    private static <T extends Throwable> T unwrap(Class<T> type, Runnable call) {
        CamelExecutionException e = catchThrowableOfType(CamelExecutionException.class, call::run);
        assertThat(e).as("the call should have failed").isNotNull();
        assertThat(e.getCause()).isInstanceOf(type);
        return type.cast(e.getCause());
    }
}
