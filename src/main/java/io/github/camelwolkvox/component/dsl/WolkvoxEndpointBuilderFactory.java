package io.github.camelwolkvox.component.dsl;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Expression;
import org.apache.camel.NoSuchEndpointException;
import org.apache.camel.builder.EndpointProducerBuilder;
import org.apache.camel.support.ExpressionAdapter;
import org.apache.camel.util.URISupport;

/**
 * Endpoint DSL for {@code wolkvox:} in the style of Camel's generated builder factories (Camel's
 * generator only runs inside the Camel build): {@code to(wolkvox("dial").account("bogota"))}.
 * Every method sets the URI option of the same name; {@code ComponentDescriptorTest} checks that
 * each option of the generated descriptor has its method here.
 */
public interface WolkvoxEndpointBuilderFactory {

    /** Builder for {@code wolkvox:operation[?options]}. */
    interface WolkvoxEndpointBuilder extends EndpointProducerBuilder {

        /** Named account whose server and token to use (wolkvox.accounts.<name>.*). */
        default WolkvoxEndpointBuilder account(String account) {
            doSetProperty("account", account);
            return this;
        }

        /** The operation's server code given by Wolkvox support, e.g. 0012 for wv0012. */
        default WolkvoxEndpointBuilder server(String server) {
            doSetProperty("server", server);
            return this;
        }

        /** The operation's API token; prefer a property placeholder such as {{wolkvox.token}}. */
        default WolkvoxEndpointBuilder token(String token) {
            doSetProperty("token", token);
            return this;
        }

        /** Full base URL overriding https://wv{server}.wolkvox.com (a proxy or a test double). */
        default WolkvoxEndpointBuilder baseUrl(String baseUrl) {
            doSetProperty("baseUrl", baseUrl);
            return this;
        }

        /** Connect timeout in milliseconds. */
        default WolkvoxEndpointBuilder connectTimeout(long millis) {
            doSetProperty("connectTimeout", millis);
            return this;
        }

        /** Read timeout in milliseconds. */
        default WolkvoxEndpointBuilder readTimeout(long millis) {
            doSetProperty("readTimeout", millis);
            return this;
        }

        /** Overall deadline of a call in milliseconds, request sent to last byte of the answer. */
        default WolkvoxEndpointBuilder callTimeout(long millis) {
            doSetProperty("callTimeout", millis);
            return this;
        }

        /** How long after sending Wolkvox may still work on a call given up on: the token's turn is held that long. */
        default WolkvoxEndpointBuilder serverCallLimit(long millis) {
            doSetProperty("serverCallLimit", millis);
            return this;
        }

        /** Calls in flight at once with one token, across the JVM. */
        default WolkvoxEndpointBuilder maxConcurrentPerToken(int max) {
            doSetProperty("maxConcurrentPerToken", max);
            return this;
        }

        /** Longest wait in milliseconds for a turn on the token. */
        default WolkvoxEndpointBuilder tokenWaitTimeout(long millis) {
            doSetProperty("tokenWaitTimeout", millis);
            return this;
        }

        /** interactive (a person waits: served first on the token) or batch. */
        default WolkvoxEndpointBuilder priority(String priority) {
            doSetProperty("priority", priority);
            return this;
        }

        /** wolkvox:call only: the vendor's file, with or without .php (information, reports_manager, campaign, ...). */
        default WolkvoxEndpointBuilder file(String file) {
            doSetProperty("file", file);
            return this;
        }

        /** wolkvox:call only: the api= name in that file (agents, cdr_1, add_record, ...). */
        default WolkvoxEndpointBuilder api(String api) {
            doSetProperty("api", api);
            return this;
        }

        /** wolkvox:call only: the HTTP method, by default the catalogue's. */
        default WolkvoxEndpointBuilder method(String method) {
            doSetProperty("method", method);
            return this;
        }

        /** wolkvox:call only: whether repeating the call is harmless (default: true for GET only). */
        default WolkvoxEndpointBuilder idempotent(boolean idempotent) {
            doSetProperty("idempotent", idempotent);
            return this;
        }

        /** wolkvox:call only: let an api, file or query parameter through that the catalogue does not list. */
        default WolkvoxEndpointBuilder allowUnknownApi(boolean allow) {
            doSetProperty("allowUnknownApi", allow);
            return this;
        }

        /** One query parameter of the call (query.<name>=value); call it once per parameter. */
        default WolkvoxEndpointBuilder query(String name, Object value) {
            doSetMultiValueProperty("query", "query." + name, value);
            return this;
        }

        /** All query parameters of the call at once. */
        default WolkvoxEndpointBuilder query(Map<String, Object> values) {
            doSetMultiValueProperties("query", "query.", values);
            return this;
        }

        /** Write the answer's data (a JSON array) to this file, streamed, instead of the body. */
        default WolkvoxEndpointBuilder outputFile(String path) {
            doSetProperty("outputFile", path);
            return this;
        }

        /** A GET whose date range is longer is split into windows of at most this many days. */
        default WolkvoxEndpointBuilder maxDaysPerCall(int days) {
            doSetProperty("maxDaysPerCall", days);
            return this;
        }

        /** A bulk upload is sent in chunks of at most this many records. */
        default WolkvoxEndpointBuilder maxRecordsPerCall(int records) {
            doSetProperty("maxRecordsPerCall", records);
            return this;
        }

        /** At most one pull of a report per token, API and query in this many ms (0 lifts the vendor's rule). */
        default WolkvoxEndpointBuilder minPullInterval(long millis) {
            doSetProperty("minPullInterval", millis);
            return this;
        }

        /** Whether the producer starts at its first message rather than with the route. */
        default WolkvoxEndpointBuilder lazyStartProducer(boolean lazy) {
            doSetProperty("lazyStartProducer", lazy);
            return this;
        }
    }

    /** Mix into a RouteBuilder (as Camel's EndpointRouteBuilder does) to write {@code wolkvox("dial")}. */
    interface WolkvoxBuilders {
        default WolkvoxEndpointBuilder wolkvox(String operation) {
            return WolkvoxEndpointBuilderFactory.wolkvox(operation);
        }
    }

    /** {@code wolkvox:<operation>}: dial, routingPoints, ..., or call (any catalogue API, with file and api). */
    static WolkvoxEndpointBuilder wolkvox(String operation) {
        return new Builder(operation);
    }

    /** Collects the options; the token goes in as RAW() so no character of it is re-encoded. */
    final class Builder implements WolkvoxEndpointBuilder {
        private final String operation;
        private final Map<String, Object> options = new LinkedHashMap<>();

        Builder(String operation) {
            this.operation = operation;
        }

        @Override
        public void doSetProperty(String name, Object value) {
            options.put(name, "token".equals(name) && value != null && !value.toString().startsWith("{{")
                    ? "RAW(" + value + ")" : value);
        }

        @Override
        public void doSetMultiValueProperty(String name, String key, Object value) {
            options.put(key, value);
        }

        @Override
        public void doSetMultiValueProperties(String name, String prefix, Map<String, Object> values) {
            values.forEach((k, v) -> options.put(prefix + k, v));
        }

        @Override
        public String getRawUri() {
            // encoded, except RAW() values, which Camel passes through as they are
            String q = URISupport.createQueryString(options, true);
            return "wolkvox:" + operation + (q.isEmpty() ? "" : "?" + q);
        }

        @Override
        public Endpoint resolve(CamelContext context) throws NoSuchEndpointException {
            Endpoint endpoint = context.getEndpoint(getRawUri());
            if (endpoint == null) {
                throw new NoSuchEndpointException(getRawUri());
            }
            return endpoint;
        }

        @Override
        public <T extends Endpoint> T resolve(CamelContext context, Class<T> type) throws NoSuchEndpointException {
            return type.cast(resolve(context));
        }

        @Override
        public Expression expr(CamelContext context) {
            String uri = getRawUri();
            return new ExpressionAdapter() {
                @Override
                public Object evaluate(org.apache.camel.Exchange exchange) {
                    return uri;
                }
            };
        }

        @Override
        public String toString() {
            return "wolkvox:" + operation;
        }
    }
}
