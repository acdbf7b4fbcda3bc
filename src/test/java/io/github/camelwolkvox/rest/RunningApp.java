package io.github.camelwolkvox.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

import io.github.camelwolkvox.TestApplication;
import io.github.camelwolkvox.sandbox.WolkvoxSandboxSupport;
import io.github.camelwolkvox.component.WolkvoxComponent;
import io.github.camelwolkvox.sandbox.WolkvoxSandbox;

/** The job as it runs (application.properties, routes/), with an HTTP client for its REST API. */
final class RunningApp implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private boolean closed;
    private final Main main;
    private final HttpClient http = HttpClient.newHttpClient();
    final int port;

    private RunningApp(Main main, int port) {
        this.main = main;
        this.port = port;
    }

    /** The job isolated under {@code data} (see {@link TestApplication}), without the sandbox tour, plus {@code overrides}. */
    static RunningApp start(Path data, Map<String, String> overrides) throws Exception {
        Map<String, String> settings = TestApplication.isolatedSettings(data);
        settings.put("wolkvox.sandbox.tour", "false");
        settings.putAll(overrides);
        return new RunningApp(TestApplication.start(settings), Integer.parseInt(settings.get("wolkvox.rest.port")));
    }

    CamelContext context() {
        return main.getCamelContext();
    }

    WolkvoxSandbox sandbox() {
        return WolkvoxSandboxSupport.of(context()).running().orElseThrow();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpClient client() {
        return http;
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    @Override
    public void close() {
        if (closed) {
            return; // a test may close an app early; the clean-up closes it again
        }
        closed = true;
        HikariDataSource pool = main.getCamelContext() == null ? null
                : main.getCamelContext().getRegistry().lookupByNameAndType("wolkvoxDataSource", HikariDataSource.class);
        main.stop();
        // Camel Main does not close the beans it made: without this each app left its pool open
        // (on PostgreSQL: five server connections per app, until the test JVM ran out of them).
        if (pool != null) {
            pool.close();
        }
    }
}
