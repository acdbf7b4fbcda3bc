package io.github.camelwolkvox.rest;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.model.Model;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.camelwolkvox.component.WolkvoxComponent;

/**
 * Puts the REST API's guard and JSON error pages into the HTTP server that serves
 * routes/rest-api.camel.yaml: the API-key check ({@link RestApiGuard}) in front of every path under
 * the REST context path, and JSON bodies for the answers the HTTP server gives on its own (unknown
 * path 404, wrong method 405, body over the limit 413, wrong media types 406/415), shaped like the
 * errors the routes give. It has no routes of its own: it is listed in
 * camel.main.routes-builder-classes so that it runs wherever the REST routes are loaded.
 */
public class RestApiSetup extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(RestApiSetup.class);

    /** Statuses the HTTP server answers without reaching a route, with the error name they get. */
    private static final Map<Integer, String> SERVER_ERRORS = Map.of(
            400, "bad_request",
            404, "not_found",
            405, "method_not_allowed",
            406, "not_acceptable",
            413, "payload_too_large",
            415, "unsupported_media_type",
            500, "internal_error");

    @Override
    public void configure() throws Exception {
        checkPortIsFree();
        // Called once the HTTP server is listening and before any route takes requests: nothing gets
        // past unguarded.
        getCamelContext().addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                install(context);
            }
        });
    }

    /**
     * Camel 4.14 only logs a failed bind of the HTTP server and starts anyway, which would leave the
     * job running without its REST API; a port already taken stops the start here instead.
     */
    private void checkPortIsFree() {
        Optional<String> enabled = getCamelContext().getPropertiesComponent().resolveProperty("camel.server.enabled");
        Optional<String> port = getCamelContext().getPropertiesComponent().resolveProperty("camel.server.port");
        if (enabled.map(Boolean::parseBoolean).orElse(false) && port.isPresent()) {
            int number = Integer.parseInt(port.get().strip());
            try (ServerSocket probe = new ServerSocket(number)) {
                LOG.debug("REST API port {} is free", probe.getLocalPort());
            } catch (IOException e) {
                throw new IllegalStateException("The REST API cannot listen on port " + number + " (" + e.getMessage()
                        + "): stop what uses it or set wolkvox.rest.port to a free port", e);
            }
        }
    }

    private void install(CamelContext context) {
        MainHttpServer server = context.hasService(MainHttpServer.class);
        if (server == null || context.getCamelContextExtension().getContextPlugin(Model.class).getRestDefinitions().isEmpty()) {
            LOG.debug("No REST routes on a platform-http server: no REST API to guard");
            return;
        }
        VertxPlatformHttpRouter router = server.getRouter();
        String contextPath = "/" + Objects.requireNonNullElse(context.getRestConfiguration().getContextPath(), "")
                .replaceAll("^/+|/+$", "");
        boolean sandbox = context.getComponent("wolkvox", WolkvoxComponent.class).isSandboxActive();
        RestApiGuard guard = RestApiGuard.of(context);
        // Order below every consumer's route: the key is checked before any body is read or bound.
        router.route(contextPath.equals("/") ? "/*" : contextPath + "/*").order(Integer.MIN_VALUE).handler(guard);
        // Vert.x Web 4.5 ignores a sub-router's error handlers (vert-x3/vertx-web#2772), and the
        // platform-http routes live in a sub-router: the JSON error pages go on the root router.
        Map<Pattern, Set<String>> methods = methodsByPath(context, contextPath);
        if (router.getServer().getServer().requestHandler() instanceof Router root) {
            SERVER_ERRORS.forEach((status, error) -> root.errorHandler(status, ctx -> answer(ctx, status, error, methods)));
        } else {
            LOG.warn("The HTTP server's root is not a Vert.x router: 404/405/413 answers keep the server's plain bodies");
        }
        if (guard.hasKeys()) {
            LOG.info("REST API under {}: callers must send an API key in the {} header", contextPath, RestApiGuard.API_KEY_HEADER);
        } else if (sandbox) {
            LOG.warn("REST API under {}: no API key configured (wolkvox.rest.api-keys); sandbox mode, so callers on"
                    + " this machine are served without one and everyone else is refused", contextPath);
        } else {
            LOG.warn("REST API under {}: no API key configured (wolkvox.rest.api-keys); every request is refused"
                    + " (403) until one is set", contextPath);
        }
    }

    /** Each REST path (templates such as {id} as a pattern) with the methods it answers, for 405's Allow. */
    private static Map<Pattern, Set<String>> methodsByPath(CamelContext context, String contextPath) {
        Map<Pattern, Set<String>> methods = new LinkedHashMap<>();
        String base = contextPath.equals("/") ? "" : contextPath;
        for (RestDefinition rest : context.getCamelContextExtension().getContextPlugin(Model.class).getRestDefinitions()) {
            for (VerbDefinition verb : rest.getVerbs()) {
                String path = (base + "/" + Objects.requireNonNullElse(rest.getPath(), "") + "/"
                        + Objects.requireNonNullElse(verb.getPath(), "")).replaceAll("/+", "/").replaceAll("(.)/$", "$1");
                Pattern pattern = Pattern.compile(Arrays.stream(path.split("/", -1))
                        .map(part -> part.matches("\\{[^}]+}") ? "[^/]+" : Pattern.quote(part))
                        .collect(Collectors.joining("/")));
                methods.computeIfAbsent(pattern, p -> new TreeSet<>()).add(verb.asVerb().toUpperCase(Locale.ROOT));
            }
        }
        return methods;
    }

    private static void answer(RoutingContext ctx, int status, String error, Map<Pattern, Set<String>> methods) {
        if (ctx.response().ended()) {
            return;
        }
        if (status == 405) {
            String path = ctx.request().path().replaceAll("(.)/$", "$1");
            // every route the path matches: /requests/dials is POST, and GET as a /requests/{id}
            Set<String> allowed = new TreeSet<>();
            methods.forEach((pattern, verbs) -> {
                if (pattern.matcher(path).matches()) {
                    allowed.addAll(verbs);
                }
            });
            if (!allowed.isEmpty()) {
                ctx.response().putHeader("Allow", String.join(", ", allowed));
            }
        }
        String message = switch (status) {
            case 404 -> "no such resource: " + ctx.request().method() + " " + ctx.request().path();
            case 405 -> ctx.request().method() + " is not allowed on " + ctx.request().path();
            case 406 -> "this API answers application/json only (Accept header)";
            case 413 -> "the request body is larger than the limit (wolkvox.rest.max-body-size)";
            case 415 -> "send the body as application/json (Content-Type header)";
            default -> ctx.failure() == null || status == 500 ? error.replace('_', ' ') : ctx.failure().getMessage();
        };
        RestErrorBody.send(ctx, status, error, message);
    }
}
