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

import io.github.camelwolkvox.auth.Caller;
import io.github.camelwolkvox.auth.Logins;
import io.github.camelwolkvox.auth.Role;
import io.github.camelwolkvox.component.WolkvoxComponent;

/**
 * Lets a REST request in only with a configured API key in the {@code X-API-Key} header. Runs in
 * the HTTP server before the body is read or bound, so an unauthenticated caller learns nothing
 * about the API. With no key configured: in sandbox mode only callers on this machine (loopback)
 * are served; against a real Wolkvox account every request is refused, because an open endpoint
 * that dials customers is worse than a closed one.
 * <p>
 * Who may do what: a key of wolkvox.rest.api-keys is an operator, a key of
 * wolkvox.rest.viewer-api-keys a viewer, a session token of a login ({@code Authorization: Bearer},
 * see {@link Logins}) has its user's role. A viewer may only read (GET, HEAD): anything else is 403.
 * The caller is left in the request's context ({@link Caller#KEY}) for the actions to record.
 */
public final class RestApiGuard implements Handler<RoutingContext> {

    public static final String API_KEY_HEADER = "X-API-Key";

    /** The login path: the one path under the API served without credentials (the login checks them itself). */
    public static final String LOGIN_PATH = "/operator/login";
    private static final String BEARER = "Bearer ";

    private final List<byte[]> keyHashes;
    private final List<byte[]> viewerKeyHashes;
    private final Logins logins;
    private final boolean sandbox;
    private final String api;

    /** {@code api}: the REST context path ("/api/v1"), under which the login and logout paths are. */
    public RestApiGuard(String api, List<String> apiKeys, List<String> viewerKeys, Logins logins, boolean sandbox) {
        this.api = api;
        this.keyHashes = hashes(apiKeys);
        this.viewerKeyHashes = hashes(viewerKeys);
        this.logins = logins;
        this.sandbox = sandbox;
    }

    /**
     * The guard of this CamelContext's settings: the keys of wolkvox.rest.api-keys and
     * wolkvox.rest.viewer-api-keys, the users of wolkvox.ui.users, the sandbox of its wolkvox component.
     */
    public static RestApiGuard of(CamelContext context) {
        var settings = context.getPropertiesComponent();
        return new RestApiGuard(apiPath(context), Arrays.asList(settings.resolveProperty("wolkvox.rest.api-keys").orElse("").split(",")),
                Arrays.asList(settings.resolveProperty("wolkvox.rest.viewer-api-keys").orElse("").split(",")),
                Logins.of(context), context.getComponent("wolkvox", WolkvoxComponent.class).isSandboxActive());
    }

    /** The REST context path of {@code context}, "/api/v1" by default, without a trailing slash. */
    public static String apiPath(CamelContext context) {
        return "/" + java.util.Objects.requireNonNullElse(context.getRestConfiguration().getContextPath(), "api/v1").replaceAll("^/+|/+$", "");
    }

    private static List<byte[]> hashes(List<String> keys) {
        return keys.stream().map(String::strip).filter(k -> !k.isEmpty()).map(RestApiGuard::sha256).toList();
    }

    /** Whether the guard lets any request in from another machine. */
    public boolean hasKeys() {
        return !keyHashes.isEmpty() || !viewerKeyHashes.isEmpty() || logins.hasUsers();
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (ctx.request().path().equals(api + LOGIN_PATH)) {
            ctx.next();
            return;
        }
        String authorization = ctx.request().getHeader("Authorization");
        if (authorization != null && authorization.startsWith(BEARER)) {
            var caller = logins.session(authorization.substring(BEARER.length()).strip());
            if (caller.isPresent()) {
                admit(ctx, caller.get());
            } else {
                RestErrorBody.send(ctx, 401, "unauthorized", "the session has ended or is unknown: log in again");
            }
        } else if (hasKeys()) {
            String key = ctx.request().getHeader(API_KEY_HEADER);
            if (key != null && isKnown(keyHashes, key.strip())) {
                admit(ctx, new Caller(null, Role.OPERATOR));
            } else if (key != null && isKnown(viewerKeyHashes, key.strip())) {
                admit(ctx, new Caller(null, Role.VIEWER));
            } else {
                RestErrorBody.send(ctx, 401, "unauthorized", key == null
                        ? "missing " + API_KEY_HEADER + " header (or a session: Authorization: Bearer)"
                        : "unknown API key in the " + API_KEY_HEADER + " header");
            }
        } else if (!sandbox) {
            RestErrorBody.send(ctx, 403, "forbidden", "the REST API has no API key configured (wolkvox.rest.api-keys):"
                    + " every request is refused while a real Wolkvox account is in use");
        } else if (isLoopback(ctx.request().remoteAddress())) {
            admit(ctx, new Caller(null, Role.OPERATOR));
        } else {
            RestErrorBody.send(ctx, 403, "forbidden", "sandbox mode without an API key (wolkvox.rest.api-keys):"
                    + " only callers on this machine are served");
        }
    }

    /** A viewer reads only; signing out is not an action on the operation, so a viewer may do it. */
    private void admit(RoutingContext ctx, Caller caller) {
        String method = ctx.request().method().name();
        if (!caller.mayAct() && !method.equals("GET") && !method.equals("HEAD") && !ctx.request().path().equals(api + "/operator/logout")) {
            RestErrorBody.send(ctx, 403, "forbidden", "the viewer role may only read: " + method + " needs the operator role");
            return;
        }
        ctx.put(Caller.KEY, caller);
        ctx.next();
    }

    /** Compares hashes in constant time so the time taken says nothing about how close a guess was. */
    private static boolean isKnown(List<byte[]> hashes, String key) {
        byte[] candidate = sha256(key);
        boolean known = false;
        for (byte[] hash : hashes) {
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
