package io.github.camelwolkvox.component;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.type.CollectionType;

import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Producer;
import org.apache.camel.component.http.HttpMethods;
import org.apache.camel.support.DefaultProducer;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.camelwolkvox.component.WolkvoxValidationException.FieldError;
import io.github.camelwolkvox.component.model.ActivityCode;
import io.github.camelwolkvox.component.model.Connector;
import io.github.camelwolkvox.component.model.DialRequest;
import io.github.camelwolkvox.component.model.DialResult;
import io.github.camelwolkvox.component.model.Interaction;
import io.github.camelwolkvox.component.model.RoutingPoint;
import io.github.camelwolkvox.component.model.WolkvoxResponse;

/**
 * One Wolkvox call: validate the input (before touching the token), wait for a turn on the token's
 * lane, make the HTTP call through camel-http on a fresh exchange carrying only the Wolkvox headers,
 * read the envelope, and put the typed result in the body. The turn is held until the answer came,
 * or, for a call given up after sending, until Wolkvox itself would have ended it.
 */
public class WolkvoxProducer extends DefaultProducer {

    private static final Logger LOG = LoggerFactory.getLogger(WolkvoxProducer.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Outcome label of a call whose token was refused: the account cannot work until it is fixed. */
    static final String UNAUTHORIZED = "UNAUTHORIZED";
    /** Exchange property of a probe call: it goes through a paused account's circuit. */
    static final String PROBE = "CamelWolkvoxProbe";

    private final WolkvoxEndpoint endpoint;
    private final WolkvoxOperation operation;
    /** camel-http reads the method header as HttpMethods: a String there cost a type-converter search per call. */
    private final HttpMethods httpMethod;
    private final Producer http;
    private final WolkvoxRequestHeaders requestHeaders;
    private final EnvelopeReader envelopeReader;
    private final WolkvoxMetrics metrics;
    private final AccountCircuits circuits;

    WolkvoxProducer(WolkvoxEndpoint endpoint, Producer http) {
        super(endpoint);
        this.endpoint = endpoint;
        this.operation = endpoint.getOperation();
        this.httpMethod = HttpMethods.valueOf(operation.httpMethod());
        this.http = http;
        String token = endpoint.getConfiguration().getToken();
        this.requestHeaders = new WolkvoxRequestHeaders(token);
        this.envelopeReader = new EnvelopeReader(MAPPER, text -> text == null ? null : text.replace(token, "****"));
        this.metrics = endpoint.getComponent().getMetrics();
        this.circuits = endpoint.getComponent().circuits();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        ServiceHelper.startService(http.getEndpoint(), http);
        metrics.watch(endpoint.lane(), circuits.of(endpoint.lane()));
    }

    @Override
    protected void doStop() throws Exception {
        ServiceHelper.stopService(http);
        super.doStop();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Request request = buildRequest(exchange.getIn());
        CallPriority priority = exchange.getIn().getHeader(WolkvoxConstants.PRIORITY, endpoint.getConfiguration().getPriority(),
                CallPriority.class);
        TokenLane lane = endpoint.lane();
        if (!exchange.getProperty(PROBE, false, Boolean.class)) {
            awaitResume(lane, priority);
        }
        Duration maxWait = Duration.ofMillis(endpoint.getConfiguration().getTokenWaitTimeout());
        try (TokenLane.Turn turn = lane.acquire(priority, maxWait)) {
            TurnGate gate = endpoint.getComponent().turnGate();
            if (gate != null) {
                gate.admit(lane.key(), turn, maxWait);
            }
            long start = System.nanoTime();
            String outcome = "ok";
            try {
                JsonNode envelope = call(request, turn);
                setResult(exchange.getMessage(), envelope);
                circuits.succeeded(endpoint);
            } catch (WolkvoxApiException e) {
                outcome = outcomeOf(e);
                if (e.getFailure() == WolkvoxFailure.QUOTA_EXCEEDED) {
                    metrics.quotaRefused(lane);
                }
                circuits.failed(endpoint, e);
                throw e;
            } finally {
                long callNanos = System.nanoTime() - start;
                long callMillis = callNanos / 1_000_000;
                lane.recordOutcome(outcome);
                metrics.callCompleted(lane, operation, outcome, turn.waited().toNanos(), callNanos);
                exchange.getMessage().setHeader(WolkvoxConstants.TOKEN_WAIT_MILLIS, turn.waited().toMillis());
                exchange.getMessage().setHeader(WolkvoxConstants.CALL_MILLIS, callMillis);
                LOG.debug("wolkvox {} account={} outcome={} waited={}ms call={}ms", operation, lane.label(), outcome,
                        turn.waited().toMillis(), callMillis);
            }
        }
    }

    /**
     * While the account is paused a batch call waits (its row stays pending) and an interactive one
     * is refused at once; a call stopped by shutdown is refused too. Refused means not sent.
     */
    private void awaitResume(TokenLane lane, CallPriority priority) throws InterruptedException {
        boolean billed = operation.billed();
        AccountCircuit circuit = circuits.of(lane);
        Optional<AccountCircuit.Pause> pause = priority == CallPriority.interactive ? circuit.pauseFor(billed)
                : circuit.awaitResume(billed, this::isRunAllowed);
        if (pause.isPresent()) {
            throw new AccountPausedException(operation, lane.label(), pause.get());
        }
    }

    private static String outcomeOf(WolkvoxApiException e) {
        return e.getFailure() == WolkvoxFailure.TOKEN_REFUSED ? UNAUTHORIZED : e.getFailure().name();
    }

    /**
     * The HTTP call, within the overall deadline (callTimeout): it runs on the component's call
     * threads so a trickling answer cannot hold the caller past it. A call given up after its
     * request may have left keeps the token's turn for the server's limit.
     */
    private JsonNode call(Request request, TokenLane.Turn turn) throws Exception {
        WolkvoxConfiguration config = endpoint.getConfiguration();
        Exchange call = http.getEndpoint().createExchange();
        call.getIn().setBody(request.json());
        requestHeaders.process(call);
        call.getIn().setHeader(Exchange.HTTP_METHOD, httpMethod);
        call.getIn().setHeader(Exchange.HTTP_QUERY, request.query());
        turn.sent();
        Future<?> running = endpoint.getComponent().callExecutor().submit(() -> {
            try {
                http.process(call);
            } catch (Exception e) {
                call.setException(e);
            }
        });
        try {
            running.get(config.getCallTimeout(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | InterruptedException e) {
            running.cancel(true);
            turn.gaveUp(Duration.ofMillis(config.getServerCallLimit()));
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new WolkvoxApiException(operation, WolkvoxFailure.OUTCOME_UNKNOWN, 0, null, null,
                    "no complete answer within the call deadline of " + config.getCallTimeout() + " ms (wolkvox.call-timeout)", null);
        }
        if (call.getException() != null) {
            WolkvoxApiException failure = envelopeReader.transportFailure(operation, call.getException());
            if (failure.getFailure().mayHaveActed()) {
                turn.gaveUp(Duration.ofMillis(config.getServerCallLimit()));
            }
            throw failure;
        }
        Message answer = call.getMessage();
        int status = answer.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        return envelopeReader.read(operation, status, answer.getBody(String.class));
    }

    private void setResult(Message message, JsonNode envelope) {
        message.setHeader(WolkvoxConstants.CODE, envelope.get("code").asText());
        String msg = envelope.path("msg").asText(null);
        message.setHeader(WolkvoxConstants.MESSAGE, msg);
        JsonNode data = envelope.get("data");
        switch (operation) {
            case routingPoints -> message.setBody(list(data, RoutingPoint.class));
            case connectors -> message.setBody(list(data, Connector.class));
            case dial -> message.setBody(new DialResult(data == null ? null : data.path("conn_id").asText(null), msg));
            default -> message.setBody(new WolkvoxResponse(envelope.get("code").asInt(), msg));
        }
    }

    private <T> List<T> list(JsonNode data, Class<T> type) {
        if (data == null || data.isNull()) {
            return List.of();
        }
        if (!data.isArray()) {
            throw new WolkvoxApiException(operation, WolkvoxFailure.MALFORMED_RESPONSE, 200, null, null,
                    "data is not a list", null);
        }
        CollectionType listType = MAPPER.getTypeFactory().constructCollectionType(List.class, type);
        return MAPPER.convertValue(data, listType);
    }

    /** The validated request: a JSON body or a query string. Thrown errors name each bad field. */
    private Request buildRequest(Message in) throws JsonProcessingException {
        String api = "api=" + operation.api();
        return switch (operation) {
            case routingPoints, connectors -> new Request(api, null);
            case createActivityCode -> new Request(api, MAPPER.writeValueAsString(input(in, ActivityCode.class).validated()));
            case addInteraction -> new Request(api, MAPPER.writeValueAsString(input(in, Interaction.class).validated()));
            case dial -> {
                DialRequest d = input(in, DialRequest.class).validated();
                StringJoiner q = new StringJoiner("&");
                q.add("agent_id=" + encode(d.agentId())).add(api).add("customer_phone=" + encode(d.customerPhone()));
                if (d.customerId() != null) {
                    q.add("customer_id=" + encode(d.customerId()));
                }
                if (d.customerName() != null) {
                    q.add("customer_name=" + encode(d.customerName()));
                }
                yield new Request(q.toString(), null);
            }
        };
    }

    /** The body as the operation's record: the record itself, a Map, JSON text, or the API's field names as headers. */
    private <T> T input(Message in, Class<T> type) {
        Object body = in.getBody();
        if (type.isInstance(body)) {
            return type.cast(body);
        }
        try {
            if (body instanceof String || body instanceof byte[] || body instanceof InputStream) {
                String text = in.getBody(String.class);
                if (!text.isBlank()) {
                    return MAPPER.readValue(text, type);
                }
            } else if (body instanceof Map<?, ?> map) {
                return MAPPER.convertValue(lowerCaseKeys(map), type);
            } else if (body != null) {
                return MAPPER.convertValue(body, type);
            }
            return MAPPER.convertValue(lowerCaseKeys(in.getHeaders()), type);
        } catch (JsonProcessingException e) {
            throw unreadable(type, e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw unreadable(type, e.getMessage());
        }
    }

    private static WolkvoxValidationException unreadable(Class<?> type, String reason) {
        return new WolkvoxValidationException(List.of(new FieldError("body",
                "cannot be read as " + type.getSimpleName() + ": " + reason)));
    }

    private static Map<String, Object> lowerCaseKeys(Map<?, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k).strip().toLowerCase(Locale.ROOT), v == null ? null : String.valueOf(v)));
        return out;
    }

    /** Form-encodes a query value; a space becomes %20 so no decoder can read a literal + as a space. */
    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private record Request(String query, String json) {
    }
}
