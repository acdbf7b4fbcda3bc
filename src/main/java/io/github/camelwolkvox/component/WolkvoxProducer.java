package io.github.camelwolkvox.component;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.type.CollectionType;

import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Predicate;
import org.apache.camel.Producer;
import org.apache.camel.component.http.HttpMethods;
import org.apache.camel.support.DefaultMessage;
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
    private final WolkvoxApi api;
    /** The operations beyond the first five (wolkvox:call and the newer typed ones); null for those five. */
    private final ApiCall apiCall;
    /** At most one pull of a report per interval; null when this endpoint pulls no report or the rule is lifted. */
    private final PullCadence cadence;
    /** camel-http reads the method header as HttpMethods: a String there cost a type-converter search per call. */
    private final HttpMethods httpMethod;
    /** camel-http's producer, made and started at the first call (WolkvoxEndpoint#httpEndpoint). */
    private volatile Producer http;
    private final WolkvoxRequestHeaders requestHeaders;
    private final EnvelopeReader envelopeReader;
    private final WolkvoxMetrics metrics;
    private final AccountCircuits circuits;

    WolkvoxProducer(WolkvoxEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
        this.operation = endpoint.getOperation();
        this.api = endpoint.getApi();
        this.httpMethod = HttpMethods.valueOf(api.httpMethod());
        String token = endpoint.getConfiguration().getToken();
        this.requestHeaders = new WolkvoxRequestHeaders(token);
        this.envelopeReader = new EnvelopeReader(MAPPER, text -> text == null ? null : text.replace(token, "****"));
        this.metrics = endpoint.getComponent().getMetrics();
        this.circuits = endpoint.getComponent().circuits();
        this.apiCall = ApiCall.handles(operation) ? new ApiCall(this, endpoint, MAPPER) : null;
        this.cadence = PullCadence.of(endpoint.getConfiguration().resolvedBaseUrl(), token, api, endpoint.getCallConfiguration().getMinPullInterval());
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        metrics.watch(endpoint.lane(), circuits.of(endpoint.lane()));
    }

    @Override
    protected void doStop() throws Exception {
        synchronized (this) {
            ServiceHelper.stopService(http);
            http = null;
        }
        super.doStop();
    }

    private Producer http() throws Exception {
        Producer started = http;
        if (started == null) {
            synchronized (this) {
                started = http;
                if (started == null) {
                    Endpoint target = endpoint.httpEndpoint();
                    started = target.createProducer();
                    ServiceHelper.startService(target, started);
                    http = started;
                }
            }
        }
        return started;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        if (apiCall != null) {
            apiCall.process(exchange);
            return;
        }
        Request request = buildRequest(exchange.getIn());
        JsonNode envelope = send(exchange, request.query(), request.json(), this::readEnvelope);
        if (envelope != null) { // null: the ON_TURN check said no, no call was made
            setResult(exchange.getMessage(), envelope);
        }
    }

    /**
     * One HTTP call on a turn of the token's lane, measured and recorded; {@code reader} turns the
     * answer into the result (or throws the classified failure) while the turn is held. A report pull
     * asked for again within the vendor's cadence is served the last answer instead (PullCadence).
     */
    <T> T send(Exchange exchange, String query, String json, AnswerReader<T> reader) throws Exception {
        return send(exchange, query, json, reader, cadence);
    }

    /** As {@link #send}, never served from, nor kept as, a recent answer (an answer streamed to a file). */
    <T> T sendUncached(Exchange exchange, String query, String json, AnswerReader<T> reader) throws Exception {
        return send(exchange, query, json, reader, null);
    }

    private <T> T send(Exchange exchange, String query, String json, AnswerReader<T> reader, PullCadence cadence) throws Exception {
        if (cadence != null) {
            Optional<PullCadence.Answer> recent = cadence.recent(query);
            if (recent.isPresent()) {
                return served(exchange, recent.get(), reader);
            }
        }
        CallPriority priority = exchange.getIn().getHeader(WolkvoxConstants.PRIORITY, endpoint.getConfiguration().getPriority(),
                CallPriority.class);
        Predicate onTurn = exchange.getIn().getHeader(WolkvoxConstants.ON_TURN, Predicate.class);
        exchange.getIn().removeHeader(WolkvoxConstants.ON_TURN);
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
            if (onTurn != null && !onTurn.matches(exchange)) {
                exchange.getMessage().setHeader(WolkvoxConstants.CALL_SKIPPED, true);
                return null;
            }
            if (cadence != null) {
                // the same report may have been pulled while this caller waited for its turn
                Optional<PullCadence.Answer> recent = cadence.recent(query);
                if (recent.isPresent()) {
                    return served(exchange, recent.get(), reader);
                }
            }
            long start = System.nanoTime();
            String outcome = "ok";
            try {
                T result = call(query, json, cadence == null ? reader : remembering(exchange, cadence, query, reader), turn);
                circuits.succeeded(endpoint);
                return result;
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
                metrics.callCompleted(lane, api, outcome, turn.waited().toNanos(), callNanos);
                exchange.getMessage().setHeader(WolkvoxConstants.TOKEN_WAIT_MILLIS, turn.waited().toMillis());
                exchange.getMessage().setHeader(WolkvoxConstants.CALL_MILLIS, callMillis);
                LOG.debug("wolkvox {} account={} outcome={} waited={}ms call={}ms", api, lane.label(), outcome,
                        turn.waited().toMillis(), callMillis);
            }
        }
    }

    /**
     * While the account is paused a batch call waits (its row stays pending) and an interactive one
     * is refused at once; a call stopped by shutdown is refused too. Refused means not sent.
     */
    private void awaitResume(TokenLane lane, CallPriority priority) throws InterruptedException {
        boolean billed = api.billed();
        AccountCircuit circuit = circuits.of(lane);
        Optional<AccountCircuit.Pause> pause = priority == CallPriority.interactive ? circuit.pauseFor(billed)
                : circuit.awaitResume(billed, this::isRunAllowed);
        if (pause.isPresent()) {
            throw new AccountPausedException(api, lane.label(), pause.get());
        }
    }

    /** Reads the answer, and keeps it as the report's latest once it read as a success. */
    private <T> AnswerReader<T> remembering(Exchange exchange, PullCadence cadence, String query, AnswerReader<T> reader) {
        Instant pulledAt = Instant.now();
        return (status, answer) -> {
            String body = answer.getBody(String.class);
            answer.setBody(body);
            T result = reader.read(status, answer);
            cadence.remember(query, new PullCadence.Answer(pulledAt, status, body));
            exchange.getMessage().setHeader(WolkvoxConstants.ANSWERED_AT, pulledAt.toString());
            exchange.getMessage().setHeader(WolkvoxConstants.ANSWER_AGE_MILLIS, 0L);
            return result;
        };
    }

    /** The report's latest answer, read as if it had just come; its time and age in the headers. */
    private <T> T served(Exchange exchange, PullCadence.Answer recent, AnswerReader<T> reader) throws Exception {
        Message answer = new DefaultMessage(exchange.getContext());
        answer.setBody(recent.body());
        long age = Duration.between(recent.pulledAt(), Instant.now()).toMillis();
        LOG.debug("wolkvox {} served the answer pulled {} ms ago (at most one pull per {} ms)", api, age,
                endpoint.getCallConfiguration().getMinPullInterval());
        T result = reader.read(recent.status(), answer);
        exchange.getMessage().setHeader(WolkvoxConstants.ANSWERED_AT, recent.pulledAt().toString());
        exchange.getMessage().setHeader(WolkvoxConstants.ANSWER_AGE_MILLIS, age);
        return result;
    }

    /** Reads one HTTP answer (status and message) into a result; throws WolkvoxApiException for a failure. */
    @FunctionalInterface
    interface AnswerReader<T> {
        T read(int httpStatus, Message answer) throws Exception;
    }

    /** The envelope of an answer read whole, classified by the one envelope reader. */
    JsonNode readEnvelope(int httpStatus, Message answer) {
        return envelopeReader.read(api, httpStatus, answer.getBody(String.class));
    }

    EnvelopeReader envelopeReader() {
        return envelopeReader;
    }

    private static String outcomeOf(WolkvoxApiException e) {
        return e.getFailure() == WolkvoxFailure.TOKEN_REFUSED ? UNAUTHORIZED : e.getFailure().name();
    }

    /**
     * The HTTP call, within the overall deadline (callTimeout): it runs on the component's call
     * threads so a trickling answer cannot hold the caller past it. A call given up after its
     * request may have left keeps the token's turn for the server's limit.
     */
    private <T> T call(String query, String json, AnswerReader<T> reader, TokenLane.Turn turn) throws Exception {
        WolkvoxConfiguration config = endpoint.getConfiguration();
        Producer client = http();
        Exchange call = client.getEndpoint().createExchange();
        call.getIn().setBody(json);
        requestHeaders.process(call);
        call.getIn().setHeader(Exchange.HTTP_METHOD, httpMethod);
        call.getIn().setHeader(Exchange.HTTP_QUERY, query);
        turn.sent();
        Future<?> running = endpoint.getComponent().callExecutor().submit(() -> {
            try {
                client.process(call);
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
            throw new WolkvoxApiException(api, WolkvoxFailure.OUTCOME_UNKNOWN, 0, null, null,
                    "no complete answer within the call deadline of " + config.getCallTimeout() + " ms (wolkvox.call-timeout)", null);
        }
        if (call.getException() != null) {
            WolkvoxApiException failure = envelopeReader.transportFailure(api, call.getException());
            if (failure.getFailure().mayHaveActed()) {
                turn.gaveUp(Duration.ofMillis(config.getServerCallLimit()));
            }
            throw failure;
        }
        Message answer = call.getMessage();
        return reader.read(answer.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class), answer);
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

    <T> List<T> list(JsonNode data, Class<T> type) {
        if (data == null || data.isNull()) {
            return List.of();
        }
        if (!data.isArray()) {
            throw new WolkvoxApiException(api, WolkvoxFailure.MALFORMED_RESPONSE, 200, null, null,
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
            default -> throw new IllegalStateException(operation + " is called by ApiCall");
        };
    }

    /** The body as the operation's record: the record itself, a Map, JSON text, or the API's field names as headers. */
    static <T> T input(Message in, Class<T> type) {
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
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private record Request(String query, String json) {
    }
}
