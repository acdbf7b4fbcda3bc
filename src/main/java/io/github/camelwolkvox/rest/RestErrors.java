package io.github.camelwolkvox.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
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

    private RestErrors() {
    }

    /** 400: every bad field, or where the JSON could not be read. */
    public static void badRequest(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        List<FieldError> fields = e instanceof WolkvoxValidationException v ? v.getErrors()
                : List.of(new FieldError("body", "is not valid JSON for this resource: " + jsonProblem(e)));
        answer(exchange, "bad_request", "the request has invalid fields", Map.of("fields", fields));
    }

    /** 503: the token's queue was too long to wait in; the call was not made. */
    public static void busy(Exchange exchange) {
        TokenWaitTimeoutException e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, TokenWaitTimeoutException.class);
        answer(exchange, "token_busy", "the Wolkvox token of account '" + e.getLane() + "' stayed busy for "
                + e.getWaited().toMillis() + " ms; the call was not made, try again later", Map.of());
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
        answer(exchange, "upstream_error", e.getMessage(), extra);
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

    private static String jsonProblem(Exception e) {
        Throwable t = e;
        while (t != null && !(t instanceof JsonProcessingException)) {
            t = t.getCause();
        }
        if (t instanceof JsonProcessingException j) {
            String where = j.getLocation() == null ? "" : " (line " + j.getLocation().getLineNr() + ", column "
                    + j.getLocation().getColumnNr() + ")";
            return j.getOriginalMessage() + where;
        }
        return String.valueOf(e.getMessage());
    }
}
