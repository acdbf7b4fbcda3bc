package io.github.camelwolkvox.rest;

import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;

/**
 * The platform-http engine, told which server the REST routes belong to. Camel 4.14's engine finds
 * the port by looking for the one HTTP server in the registry; with the management server
 * (health, metrics) running as well there are two, it falls back to 8080, and with the REST API on
 * any other port its routes fail to start ("No bean ... platform-http-router-8080").
 */
public class RestHttpEngine extends VertxPlatformHttpEngine {

    private int port;

    @Override
    public int getServerPort() {
        return port;
    }

    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }
}
