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

import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.model.RouteTemplateParameterDefinition;
import org.apache.camel.model.SendDefinition;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.apache.camel.model.TemplatedRouteParameterDefinition;
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
        assertThat(model.getRouteTemplateDefinitions()).extracting(RouteTemplateDefinition::getId)
                .contains("wolkvox-call", "wolkvox-activity-codes-inbox", "wolkvox-request-queue", "wolkvox-dead-letter",
                        "wolkvox-reports");
    }

    /**
     * A host that loads only {@code camel-wolkvox/templates/*} (none of the job's route files) has
     * everything the templates name: the retry configuration, and for every {@code direct:} a route or
     * template consumes it (a template parameter's default counts: the host makes the route from it).
     * That such a host really retries and records dead letters: EmbeddedInHostContextIT.
     */
    @Test
    void theTemplateLibraryAloneHasEverythingItsRoutesName() throws Exception {
        try (DefaultCamelContext alone = new DefaultCamelContext()) {
            alone.getPropertiesComponent().setLocation("classpath:camel-wolkvox/application.properties");
            PluginHelper.getRoutesLoader(alone).loadRoutes(PluginHelper.getPackageScanResourceResolver(alone).findResources(TEMPLATES));
            Model model = alone.getCamelContextExtension().getContextPlugin(Model.class);
            Set<String> configurations = model.getRouteConfigurationDefinitions().stream()
                    .map(RouteConfigurationDefinition::getId).collect(Collectors.toSet());
            Set<String> consumed = new TreeSet<>();
            Map<RouteDefinition, Map<String, String>> routes = new java.util.LinkedHashMap<>();
            for (RouteDefinition route : model.getRouteDefinitions()) {
                consumed.add(route.getInput().getEndpointUri());
                routes.put(route, Map.of());
            }
            for (RouteTemplateDefinition template : model.getRouteTemplateDefinitions()) {
                Map<String, String> defaults = template.getTemplateParameters().stream().filter(p -> p.getDefaultValue() != null)
                        .collect(Collectors.toMap(RouteTemplateParameterDefinition::getName, RouteTemplateParameterDefinition::getDefaultValue));
                consumed.add(withDefaults(template.getRoute().getInput().getEndpointUri(), defaults));
                routes.put(template.getRoute(), defaults);
            }
            assertThat(configurations).contains("wolkvox-retries");
            assertThat(consumed).contains("direct:wolkvox-dead-letter");
            int sends = 0;
            for (Map.Entry<RouteDefinition, Map<String, String>> e : routes.entrySet()) {
                RouteDefinition route = e.getKey();
                if (route.getRouteConfigurationId() != null) {
                    assertThat(configurations).as(route.getInput().getEndpointUri()).contains(route.getRouteConfigurationId());
                }
                for (SendDefinition<?> send : ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(), SendDefinition.class)) {
                    String uri = withDefaults(send.getEndpointUri(), e.getValue());
                    if (uri.startsWith("direct:")) {
                        assertThat(consumed).as("%s sends to %s", route.getInput().getEndpointUri(), uri).contains(uri);
                        sends++;
                    }
                }
            }
            assertThat(sends).isGreaterThanOrEqualTo(3); // the CSV row's call, the on-demand reports, the dead letter
        }
    }

    /** docs/templates.md has a row per parameter of each template, with the template's default. */
    @Test
    void theTemplatesPageListsEveryParameterWithItsDefault() throws IOException {
        String page = Files.readString(Path.of("docs/templates.md"));
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        int rows = 0;
        for (RouteTemplateDefinition template : model.getRouteTemplateDefinitions()) {
            int at = page.indexOf("### `" + template.getId() + "`");
            assertThat(at).as("section of %s in docs/templates.md", template.getId()).isNotNegative();
            int next = page.indexOf("\n### ", at + 1);
            String section = page.substring(at, next < 0 ? page.length() : next);
            for (RouteTemplateParameterDefinition p : template.getTemplateParameters()) {
                String d = p.getDefaultValue();
                String shown = d == null ? "(required)" : d.isEmpty() ? "(empty)" : "`" + d.replace("|", "\\|") + "`";
                assertThat(section).as("%s parameter %s", template.getId(), p.getName())
                        .contains("| `" + p.getName() + "` | " + shown + " |");
                rows++;
            }
        }
        assertThat(rows).isGreaterThan(30);
    }

    private static String withDefaults(String uri, Map<String, String> defaults) {
        Matcher m = PLACEHOLDER.matcher(uri);
        return m.matches() && defaults.containsKey(m.group(1)) ? defaults.get(m.group(1)) : uri;
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

    /**
     * The job makes its triggers from the templates with {@code {{wolkvox.*}}} settings as parameters;
     * a host that leaves a parameter out gets the template's default. Both must be the same value, and
     * every parameter must say what it is. (Parameters the job gives a fixed value are not compared.)
     */
    @Test
    void templateDefaultsAreTheDefaultsOfTheSettingsTheJobPasses() throws Exception {
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        Map<String, RouteTemplateDefinition> templates = model.getRouteTemplateDefinitions().stream()
                .collect(Collectors.toMap(RouteTemplateDefinition::getId, t -> t));
        for (RouteTemplateDefinition template : templates.values()) {
            for (RouteTemplateParameterDefinition p : template.getTemplateParameters()) {
                assertThat(p.getDescription()).as("%s parameter %s", template.getId(), p.getName()).isNotBlank();
            }
        }
        List<TemplatedRouteDefinition> jobRoutes = new ArrayList<>();
        for (RoutesBuilder builder : PluginHelper.getRoutesLoader(new DefaultCamelContext()).findRoutesBuilders(shipped)) {
            try (DefaultCamelContext parsed = new DefaultCamelContext()) {
                parsed.getPropertiesComponent().setLocation("classpath:camel-wolkvox/application.properties");
                builder.addRoutesToCamelContext(parsed);
            }
            jobRoutes.addAll(((RouteBuilder) builder).getTemplatedRouteCollection().getTemplatedRoutes());
        }
        assertThat(jobRoutes).extracting(TemplatedRouteDefinition::getRouteTemplateRef)
                .contains("wolkvox-activity-codes-inbox", "wolkvox-request-queue", "wolkvox-dead-letter", "wolkvox-reports");
        int compared = 0;
        for (TemplatedRouteDefinition route : jobRoutes) {
            RouteTemplateDefinition template = templates.get(route.getRouteTemplateRef());
            assertThat(template).as("template of %s", route.getRouteId()).isNotNull();
            for (TemplatedRouteParameterDefinition given : route.getParameters()) {
                RouteTemplateParameterDefinition declared = template.getTemplateParameters().stream()
                        .filter(p -> p.getName().equals(given.getName())).findFirst().orElse(null);
                assertThat(declared).as("%s parameter %s", route.getRouteId(), given.getName()).isNotNull();
                if (declared.getDefaultValue() != null && PLACEHOLDER.matcher(given.getValue()).matches()) {
                    assertThat(context.resolvePropertyPlaceholders(given.getValue()))
                            .as("%s parameter %s: the setting's default vs the template's", route.getRouteId(), given.getName())
                            .isEqualTo(declared.getDefaultValue());
                    compared++;
                }
            }
        }
        assertThat(compared).isGreaterThan(10);
    }

    private static String text(Resource r) throws IOException {
        try (InputStream in = r.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
