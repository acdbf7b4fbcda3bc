package io.github.camelwolkvox.rest;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;

import io.vertx.core.Handler;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;

import io.github.camelwolkvox.component.WolkvoxComponent;

/**
 * Lets a REST request in only with a configured API key in the {@code X-API-Key} header. Runs in
 * the HTTP server before the body is read or bound, so an unauthenticated caller learns nothing
 * about the API. With no key configured: in sandbox mode only callers on this machine (loopback)
 * are served; against a real Wolkvox account every request is refused, because an open endpoint
 * that dials customers is worse than a closed one.
 */
public final class RestApiGuard implements Handler<RoutingContext> {

    public static final String API_KEY_HEADER = "X-API-Key";

    private final List<byte[]> keyHashes;
    private final boolean sandbox;

    public RestApiGuard(List<String> apiKeys, boolean sandbox) {
        this.keyHashes = apiKeys.stream().map(String::strip).filter(k -> !k.isEmpty()).map(RestApiGuard::sha256).toList();
        this.sandbox = sandbox;
    }

    /** The guard of this CamelContext's settings: the keys of wolkvox.rest.api-keys, the sandbox of its wolkvox component. */
    public static RestApiGuard of(CamelContext context) {
        String keys = context.getPropertiesComponent().resolveProperty("wolkvox.rest.api-keys").orElse("");
        return new RestApiGuard(Arrays.asList(keys.split(",")), context.getComponent("wolkvox", WolkvoxComponent.class).isSandboxActive());
    }

    /** Whether the guard lets any request in from another machine. */
    public boolean hasKeys() {
        return !keyHashes.isEmpty();
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (hasKeys()) {
            String key = ctx.request().getHeader(API_KEY_HEADER);
            if (key != null && isKnown(key.strip())) {
                ctx.next();
            } else {
                RestErrorBody.send(ctx, 401, "unauthorized", key == null
                        ? "missing " + API_KEY_HEADER + " header"
                        : "unknown API key in the " + API_KEY_HEADER + " header");
            }
        } else if (!sandbox) {
            RestErrorBody.send(ctx, 403, "forbidden", "the REST API has no API key configured (wolkvox.rest.api-keys):"
                    + " every request is refused while a real Wolkvox account is in use");
        } else if (isLoopback(ctx.request().remoteAddress())) {
            ctx.next();
        } else {
            RestErrorBody.send(ctx, 403, "forbidden", "sandbox mode without an API key (wolkvox.rest.api-keys):"
                    + " only callers on this machine are served");
        }
    }

    /** Compares hashes in constant time so the time taken says nothing about how close a guess was. */
    private boolean isKnown(String key) {
        byte[] candidate = sha256(key);
        boolean known = false;
        for (byte[] hash : keyHashes) {
            known |= MessageDigest.isEqual(hash, candidate);
        }
        return known;
    }

    private static boolean isLoopback(SocketAddress remote) {
        if (remote == null || remote.hostAddress() == null) {
            return false;
        }
        try {
            return InetAddress.getByName(remote.hostAddress()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
