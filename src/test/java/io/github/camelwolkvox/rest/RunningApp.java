package io.github.camelwolkvox.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

import io.github.camelwolkvox.Application;
import io.github.camelwolkvox.component.WolkvoxComponent;
import io.github.camelwolkvox.sandbox.WolkvoxSandbox;

/** The job as it runs (application.properties, routes/), with the HTTP server on a free port. */
final class RunningApp implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final Main main;
    private final HttpClient http = HttpClient.newHttpClient();
    final int port;

    private RunningApp(Main main, int port) {
        this.main = main;
        this.port = port;
    }

    static RunningApp start(Map<String, String> overrides) throws Exception {
        Main main = Application.createMain(Path.of("application.properties"));
        int port = freePort();
        main.addOverrideProperty("wolkvox.rest.port", String.valueOf(port));
        main.addOverrideProperty("wolkvox.management.port", String.valueOf(freePort()));
        main.addOverrideProperty("wolkvox.sandbox.tour", "false");
        main.addOverrideProperty("wolkvox.db.url", "jdbc:h2:mem:rest-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        overrides.forEach(main::addOverrideProperty);
        try {
            main.start();
        } catch (Exception | Error e) {
            main.stop();
            throw e;
        }
        return new RunningApp(main, port);
    }

    /**
     * A port free a moment ago. Port 0 cannot be used: in Camel 4.14 the platform-http consumer
     * looks its router up by the actual port and fails to start.
     */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    CamelContext context() {
        return main.getCamelContext();
    }

    WolkvoxSandbox sandbox() {
        return context().getComponent("wolkvox", WolkvoxComponent.class).getRunningSandbox().orElseThrow();
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
        main.stop();
    }
}
