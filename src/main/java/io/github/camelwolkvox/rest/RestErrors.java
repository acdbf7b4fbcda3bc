package io.github.camelwolkvox.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import io.github.camelwolkvox.component.AccountPausedException;
import io.github.camelwolkvox.component.TokenWaitTimeoutException;
import io.github.camelwolkvox.component.WolkvoxApiException;
import io.github.camelwolkvox.component.WolkvoxValidationException;
import io.github.camelwolkvox.component.WolkvoxValidationException.FieldError;

/**
 * JSON bodies of the REST API's error answers; routes/rest-api.camel.yaml decides the status. The answer names
 * what the caller can act on; it never carries the token (exception messages are scrubbed by the
 * component before they get here).
 */
public final class RestErrors {

    /** A type name as Jackson quotes it: `java.lang.String`, `io.github...DialRequest`, `JsonToken.START_ARRAY`. */
    private static final Pattern JAVA_TYPE = Pattern.compile("`([\\w.$<>\\[\\], ]+)`");

    private RestErrors() {
    }

    /** 400: every bad field, or where the JSON could not be read. */
    public static void badRequest(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        List<FieldError> fields = e instanceof WolkvoxValidationException v ? v.getErrors() : List.of(jsonProblem(e));
        answer(exchange, "bad_request", "the request has invalid fields", Map.of("fields", fields));
    }

    /** 409, 413, 422: refused before any call (the exception names status and error). */
    public static void refused(Exchange exchange) {
        RestRefusalException e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, RestRefusalException.class);
        answer(exchange, e.getError(), e.getMessage(), Map.of());
    }

    /** 503: the token's queue was too long to wait in, or the service is shutting down; the call was not made. */
    public static void busy(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        answer(exchange, "token_busy", caught instanceof TokenWaitTimeoutException e
                ? "the Wolkvox token of account '" + e.getLane() + "' stayed busy for " + e.getWaited().toMillis()
                        + " ms; the call was not made, try again later"
                : caught.getMessage(), Map.of());
    }

    /** 503: the account is paused (circuit open or daily quota spent); the call was not made. */
    public static void paused(Exchange exchange) {
        AccountPausedException e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, AccountPausedException.class);
        answer(exchange, "account_paused", e.getMessage(), Map.of("failure", e.getPause().reason().name()));
    }

    /**
     * 502: Wolkvox answered with an error, or did not answer. {@code code}/{@code msg} are the
     * vendor's; {@code retryable} says whether sending the same request again is safe (a dial that
     * may have reached Wolkvox is not: it could ring the customer twice).
     */
    public static void upstream(Exchange exchange) {
        WolkvoxApiException e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, WolkvoxApiException.class);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("failure", e.getFailure().name());
        extra.put("code", e.getCode());
        extra.put("msg", e.getMsg());
        extra.put("retryable", e.isSafeToRetry());
        answer(exchange, "upstream_error", upstreamMessage(e), extra);
    }

    /**
     * The component's message, whose "retryable" is the failure kind's, says instead what
     * {@code retryable} in the body says: whether this very request may be sent again.
     */
    private static String upstreamMessage(WolkvoxApiException e) {
        String advice = e.isSafeToRetry() ? "it did not reach Wolkvox, or repeating it is harmless: sending it again is safe"
                : e.getFailure().mayHaveActed() ? "it may have been carried out: check in Wolkvox before sending it again"
                : "Wolkvox refused it: sending it again as it is will not help";
        return e.getMessage().replaceFirst(", (not )?retryable\\)", ")") + "; " + advice;
    }

    /** 500: a fault of this service; the details are in its log, not in the answer. */
    public static void internal(Exchange exchange) {
        answer(exchange, "internal_error", "the request failed inside the service; see its log", Map.of());
    }

    /** The status is the one the route file set. */
    private static void answer(Exchange exchange, String error, String message, Map<String, ?> extra) {
        Message out = exchange.getMessage();
        int status = out.getHeader(Exchange.HTTP_RESPONSE_CODE, 500, Integer.class);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(RestErrorBody.of(status, error, message, extra));
    }

    /**
     * Where and why the JSON could not be read, in the caller's terms: the field (from Jackson's
     * path) and the JSON kind expected, never a Java type name.
     */
    private static FieldError jsonProblem(Exception e) {
        Throwable t = e;
        while (t != null && !(t instanceof JsonProcessingException)) {
            t = t.getCause();
        }
        if (!(t instanceof JsonProcessingException j)) {
            return new FieldError("body", "is not valid JSON for this resource");
        }
        String reason = plain(j.getOriginalMessage());
        if (j instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            StringBuilder field = new StringBuilder();
            for (JsonMappingException.Reference ref : m.getPath()) {
                if (ref.getFieldName() != null) {
                    field.append(field.isEmpty() ? "" : ".").append(ref.getFieldName());
                } else if (ref.getIndex() >= 0) {
                    field.append('[').append(ref.getIndex()).append(']');
                }
            }
            if (!field.isEmpty()) {
                return new FieldError(field.toString(), "has the wrong JSON type: " + reason);
            }
        }
        String where = j.getLocation() == null ? "" : " (line " + j.getLocation().getLineNr() + ", column "
                + j.getLocation().getColumnNr() + ")";
        return new FieldError("body", "is not valid JSON for this resource: " + reason + where);
    }

    /** Jackson's message with each `java.type` named as the JSON kind it stands for. */
    static String plain(String message) {
        Matcher m = JAVA_TYPE.matcher(String.valueOf(message));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String type = m.group(1);
            String kind = type.startsWith("JsonToken.") ? "" : type.matches(".*(String|Character|char)") ? "a string"
                    : type.matches(".*(Integer|Long|Short|Double|Float|BigDecimal|BigInteger|int|long|double)") ? "a number"
                    : type.matches(".*(Boolean|boolean)") ? "true or false"
                    : type.endsWith("[]") || type.matches(".*(List|Collection|Set)(<.*>)?") ? "an array" : "an object";
            m.appendReplacement(out, Matcher.quoteReplacement(kind));
        }
        m.appendTail(out);
        return out.toString().replace("(token )", "").replaceAll("\\s+", " ").strip();
    }
}
