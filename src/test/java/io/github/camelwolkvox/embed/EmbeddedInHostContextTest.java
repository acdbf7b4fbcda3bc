package io.github.camelwolkvox.embed;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.camelwolkvox.component.WolkvoxApiException;
import io.github.camelwolkvox.component.WolkvoxComponent;
import io.github.camelwolkvox.component.model.DialRequest;
import io.github.camelwolkvox.component.model.DialResult;
import io.github.camelwolkvox.db.WolkvoxDataSource;
import io.github.camelwolkvox.sandbox.SandboxFault;
import io.github.camelwolkvox.sandbox.WolkvoxSandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The module inside a host's own CamelContext: a plain {@link DefaultCamelContext}, no Camel Main,
 * with routes of the host's own. The host adds the module the way the README shows: its settings,
 * the DataSource bean, the shipped YAML routes and templates from the jar, templated routes with its
 * own parameters. Everything runs against the sandbox over real HTTP.
 */
class EmbeddedInHostContextTest {

    private DefaultCamelContext host;
    private WolkvoxDataSource dataSource;

    @BeforeEach
    void startHost() throws Exception {
        host = new DefaultCamelContext();
        host.getPropertiesComponent().addInitialProperty("wolkvox.retry.max-redeliveries", "2");
        host.getPropertiesComponent().addInitialProperty("wolkvox.retry.initial-delay", "10");
        host.getPropertiesComponent().addInitialProperty("wolkvox.retry.max-delay", "50");

        dataSource = new WolkvoxDataSource();
        dataSource.setJdbcUrl("jdbc:h2:mem:host-" + System.nanoTime() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        dataSource.setUsername("sa");
        dataSource.setSchemaScripts("classpath:db/queue-schema.sql,classpath:db/reports-schema.sql,classpath:db/operations-schema.sql");
        host.getRegistry().bind("wolkvoxDataSource", dataSource);

        // The module's routes and templates, straight from the jar (here: target/classes)
        var resolver = PluginHelper.getPackageScanResourceResolver(host);
        List<Resource> module = new ArrayList<>(resolver.findResources("classpath:camel-wolkvox/routes/*.camel.yaml"));
        module.addAll(resolver.findResources("classpath:camel-wolkvox/templates/*.camel.yaml"));
        PluginHelper.getRoutesLoader(host).loadRoutes(module);

        // The host's own route: its orders become dial requests on the module's template endpoint
        host.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:new-order").routeId("host-new-order")
                        .process(exchange -> {
                            Map<?, ?> order = exchange.getMessage().getBody(Map.class);
                            exchange.getMessage().setBody(new DialRequest((String) order.get("agent"),
                                    (String) order.get("phone"), (String) order.get("id"), (String) order.get("name")));
                        })
                        .to("direct:wolkvox-dial");
            }
        });
        TemplatedRouteBuilder.builder(host, "wolkvox-call").routeId("host-dial")
                .parameter("from", "direct:wolkvox-dial").parameter("operation", "dial").add();
        TemplatedRouteBuilder.builder(host, "wolkvox-call").routeId("host-routing-points")
                .parameter("from", "direct:wolkvox-routing-points").parameter("operation", "routingPoints").add();
        host.start();
    }

    @AfterEach
    void stopHost() {
        host.stop();
        dataSource.close();
    }

    private WolkvoxSandbox sandbox() {
        return host.getComponent("wolkvox", WolkvoxComponent.class).getRunningSandbox().orElseThrow();
    }

    @Test
    void hostRouteDialsThroughTheModuleTemplate() {
        ProducerTemplate producer = host.createProducerTemplate();
        Object result = producer.requestBody("direct:new-order",
                Map.of("agent", "1001", "phone", "+57 300 555 0101", "id", "order-1", "name", "Ana"));

        assertThat(result).isInstanceOfSatisfying(DialResult.class, r -> assertThat(r.connId()).isNotBlank());
        assertThat(sandbox().dials()).singleElement()
                .satisfies(call -> assertThat(call.query()).containsEntry("agent_id", "1001"));
        assertThat(sandbox().overlaps()).isZero();
        assertThat(host.getRoute("host-dial").getConfigurationId()).isEqualTo("wolkvox-retries");
    }

    @Test
    void templatedRouteCarriesTheModuleRetryPolicy() {
        sandbox().setFaults(1.0, Set.of(SandboxFault.SERVER_ERROR), 7);
        long before = sandbox().requests();

        CamelExecutionException failure = catchThrowableOfType(CamelExecutionException.class,
                () -> host.createProducerTemplate().requestBody("direct:wolkvox-routing-points", (Object) null));

        assertThat(failure.getCause()).isInstanceOfSatisfying(WolkvoxApiException.class,
                e -> assertThat(e.isSafeToRetry()).isTrue());
        // the first call and wolkvox.retry.max-redeliveries=2 retries
        assertThat(sandbox().requests() - before).isEqualTo(3);
    }
}
