package io.github.camelwolkvox.embed;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.SendDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The route files as the jar ships them, read the way {@code camel run} and a host context read them:
 * camel-yaml-dsl on a plain CamelContext, no Camel Main, with only the module's own defaults
 * ({@code classpath:camel-wolkvox/application.properties}) as settings. They must be the project's
 * route files, parse, and be self-contained: every retry configuration and {@code direct:} route they
 * name is among them, and every setting they read has a documented default.
 */
class ShippedRoutesTest {

    private static final String ROUTES = "classpath:camel-wolkvox/routes/*.camel.yaml";
    private static final String TEMPLATES = "classpath:camel-wolkvox/templates/*.camel.yaml";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^}:?\\s]+)\\s*}}");

    private DefaultCamelContext context;
    private Collection<Resource> shipped;

    @BeforeEach
    void loadShippedFiles() throws Exception {
        context = new DefaultCamelContext();
        context.getPropertiesComponent().setLocation("classpath:camel-wolkvox/application.properties");
        shipped = PluginHelper.getPackageScanResourceResolver(context).findResources(ROUTES);
        List<Resource> all = new ArrayList<>(shipped);
        all.addAll(PluginHelper.getPackageScanResourceResolver(context).findResources(TEMPLATES));
        PluginHelper.getRoutesLoader(context).loadRoutes(all);
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void theJarCarriesExactlyTheProjectsRouteFiles() throws IOException {
        Map<String, String> project = new TreeMap<>();
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".camel.yaml")).toList()) {
                project.put(f.getFileName().toString(), Files.readString(f));
            }
        }
        Map<String, String> inJar = new TreeMap<>();
        for (Resource r : shipped) {
            inJar.put(Path.of(r.getLocation()).getFileName().toString(), text(r));
        }
        assertThat(project).isNotEmpty();
        assertThat(inJar).isEqualTo(project);
    }

    @Test
    void everyRetryConfigurationAndDirectRouteNamedIsShippedToo() {
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        Set<String> configurations = model.getRouteConfigurationDefinitions().stream()
                .map(RouteConfigurationDefinition::getId).collect(Collectors.toSet());
        Set<String> consumed = model.getRouteDefinitions().stream()
                .map(r -> r.getInput().getEndpointUri()).collect(Collectors.toSet());

        assertThat(model.getRouteDefinitions()).isNotEmpty();
        assertThat(configurations).contains("wolkvox-retries");
        for (RouteDefinition route : model.getRouteDefinitions()) {
            if (route.getRouteConfigurationId() != null) {
                assertThat(configurations).as(route.getRouteId()).contains(route.getRouteConfigurationId());
            }
            for (SendDefinition<?> send : ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(), SendDefinition.class)) {
                String uri = send.getEndpointUri();
                if (uri.startsWith("direct:")) {
                    assertThat(consumed).as("route %s sends to %s", route.getRouteId(), uri).contains(uri);
                }
            }
        }
        assertThat(model.getRouteTemplateDefinitions()).extracting(t -> t.getId()).contains("wolkvox-call");
    }

    @Test
    void everySettingTheRoutesReadHasADocumentedDefault() throws IOException {
        Set<String> missing = new TreeSet<>();
        for (Resource r : shipped) {
            Matcher m = PLACEHOLDER.matcher(text(r));
            while (m.find()) {
                if (context.getPropertiesComponent().resolveProperty(m.group(1)).isEmpty()) {
                    missing.add(m.group(1) + " (" + r.getLocation() + ")");
                }
            }
        }
        assertThat(missing).as("settings without a default in application.properties").isEmpty();
    }

    private static String text(Resource r) throws IOException {
        try (InputStream in = r.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
