package io.github.camelwolkvox.component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.camelwolkvox.component.model.DialRequest;
import io.github.camelwolkvox.sandbox.WolkvoxSandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The central rule, against a server that records every overlap: many producers on one token never
 * overlap, also while a call is held at the server for as long as the test wants (Camel 4.14's
 * throttler would forget a key 10 s after a release); different tokens do run side by side.
 */
class TokenGuardConcurrencyIT {

    private WolkvoxSandbox sandbox;
    private CamelContext context;
    private ProducerTemplate template;

    @BeforeEach
    void start() throws Exception {
        sandbox = new WolkvoxSandbox(0);
        sandbox.start();
        context = new DefaultCamelContext();
        var pc = context.getPropertiesComponent();
        pc.addInitialProperty("wolkvox.token", "tok-concurrency-one");
        pc.addInitialProperty("wolkvox.base-url", sandbox.baseUrl());
        pc.addInitialProperty("wolkvox.accounts.alias.token", "tok-concurrency-one");
        pc.addInitialProperty("wolkvox.accounts.alias.base-url", sandbox.baseUrl());
        pc.addInitialProperty("wolkvox.accounts.second.token", "tok-concurrency-two");
        pc.addInitialProperty("wolkvox.accounts.second.base-url", sandbox.baseUrl());
        context.start();
        template = context.createProducerTemplate();
    }

    @AfterEach
    void stop() throws Exception {
        context.stop();
        sandbox.stop();
    }

    @Test
    void tenProducersOnOneTokenNeverOverlapWhileOneCallIsHeldForAsLongAsTheTestWants() throws Exception {
        // The "slow" calls are held on a latch inside the server: however long a call lasts (the lane
        // has no time-based state, unlike Camel's throttler that forgets a key 10 s after a release),
        // every other caller of the token waits for it.
        CountDownLatch slowHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        sandbox.setLatency(call -> {
            if ("slow".equals(call.query().get("customer_id"))) {
                slowHeld.countDown();
                awaitQuietly(release);
                return 0;
            }
            return 50;
        });
        List<CompletableFuture<Object>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String customer = i == 0 || i == 5 ? "slow" : "fast-" + i;
            // Same token through two endpoint URIs and an account alias: still one lane.
            String uri = i % 3 == 0 ? "wolkvox:dial?account=alias" : i % 3 == 1 ? "wolkvox:dial" : "wolkvox:dial?priority=interactive";
            calls.add(template.asyncRequestBody(uri, new DialRequest("1001", "300000000" + i, customer, null)));
        }
        TokenLane lane = TokenGuard.laneFor("tok-concurrency-one", "default", 1);
        assertThat(slowHeld.await(30, TimeUnit.SECONDS)).as("a slow call reached the server").isTrue();
        // Everybody not yet answered is queued behind the held call, and only it is at the server.
        await().atMost(Duration.ofSeconds(30)).until(
                () -> lane.queueDepth() == calls.stream().filter(c -> !c.isDone()).count() - 1);
        assertThat(sandbox.inFlight()).isEqualTo(1);
        assertThat(lane.inFlight()).isEqualTo(1);
        release.countDown();
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        assertThat(sandbox.dials()).hasSize(10);
        assertThat(sandbox.overlaps()).isZero();
        assertThat(sandbox.maxConcurrentSeen()).isEqualTo(1);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void twoTokensRunSideBySide() throws Exception {
        sandbox.setLatencyMillis(400);
        List<CompletableFuture<Object>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(template.asyncRequestBody("wolkvox:routingPoints", (Object) null));
            calls.add(template.asyncRequestBody("wolkvox:routingPoints?account=second", (Object) null));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        assertThat(sandbox.overlaps()).isZero();
        assertThat(sandbox.maxConcurrentSeen()).isEqualTo(2);
    }

    @Test
    void twoCallsAtOnceWhenTheTokenAllowsTwo() throws Exception {
        sandbox.setMaxConcurrentPerToken(2);
        sandbox.setLatencyMillis(400);
        List<CompletableFuture<Object>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(template.asyncRequestBody("wolkvox:connectors?token=tok-concurrency-pair&maxConcurrentPerToken=2", (Object) null));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        assertThat(sandbox.overlaps()).isZero();
        assertThat(sandbox.maxConcurrentSeen()).isEqualTo(2);
    }
}
