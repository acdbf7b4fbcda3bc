package io.github.camelwolkvox.component;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.console.DevConsole;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.camelwolkvox.sandbox.WolkvoxSandbox;

import static org.assertj.core.api.Assertions.assertThat;

/** The dev console, found by Camel from the generated service file, shows a lane while a call holds its turn. */
class WolkvoxDevConsoleIT {

    private final String token = "tok-console-" + System.nanoTime(); // a lane of its own: lanes are JVM-wide
    private SandboxedContext sandboxed;
    private WolkvoxSandbox sandbox;
    private CamelContext context;
    private ProducerTemplate template;

    @BeforeEach
    void start() {
        sandboxed = SandboxedContext.on(token).set("wolkvox.min-pull-interval", "0").start();
        sandbox = sandboxed.sandbox;
        context = sandboxed.context;
        template = sandboxed.template;
    }

    @AfterEach
    void stop() {
        sandboxed.close();
    }

    @Test
    void showsWhoHoldsTheTurnAndNeverTheToken() throws Exception {
        template.requestBody("wolkvox:connectors", (Object) null);
        CountDownLatch inCall = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        sandbox.setLatency(call -> {
            inCall.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        });
        CompletableFuture<Object> held = CompletableFuture.supplyAsync(() -> template.requestBody("wolkvox:connectors", (Object) null));
        assertThat(inCall.await(20, TimeUnit.SECONDS)).isTrue();

        DevConsole console = PluginHelper.getDevConsoleResolver(context).resolveDevConsole("wolkvox");
        assertThat(console).isInstanceOf(WolkvoxDevConsole.class);
        String text = (String) console.call(DevConsole.MediaType.TEXT);
        assertThat(text).contains("Mode: real", "Account: default", "In flight: 1", "Held by: ", "Calls: 2",
                "Waiting: 0 interactive, 0 batch", "Circuit: CLOSED").doesNotContain(token);
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) console.call(DevConsole.MediaType.JSON);
        assertThat(json.toString()).doesNotContain(token);
        assertThat(json).containsEntry("mode", "real");
        @SuppressWarnings("unchecked")
        Map<String, Object> lane = ((List<Map<String, Object>>) json.get("accounts")).get(0);
        assertThat(lane).containsEntry("account", "default").containsEntry("inFlight", 1).containsEntry("circuit", "CLOSED");
        assertThat((List<?>) lane.get("holders")).hasSize(1);

        release.countDown();
        held.get(20, TimeUnit.SECONDS);
        assertThat(((Map<?, ?>) ((List<?>) ((Map<?, ?>) console.call(DevConsole.MediaType.JSON)).get("accounts")).get(0))
                .get("holders")).asList().isEmpty();
    }
}
