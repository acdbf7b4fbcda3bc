package io.github.camelwolkvox.rest;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Start-up cases: with no API key configured sandbox mode serves only this machine and a real
 * account serves no one; a REST port that is taken stops the start.
 */
class RestApiStartupIT {

    @Test
    void aRestPortInUseStopsTheStartInsteadOfRunningWithoutTheApi(@TempDir Path data) throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            assertThatThrownBy(() -> RunningApp.start(data, Map.of("wolkvox.rest.port", String.valueOf(taken.getLocalPort()))).close())
                    .hasStackTraceContaining("The REST API cannot listen on port " + taken.getLocalPort());
        }
    }

    @Test
    void inSandboxModeOnlyCallersOnThisMachineAreServed(@TempDir Path data) throws Exception {
        try (RunningApp app = RunningApp.start(data, Map.of())) {
            HttpResponse<String> local = app.send(HttpRequest.newBuilder(app.uri("/api/v1/status")).build());
            assertThat(local.statusCode()).isEqualTo(200);
            assertThat(RunningApp.json(local).path("sandbox").asBoolean()).isTrue();

            Optional<InetAddress> lan = nonLoopbackAddress();
            assumeTrue(lan.isPresent(), "this machine has no non-loopback IPv4 address to call from");
            HttpResponse<String> remote = app.send(HttpRequest.newBuilder(
                    URI.create("http://" + lan.get().getHostAddress() + ":" + app.port + "/api/v1/status")).build());
            assertThat(remote.statusCode()).isEqualTo(403);
            assertThat(RunningApp.json(remote).path("message").asText())
                    .contains("sandbox mode without an API key", "only callers on this machine");
        }
    }

    @Test
    void withARealAccountAndNoKeyEveryRequestIsRefused(@TempDir Path data) throws Exception {
        // A token and no sandbox: the Wolkvox address (a socket that accepts connections, for the
        // start-up check, and answers nothing) is never called, every request stops at the guard.
        try (java.net.ServerSocket wolkvox = new java.net.ServerSocket(0);
             RunningApp app = RunningApp.start(data, Map.of(
                "wolkvox.token", "real-looking-token-without-rest-key",
                "wolkvox.sandbox.enabled", "false",
                "wolkvox.base-url", "http://127.0.0.1:" + wolkvox.getLocalPort()))) {
            HttpResponse<String> r = app.send(HttpRequest.newBuilder(app.uri("/api/v1/status")).build());

            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(RunningApp.json(r).path("error").asText()).isEqualTo("forbidden");
            assertThat(RunningApp.json(r).path("message").asText()).contains("no API key configured (wolkvox.rest.api-keys)");
        }
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws Exception {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                Optional<InetAddress> v4 = Collections.list(nic.getInetAddresses()).stream()
                        .filter(a -> a instanceof Inet4Address).findFirst();
                if (v4.isPresent()) {
                    return v4;
                }
            }
        }
        return Optional.empty();
    }
}
