package io.github.camelwolkvox.component;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.camelwolkvox.component.model.DialRequest;
import io.github.camelwolkvox.sandbox.WolkvoxSandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/** A second gate (cluster mode's SPI) is held for exactly the lane's turn, also the long turn of a call given up on. */
class TurnGateIT {

    private final WolkvoxSandbox sandbox = new WolkvoxSandbox(0);
    private final AtomicInteger admitted = new AtomicInteger();
    private final AtomicInteger released = new AtomicInteger();
    private CamelContext context;
    private ProducerTemplate template;

    @BeforeEach
    void start() throws Exception {
        sandbox.start();
        context = new DefaultCamelContext();
        context.getPropertiesComponent().addInitialProperty("wolkvox.token", "tok-gate-" + System.nanoTime());
        context.getPropertiesComponent().addInitialProperty("wolkvox.base-url", sandbox.baseUrl());
        TurnGate gate = (tokenKey, turn, maxWait) -> {
            assertThat(tokenKey).hasSize(64); // the SHA-256, never the token
            admitted.incrementAndGet();
            turn.onRelease(released::incrementAndGet);
        };
        context.getRegistry().bind("gate", gate);
        context.start();
        template = context.createProducerTemplate();
    }

    @AfterEach
    void stop() throws Exception {
        context.stop();
        sandbox.stop();
    }

    @Test
    void theGateIsHeldForTheTurnIncludingTheServersLimitOfACallGivenUpOn() {
        template.requestBody("wolkvox:connectors", (Object) null);
        assertThat(admitted).hasValue(1);
        assertThat(released).hasValue(1);

        sandbox.setLatencyMillis(1500);
        Throwable gaveUp = catchThrowable(() -> template.requestBody("wolkvox:dial?readTimeout=200&serverCallLimit=3000",
                new DialRequest("1001", "3001234567", null, null)));
        assertThat(gaveUp).hasCauseInstanceOf(WolkvoxApiException.class);
        assertThat(admitted).hasValue(2);
        assertThat(released).as("still held: Wolkvox may be busy with the dial").hasValue(1);
        await().atMost(Duration.ofSeconds(15)).until(() -> released.get() == 2);
    }
}
