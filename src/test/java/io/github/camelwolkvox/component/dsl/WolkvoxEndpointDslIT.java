package io.github.camelwolkvox.component.dsl;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.EndpointServiceLocation;
import org.junit.jupiter.api.Test;

import io.github.camelwolkvox.component.model.DialRequest;
import io.github.camelwolkvox.component.model.DialResult;
import io.github.camelwolkvox.sandbox.WolkvoxSandbox;

import static io.github.camelwolkvox.component.dsl.WolkvoxEndpointBuilderFactory.wolkvox;
import static org.assertj.core.api.Assertions.assertThat;

/** The Java Endpoint DSL: {@code to(wolkvox("dial").account(...))} builds the same endpoint as the URI. */
class WolkvoxEndpointDslIT {

    @Test
    void buildsTheUriOfTheOptionsGiven() {
        assertThat(wolkvox("dial").account("bogota").priority("interactive").getRawUri())
                .isEqualTo("wolkvox:dial?account=bogota&priority=interactive");
        assertThat(wolkvox("connectors").getRawUri()).isEqualTo("wolkvox:connectors");
        assertThat(wolkvox("call").file("reports_manager").api("cdr_1").query("date_ini", "20260101000000").getRawUri())
                .isEqualTo("wolkvox:call?file=reports_manager&api=cdr_1&query.date_ini=20260101000000");
    }

    @Test
    void everyEndpointOptionOfTheDescriptorHasABuilderMethod() throws Exception {
        JsonNode descriptor;
        try (InputStream in = getClass().getClassLoader()
                .getResourceAsStream("META-INF/io/github/camelwolkvox/component/wolkvox.json")) {
            descriptor = new ObjectMapper().readTree(in);
        }
        Set<String> options = new TreeSet<>();
        descriptor.path("properties").fields().forEachRemaining(e -> {
            if (!"path".equals(e.getValue().path("kind").asText())) {
                options.add(e.getKey());
            }
        });
        Set<String> methods = Arrays.stream(WolkvoxEndpointBuilderFactory.WolkvoxEndpointBuilder.class.getMethods())
                .map(Method::getName).collect(Collectors.toSet());
        assertThat(methods).containsAll(options);
    }

    @Test
    void aRouteWrittenWithTheDslCallsWolkvoxWithItsToken() throws Exception {
        String token = "tok&dsl=+/é";
        WolkvoxSandbox sandbox = new WolkvoxSandbox(0);
        sandbox.acceptTokens(token);
        sandbox.start();
        try (CamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new DslRoutes(token, sandbox.baseUrl()));
            context.start();
            DialResult result = context.createProducerTemplate().requestBody("direct:dial",
                    new DialRequest("1001", "+573001112233", null, null), DialResult.class);
            assertThat(result.connId()).isNotBlank();
            assertThat(sandbox.dials()).hasSize(1);

            EndpointServiceLocation location = context.getEndpoints().stream()
                    .filter(EndpointServiceLocation.class::isInstance).map(EndpointServiceLocation.class::cast)
                    .findFirst().orElseThrow();
            assertThat(location.getServiceUrl()).isEqualTo(sandbox.baseUrl());
            assertThat(location.getServiceProtocol()).isEqualTo("http");
            assertThat(location.getServiceMetadata()).containsEntry("account", "default").doesNotContainValue(token);
        } finally {
            sandbox.stop();
        }
    }

    static final class DslRoutes extends RouteBuilder implements WolkvoxEndpointBuilderFactory.WolkvoxBuilders {
        private final String token;
        private final String baseUrl;

        DslRoutes(String token, String baseUrl) {
            this.token = token;
            this.baseUrl = baseUrl;
        }

        @Override
        public void configure() {
            from("direct:dial").to(wolkvox("dial").token(token).baseUrl(baseUrl).priority("interactive"));
        }
    }
}
