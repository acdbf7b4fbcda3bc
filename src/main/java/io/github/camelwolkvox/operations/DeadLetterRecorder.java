package io.github.camelwolkvox.operations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import io.github.camelwolkvox.component.WolkvoxApiException;
import io.github.camelwolkvox.component.WolkvoxComponent;

/**
 * Prepares the dead-letter record of work that finally failed: the operation, where the work came
 * from, the input as JSON, the error and its classification. The input is the route's body (a
 * request record or row), which never holds the token; error texts were scrubbed by the component.
 */
public class DeadLetterRecorder {

    /** Header a caller sets to say where the work came from, e.g. "codes.csv line 12" or "dial_request 42". */
    public static final String SOURCE = "CamelWolkvoxDeadLetterSource";
    /** Header a caller sets when the failure is not a WolkvoxApiException (which names its operation). */
    public static final String OPERATION = "CamelWolkvoxDeadLetterOperation";

    private static final ObjectMapper JSON = new ObjectMapper();

    public void prepare(Exchange exchange) {
        Message in = exchange.getIn();
        Throwable error = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String operation = in.getHeader(OPERATION, String.class);
        String failure = error == null ? "UNKNOWN" : error.getClass().getSimpleName();
        if (error instanceof WolkvoxApiException api) {
            operation = api.getApi().label();
            failure = api.getFailure().name();
        }
        in.setHeader("dl_operation", operation == null ? "unknown" : operation);
        in.setHeader("dl_source", in.getHeader(SOURCE, "unknown", String.class));
        in.setHeader("dl_input", json(in.getBody()));
        in.setHeader("dl_error", error == null ? "unknown error" : String.valueOf(error.getMessage()));
        in.setHeader("dl_failure", failure);
        exchange.getContext().getComponent("wolkvox", WolkvoxComponent.class).getMetrics()
                .deadLetter(in.getHeader("dl_operation", String.class));
    }

    private static String json(Object body) {
        if (body == null || body instanceof String) {
            return (String) body;
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            return String.valueOf(body);
        }
    }
}
