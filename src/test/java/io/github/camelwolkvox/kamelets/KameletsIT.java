package io.github.camelwolkvox.kamelets;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.github.camelwolkvox.sandbox.WolkvoxSandbox;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped Kamelets follow apache/camel-kamelets' rules and work: each is loaded by camel-kamelet
 * from the jar's classpath:kamelets and run against the sandbox over real HTTP, with its own token.
 */
class KameletsIT {

    static final List<String> KAMELETS = List.of("wolkvox-dial-sink", "wolkvox-interaction-sink",
            "wolkvox-activity-code-sink", "wolkvox-routing-points-source", "wolkvox-connectors-source");
    private static final String TOKEN = "tok-kamelet-31c7";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\??([A-Za-z0-9_.-]+)}}");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private static WolkvoxSandbox sandbox;

    @BeforeAll
    static void startSandbox() {
        sandbox = new WolkvoxSandbox(0);
        sandbox.acceptTokens(TOKEN);
        sandbox.start();
    }

    @AfterAll
    static void stopSandbox() {
        sandbox.stop();
    }

    static JsonNode kamelet(String name) throws IOException {
        try (InputStream in = KameletsIT.class.getClassLoader().getResourceAsStream("kamelets/" + name + ".kamelet.yaml")) {
            assertThat(in).as("kamelets/" + name + ".kamelet.yaml in the jar").isNotNull();
            return YAML.readTree(in);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "wolkvox-dial-sink", "wolkvox-interaction-sink", "wolkvox-activity-code-sink",
            "wolkvox-routing-points-source", "wolkvox-connectors-source" })
    void followsTheKameletRules(String name) throws IOException {
        JsonNode k = kamelet(name);
        assertThat(k.path("kind").asText()).isEqualTo("Kamelet");
        assertThat(k.path("metadata").path("name").asText()).as("name equals the file name").isEqualTo(name);
        String type = name.substring(name.lastIndexOf('-') + 1);
        assertThat(type).isIn("sink", "source", "action");
        assertThat(k.path("metadata").path("labels").path("camel.apache.org/kamelet.type").asText()).isEqualTo(type);
        JsonNode annotations = k.path("metadata").path("annotations");
        assertThat(annotations.path("camel.apache.org/kamelet.icon").asText()).startsWith("data:image/svg+xml;base64,");
        assertThat(annotations.path("camel.apache.org/catalog.version").asText()).doesNotContain("${");

        JsonNode definition = k.path("spec").path("definition");
        String title = definition.path("title").asText();
        assertThat(title).endsWith(Character.toUpperCase(type.charAt(0)) + type.substring(1));
        assertThat(definition.path("description").asText()).isNotBlank();

        JsonNode properties = definition.path("properties");
        Set<String> declared = new HashSet<>();
        properties.fieldNames().forEachRemaining(declared::add);
        definition.path("required").forEach(r -> assertThat(declared).as("required " + r).contains(r.asText()));
        properties.fields().forEachRemaining(p -> {
            assertThat(p.getValue().path("title").asText()).as("title of " + p.getKey()).isNotBlank();
            assertThat(p.getValue().path("description").asText()).as("description of " + p.getKey()).isNotBlank();
            assertThat(p.getValue().path("type").asText()).as("type of " + p.getKey()).isNotBlank();
        });
        JsonNode token = properties.path("token");
        assertThat(token.path("format").asText()).isEqualTo("password");
        assertThat(token.path("x-descriptors").toString()).contains("urn:camel:group:credentials");

        Set<String> used = new HashSet<>();
        Matcher m = PLACEHOLDER.matcher(k.path("spec").path("template").toString());
        while (m.find()) {
            used.add(m.group(1));
        }
        assertThat(used).as("every property used, every placeholder declared").isEqualTo(declared);

        List<String> dependencies = new ArrayList<>();
        k.path("spec").path("dependencies").forEach(d -> dependencies.add(d.asText()));
        assertThat(dependencies).contains("camel:kamelet")
                .anySatisfy(d -> assertThat(d).startsWith("mvn:io.github.camelwolkvox:camel-wolkvox:").doesNotContain("${"));
    }

    @Test
    void theSinksCallWolkvoxWithTheirOwnToken() throws Exception {
        sandbox.clearRecords();
        try (CamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    String opts = "?token=" + TOKEN + "&baseUrl=" + sandbox.baseUrl();
                    from("direct:dial").to("kamelet:wolkvox-dial-sink" + opts);
                    from("direct:interaction").to("kamelet:wolkvox-interaction-sink" + opts);
                    from("direct:code").to("kamelet:wolkvox-activity-code-sink" + opts);
                }
            });
            context.start();
            ProducerTemplate template = context.createProducerTemplate();

            String dialed = template.requestBody("direct:dial",
                    "{\"agent_id\":\"1001\",\"customer_phone\":\"+573001234567\",\"customer_name\":\"Ana\"}", String.class);
            assertThat(JSON.readTree(dialed).path("conn_id").asText()).isNotBlank();
            assertThat(sandbox.dials()).hasSize(1);

            template.requestBody("direct:interaction",
                    "{\"from\":\"web\",\"to\":\"ana@example.com\",\"subject\":\"Hola\",\"body\":\"Necesito ayuda\",\"rp_id\":\""
                    + sandbox.routingPoints().get(0).rpId() + "\"}");
            assertThat(sandbox.interactions()).hasSize(1);

            template.requestBody("direct:code",
                    "{\"type_code\":\"1\",\"cod_act\":\"KAM-1\",\"description_cod_act\":\"Desde Kamelet\",\"hit\":\"yes\",\"rpc\":\"no\"}");
            assertThat(sandbox.activityCodes()).containsKey("1|KAM-1");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "wolkvox-routing-points-source", "wolkvox-connectors-source" })
    void theSourcesDeliverTheReportAsJson(String name) throws Exception {
        int expected = name.contains("routing") ? sandbox.routingPoints().size() : sandbox.connectors().size();
        try (CamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("kamelet:" + name + "?token=" + TOKEN + "&baseUrl=" + sandbox.baseUrl() + "&period=600000")
                            .to("mock:report");
                }
            });
            MockEndpoint report = context.getEndpoint("mock:report", MockEndpoint.class);
            report.expectedMinimumMessageCount(1);
            context.start();
            report.assertIsSatisfied(20_000);
            JsonNode body = JSON.readTree(report.getExchanges().get(0).getIn().getBody(String.class));
            assertThat(body.isArray()).isTrue();
            assertThat(body).hasSize(expected);
        }
    }

    @Test
    void aWrongTokenIsRefusedNotPretended() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:dial").to("kamelet:wolkvox-dial-sink?token=not-the-token&baseUrl=" + sandbox.baseUrl());
                }
            });
            context.start();
            int before = sandbox.dials().size();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> context.createProducerTemplate().requestBody("direct:dial",
                    "{\"agent_id\":\"1001\",\"customer_phone\":\"+573001234567\"}"))
                    .hasRootCauseInstanceOf(io.github.camelwolkvox.component.WolkvoxApiException.class);
            assertThat(sandbox.dials()).hasSize(before);
        }
    }

}
