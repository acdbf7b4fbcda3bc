package io.github.camelwolkvox.component;

import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.EndpointUriFactory;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.spi.UriParam;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Camel's tooling sees the component: the generated descriptor lists every option and header, the
 * token is secret, and the generated configurers and URI factory are the ones Camel finds.
 * No sockets: it reads the jar's metadata and a context without routes.
 */
class ComponentDescriptorTest {

    private static final String DESCRIPTOR = "META-INF/io/github/camelwolkvox/component/wolkvox.json";

    private static JsonNode descriptor() throws Exception {
        try (InputStream in = ComponentDescriptorTest.class.getClassLoader().getResourceAsStream(DESCRIPTOR)) {
            assertThat(in).as(DESCRIPTOR + " on the classpath").isNotNull();
            return new ObjectMapper().readTree(in);
        }
    }

    private static Set<String> uriParamNames(Class<?> type) {
        return Arrays.stream(type.getDeclaredFields())
                .filter(f -> f.isAnnotationPresent(UriParam.class))
                .map(Field::getName)
                .collect(Collectors.toSet());
    }

    @Test
    void everyEndpointOptionIsListedAndDescribed() throws Exception {
        JsonNode d = descriptor();
        assertThat(d.path("component").path("scheme").asText()).isEqualTo("wolkvox");
        Set<String> listed = fieldNames(d.path("properties"));
        Set<String> declared = uriParamNames(WolkvoxConfiguration.class);
        assertThat(declared).isNotEmpty();
        assertThat(listed).containsAll(declared).contains("operation");
        d.path("properties").fields().forEachRemaining(e ->
                assertThat(e.getValue().path("description").asText()).as("description of " + e.getKey()).isNotBlank());
        // the component takes every configuration option too (camel.component.wolkvox.<option>)
        assertThat(fieldNames(d.path("componentProperties"))).containsAll(declared);
    }

    @Test
    void theTokenIsSecretEverywhere() throws Exception {
        JsonNode d = descriptor();
        assertThat(d.path("properties").path("token").path("secret").asBoolean()).isTrue();
        assertThat(d.path("componentProperties").path("token").path("secret").asBoolean()).isTrue();
        assertThat(new WolkvoxEndpointUriFactory().secretPropertyNames()).contains("token");
    }

    @Test
    void everyHeaderConstantIsListed() throws Exception {
        Set<String> listed = fieldNames(descriptor().path("headers"));
        List<String> constants = Arrays.stream(WolkvoxConstants.class.getDeclaredFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.isAnnotationPresent(Metadata.class))
                .map(f -> {
                    try {
                        return (String) f.get(null);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
        assertThat(constants).isNotEmpty();
        assertThat(listed).containsExactlyInAnyOrderElementsOf(constants);
    }

    @Test
    void camelFindsTheGeneratedConfigurersAndUriFactory() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.start();
            PropertyConfigurer component = org.apache.camel.support.PluginHelper.getConfigurerResolver(context)
                    .resolvePropertyConfigurer("wolkvox-component", context);
            PropertyConfigurer endpoint = org.apache.camel.support.PluginHelper.getConfigurerResolver(context)
                    .resolvePropertyConfigurer("wolkvox-endpoint", context);
            assertThat(component).isInstanceOf(WolkvoxComponentConfigurer.class);
            assertThat(endpoint).isInstanceOf(WolkvoxEndpointConfigurer.class);

            WolkvoxComponent target = new WolkvoxComponent();
            assertThat(component.configure(context, target, "maxConcurrentPerToken", "2", true)).isTrue();
            assertThat(target.getConfiguration().getMaxConcurrentPerToken()).isEqualTo(2);

            EndpointUriFactory factory = context.getCamelContextExtension().getEndpointUriFactory("wolkvox");
            assertThat(factory).isInstanceOf(WolkvoxEndpointUriFactory.class);
            assertThat(factory.buildUri("wolkvox", Map.of("operation", "dial", "account", "bogota"), false))
                    .isEqualTo("wolkvox:dial?account=bogota");
        }
    }

    /** The README's options table is checked against the descriptor: every endpoint option has a row. */
    @Test
    void theReadmeListsEveryEndpointOption() throws Exception {
        List<String> rows = java.nio.file.Files.readAllLines(java.nio.file.Path.of("README.md")).stream()
                .filter(l -> l.startsWith("| `")).toList();
        descriptor().path("properties").fields().forEachRemaining(e -> {
            if (!"path".equals(e.getValue().path("kind").asText())) {
                String shown = e.getValue().path("multiValue").asBoolean() ? "`" + e.getValue().path("prefix").asText()
                        : "`" + e.getKey() + "`";
                assertThat(rows).as("README options table row for " + e.getKey()).anyMatch(r -> r.contains(shown));
            }
        });
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new java.util.TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
