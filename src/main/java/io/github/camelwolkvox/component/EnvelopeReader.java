package io.github.camelwolkvox.component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Reads a Wolkvox answer and classifies every failure the one way all triggers share: the envelope's
 * {@code code} (number or string) is the outcome, whatever the HTTP status says.
 */
final class EnvelopeReader {

    /** The vendor's documented 403 texts (its response-code page), matched case-insensitively. */
    static final String SIMULTANEOUS = "EXCEEDS THE LIMIT OF SIMULTANEOUS REQUESTS PER TOKEN";
    static final String QUOTA_SPENT = "TOKEN LIMIT EXCEEDED";
    static final String VALIDATE_TOKEN = "PLEASE VALIDATE TOKEN";

    private final ObjectMapper mapper;
    /** Removes the token from any text the server sends back before it reaches a log or exception. */
    private final UnaryOperator<String> scrub;

    EnvelopeReader(ObjectMapper mapper, UnaryOperator<String> scrub) {
        this.mapper = mapper;
        this.scrub = scrub;
    }

    /** The parsed envelope of a successful call; anything else throws {@link WolkvoxApiException}. */
    JsonNode read(WolkvoxApi op, int httpStatus, String body) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : mapper.readTree(body);
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.isObject() || !root.hasNonNull("code")) {
            WolkvoxFailure kind = httpStatus >= 400 ? classify(httpStatus, -1, null, excerpt(body))
                    : WolkvoxFailure.MALFORMED_RESPONSE;
            throw new WolkvoxApiException(op, kind, httpStatus, null, null,
                    "answer is not a Wolkvox envelope: " + excerpt(body), null);
        }
        String code = root.get("code").asText().strip();
        String error = text(root, "error");
        String msg = text(root, "msg");
        int codeNum = parseCode(code);
        boolean success = (codeNum == 200 || codeNum == 201) && error == null && httpStatus < 300;
        if (!success) {
            throw new WolkvoxApiException(op, classify(httpStatus, codeNum, error, msg), httpStatus, code, error, msg, null);
        }
        return root;
    }

    /**
     * By status first: the envelope's code when it is an error code (an HTTP 200 may carry one),
     * else the HTTP status. The text only tells the vendor's documented 403s apart; words elsewhere
     * ("limit", "in use" in a validation message) decide nothing.
     */
    static WolkvoxFailure classify(int httpStatus, int code, String error, String msg) {
        int status = code >= 400 && code < 600 ? code : httpStatus;
        if (status == 401) {
            return WolkvoxFailure.TOKEN_REFUSED;
        }
        if (status == 403) {
            String text = ((error == null ? "" : error) + " " + (msg == null ? "" : msg)).toUpperCase(Locale.ROOT);
            if (text.contains(SIMULTANEOUS)) {
                return WolkvoxFailure.TOKEN_BUSY;
            }
            if (text.contains(QUOTA_SPENT)) {
                return WolkvoxFailure.QUOTA_EXCEEDED;
            }
            if (text.contains(VALIDATE_TOKEN)) {
                return WolkvoxFailure.TOKEN_REFUSED;
            }
            return WolkvoxFailure.UNAVAILABLE;
        }
        if (status >= 500) {
            return WolkvoxFailure.SERVER_ERROR;
        }
        if (status >= 400) {
            return WolkvoxFailure.REJECTED;
        }
        // An unknown code (or none that parses) is no success: the server may have acted.
        return code < 0 ? WolkvoxFailure.MALFORMED_RESPONSE : WolkvoxFailure.SERVER_ERROR;
    }

    /** A call that produced no answer: did the request leave this machine? */
    WolkvoxApiException transportFailure(WolkvoxApi op, Throwable failure) {
        WolkvoxFailure kind = WolkvoxFailure.OUTCOME_UNKNOWN;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException
                    || t.getClass().getName().equals("org.apache.hc.client5.http.ConnectTimeoutException")) {
                kind = WolkvoxFailure.CONNECT_FAILED;
                break;
            }
        }
        String reason = failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + scrub.apply(failure.getMessage()));
        return new WolkvoxApiException(op, kind, 0, null, null, reason, null);
    }

    private String text(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        String s = n.isTextual() ? n.asText() : n.toString();
        return s.isBlank() ? null : scrub.apply(s);
    }

    private static int parseCode(String code) {
        try {
            return Integer.parseInt(code);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private String excerpt(String body) {
        if (body == null || body.isEmpty()) {
            return "(empty body)";
        }
        String oneLine = body.replaceAll("\\s+", " ").strip();
        return scrub.apply(oneLine.length() > 120 ? oneLine.substring(0, 120) + "..." : oneLine);
    }
}
