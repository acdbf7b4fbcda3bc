package io.github.camelwolkvox.component;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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

/**
 * The central rule, against a server that records every overlap: many producers on one token never
 * overlap, also when some calls last longer than the 10 s after which Camel 4.14's throttler would
 * forget a key; different tokens do run side by side.
 */
class TokenGuardConcurrencyTest {

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
    void eightProducersOnOneTokenNeverOverlapEvenWithTwelveSecondCalls() throws Exception {
        sandbox.setLatency(call -> "slow".equals(call.query().get("customer_id")) ? 12_000 : 150);
        List<CompletableFuture<Object>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String customer = i == 0 || i == 5 ? "slow" : "fast-" + i;
            // Same token through two endpoint URIs and an account alias: still one lane.
            String uri = i % 3 == 0 ? "wolkvox:dial?account=alias" : i % 3 == 1 ? "wolkvox:dial" : "wolkvox:dial?priority=interactive";
            calls.add(template.asyncRequestBody(uri, new DialRequest("1001", "300000000" + i, customer, null)));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);

        assertThat(sandbox.dials()).hasSize(10);
        assertThat(sandbox.overlaps()).isZero();
        assertThat(sandbox.maxConcurrentSeen()).isEqualTo(1);
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
