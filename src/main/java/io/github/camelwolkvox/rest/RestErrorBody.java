package io.github.camelwolkvox.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.Map;

import io.vertx.ext.web.RoutingContext;

/**
 * The one JSON shape of every REST error, whether Camel or the HTTP server answers:
 * {@code {"status":400,"error":"bad_request","message":"...","fields":[{"field":..,"reason":..}]}}.
 */
public final class RestErrorBody {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RestErrorBody() {
    }

    /** Answers a request in the HTTP server itself, before (or instead of) any route. */
    public static void send(RoutingContext ctx, int status, String error, String message) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(of(status, error, message, Map.of()));
    }

    /** {@code extra} entries (fields, vendor code, ...) are added after the common ones, in their order. */
    public static String of(int status, String error, String message, Map<String, ?> extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", error);
        body.put("message", message);
        body.putAll(extra);
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings and numbers always serialises", e);
        }
    }
}
