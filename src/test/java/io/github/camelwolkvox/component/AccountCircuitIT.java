package io.github.camelwolkvox.component;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.camelwolkvox.component.model.DialRequest;
import io.github.camelwolkvox.component.model.DialResult;
import io.github.camelwolkvox.sandbox.WolkvoxSandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Circuit breaker and daily quota of an account, against the sandbox over real HTTP: batch work
 * waits (nothing is marked failed), interactive callers are refused with a Retry-After, health says
 * why, probes find out when to resume, and work resumes by itself.
 */
class AccountCircuitIT {

    private SandboxedContext sandboxed;
    private WolkvoxSandbox sandbox;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private CamelContext context;
    private ProducerTemplate template;
    private WolkvoxComponent wolkvox;

    @BeforeEach
    void start() throws Exception {
        String token = "tok-circuit-" + System.nanoTime(); // a lane of its own: lanes are JVM-wide
        sandboxed = SandboxedContext.on(token).set("wolkvox.circuit.probe-interval", "200")
                .set("wolkvox.quota.retry-interval", "200")
                // every pull must reach the sandbox: lift the 5-minute rule
                .set("wolkvox.min-pull-interval", "0");
        sandbox = sandboxed.sandbox;
        context = sandboxed.context;
        context.getRegistry().bind("meters", meters);
        template = sandboxed.start().template;
        wolkvox = context.getComponent("wolkvox", WolkvoxComponent.class);
        sandbox.acceptTokens(token);
    }

    @AfterEach
    void stop() throws Exception {
        sandboxed.close();
    }

    private AccountCircuit circuit() {
        return wolkvox.getCircuit(wolkvox.getLanes().get("default"));
    }

    private HealthCheck.Result health() {
        return new WolkvoxHealthCheck(wolkvox).call();
    }

    @Test
    void aSpentQuotaPausesBilledCallsLetsDialsGoOnAndResumesByItself() throws Exception {
        sandbox.setDailyQuota(1);
        template.requestBody("wolkvox:connectors", (Object) null);
        Throwable refused = catchThrowable(() -> template.requestBody("wolkvox:connectors", (Object) null));
        assertThat(refused.getCause()).isInstanceOfSatisfying(WolkvoxApiException.class, e -> {
            assertThat(e.getFailure()).isEqualTo(WolkvoxFailure.QUOTA_EXCEEDED);
            assertThat(e.getHttpStatus()).isEqualTo(403);
            assertThat(e.isSafeToRetry()).isTrue();
        });
        assertThat(circuit().state()).isEqualTo(AccountCircuit.State.QUOTA_SPENT);
        assertThat(health().getState()).isEqualTo(HealthCheck.State.UP);
        assertThat(health().getMessage()).get().asString().contains("account default DEGRADED since", "QUOTA_EXCEEDED");
        assertThat(meters.get("wolkvox.quota.refusals").tag("account", "default").counter().count()).isGreaterThanOrEqualTo(1);

        // Dials are not billed: they go on.
        DialResult dial = template.requestBody("wolkvox:dial", new DialRequest("1001", "3001234567", null, null), DialResult.class);
        assertThat(dial.connId()).isNotBlank();
        // An interactive billed call is refused at once, not sent, with the time to the next probe.
        Throwable paused = catchThrowable(() -> template.requestBodyAndHeader("wolkvox:connectors", null,
                WolkvoxConstants.PRIORITY, CallPriority.interactive));
        assertThat(paused.getCause()).isInstanceOfSatisfying(AccountPausedException.class, e -> {
            assertThat(e.getFailure()).isEqualTo(WolkvoxFailure.ACCOUNT_PAUSED);
            assertThat(e.getRetryAfter()).isPositive();
        });
        // A batch call waits...
        CompletableFuture<Object> waiting = template.asyncRequestBody("wolkvox:routingPoints", null);
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5)).until(() -> !waiting.isDone());

        sandbox.setDailyQuota(-1); // a new day: the next probe succeeds and the waiting call goes
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(circuit().state()).isEqualTo(AccountCircuit.State.CLOSED);
        assertThat(health().getMessage()).get().asString().doesNotContain("DEGRADED");
    }

    @Test
    void aRefusedTokenOpensTheCircuitHealthIsDownWithTheReasonAndASuccessfulProbeClosesIt() throws Exception {
        sandbox.acceptTokens("tok-of-someone-else");
        String revoked = "tok-revoked-" + System.nanoTime();
        String uri = "wolkvox:connectors?account=ops&token=" + revoked + "&baseUrl=" + sandbox.baseUrl();
        Throwable refused = catchThrowable(() -> template.requestBody(uri, (Object) null));
        assertThat(refused.getCause()).isInstanceOfSatisfying(WolkvoxApiException.class,
                e -> assertThat(e.getFailure()).isEqualTo(WolkvoxFailure.TOKEN_REFUSED));
        AccountCircuit ops = wolkvox.getCircuit(wolkvox.getLanes().get("ops"));
        assertThat(ops.state()).isEqualTo(AccountCircuit.State.OPEN);
        assertThat(health().getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(health().getMessage()).get().asString().contains("account ops DOWN since", "TOKEN_REFUSED").doesNotContain(revoked);

        // Batch work on the account waits rather than failing row after row.
        long before = sandbox.requests();
        CompletableFuture<Object> waiting = template.asyncRequestBody(uri, null);
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5)).until(() -> !waiting.isDone());
        // Only probes reached Wolkvox meanwhile, one per probe interval (a few, not one per waiting call).
        assertThat(sandbox.requests() - before).isLessThan(10);

        sandbox.acceptTokens(revoked); // the operator had the token re-enabled
        assertThat(waiting.get(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(ops.state()).isEqualTo(AccountCircuit.State.CLOSED);
        assertThat(health().getState()).isEqualTo(HealthCheck.State.UP); // the old failure no longer counts
    }
}
