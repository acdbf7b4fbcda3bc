package io.github.camelwolkvox.embed;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.camelwolkvox.component.WolkvoxApiException;
import io.github.camelwolkvox.sandbox.WolkvoxSandboxSupport;
import io.github.camelwolkvox.component.TokenLane;
import io.github.camelwolkvox.component.WolkvoxComponent;
import io.github.camelwolkvox.component.model.DialRequest;
import io.github.camelwolkvox.component.model.DialResult;
import io.github.camelwolkvox.db.WolkvoxDataSource;
import io.github.camelwolkvox.queue.RequestQueue;
import io.github.camelwolkvox.sandbox.SandboxFault;
import io.github.camelwolkvox.sandbox.WolkvoxSandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * The module inside a host's own CamelContext: a plain {@link DefaultCamelContext}, no Camel Main,
 * with routes of the host's own. The host adds the module as docs/embedding.md shows: its own
 * settings over the module's defaults, the beans, only the template library from the jar (no file of
 * the job's routes/), and routes made from the templates with its own parameters (two CSV inboxes,
 * the dial queue, the dead letters into a database of its own, a dial endpoint). Against the sandbox
 * over real HTTP.
 */
class EmbeddedInHostContextIT {

    @TempDir
    Path dir;

    private DefaultCamelContext host;
    private WolkvoxDataSource dataSource;
    private WolkvoxDataSource deadLetters;

    @BeforeEach
    void startHost() throws Exception {
        Path hostSettings = dir.resolve("host-wolkvox.properties");
        Files.writeString(hostSettings, String.join("\n",
                "wolkvox.queue.instance-name = host-app",
                // sandbox mode on purpose (the host installs the sandbox below); a second Wolkvox
                // account gets a sandbox token of its own
                "wolkvox.sandbox.enabled = true",
                "wolkvox.accounts.support.server = 0012",
                "wolkvox.retry.max-redeliveries = 2",
                "wolkvox.retry.initial-delay = 10",
                "wolkvox.retry.max-delay = 50"));
        host = new DefaultCamelContext();
        // The first location that has a key wins: the host's settings, then the module's defaults
        host.getPropertiesComponent().setLocation(
                "file:" + hostSettings + ",classpath:camel-wolkvox/application.properties");

        dataSource = new WolkvoxDataSource();
        dataSource.setJdbcUrl("jdbc:h2:mem:host-" + System.nanoTime() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        dataSource.setUsername("sa");
        dataSource.setSchemaScripts("classpath:db/queue-schema.sql,classpath:db/operations-schema.sql");
        host.getRegistry().bind("wolkvoxDataSource", dataSource);
        // the dead letters go to a database of the host's choosing (the template's dataSource parameter)
        deadLetters = new WolkvoxDataSource();
        deadLetters.setJdbcUrl("jdbc:h2:mem:host-dead-letters-" + System.nanoTime() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        deadLetters.setUsername("sa");
        deadLetters.setSchemaScripts("classpath:db/operations-schema.sql");
        host.getRegistry().bind("hostDeadLetters", deadLetters);
        WolkvoxSandboxSupport.installIn(host);
        RequestQueue queue = new RequestQueue();
        queue.setDataSource(dataSource);
        queue.setInstanceName(host.resolvePropertyPlaceholders("{{wolkvox.queue.instance-name}}"));
        host.getRegistry().bind("wolkvoxQueue", queue);

        // From the jar (here: target/classes) only the template library, which carries the retry
        // policy and the dead-letter template too; none of the job's route files (camel-wolkvox/routes/)
        PluginHelper.getRoutesLoader(host).loadRoutes(PluginHelper.getPackageScanResourceResolver(host)
                .findResources("classpath:camel-wolkvox/templates/*.camel.yaml"));
        TemplatedRouteBuilder.builder(host, "wolkvox-dead-letter").routeId("host-dead-letter")
                .parameter("dataSource", "hostDeadLetters").add();

        // Two CSV inboxes with parameters of their own: sales codes on the default account, support
        // codes on the support account, archived in processed/ instead of done/
        TemplatedRouteBuilder.builder(host, "wolkvox-activity-codes-inbox").routeId("host-sales-codes")
                .parameter("inbox", dir.resolve("sales").toString())
                .parameter("pollDelay", "100").parameter("readLockCheckInterval", "100").parameter("minAge", "0").add();
        TemplatedRouteBuilder.builder(host, "wolkvox-activity-codes-inbox").routeId("host-support-codes")
                .parameter("inbox", dir.resolve("support").toString())
                .parameter("doneFolder", "processed").parameter("account", "support")
                .parameter("pollDelay", "100").parameter("readLockCheckInterval", "100").parameter("minAge", "0").add();
        // The dial queue, polled every 100 ms
        TemplatedRouteBuilder.builder(host, "wolkvox-request-queue").routeId("host-dial-queue")
                .parameter("table", "wolkvox_dial_request").parameter("pollInterval", "100").add();

        host.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // The host's orders become rows of the module's dial queue ...
                from("direct:queue-order").routeId("host-queue-order")
                        .to("sql:INSERT INTO wolkvox_dial_request (agent_id, customer_phone, customer_id, customer_name)"
                                + " VALUES (:#${body[agent]}, :#${body[phone]}, :#${body[id]}, :#${body[name]})"
                                + "?dataSource=#wolkvoxDataSource");
                // ... or dial at once through a templated route
                from("direct:call-order").routeId("host-call-order")
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
        deadLetters.close();
    }

    private WolkvoxSandbox sandbox() {
        return WolkvoxSandboxSupport.of(host).running().orElseThrow();
    }

    @Test
    void hostSettingsOverrideTheModuleDefaults() {
        assertThat(host.resolvePropertyPlaceholders("{{wolkvox.queue.instance-name}}")).isEqualTo("host-app");
        assertThat(host.resolvePropertyPlaceholders("{{wolkvox.queue.batch-size}}")).isEqualTo("10");
    }

    @Test
    void hostOrderIsDialledThroughTheModulesDialQueue() {
        host.createProducerTemplate().sendBody("direct:queue-order",
                Map.of("agent", "1001", "phone", "+57 300 555 0101", "id", "order-1", "name", "Ana"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                host.createProducerTemplate().requestBody("sql:SELECT status, conn_id, claimed_by FROM wolkvox_dial_request"
                        + "?dataSource=#wolkvoxDataSource&outputType=SelectOne", (Object) null, Map.class))
                .containsEntry("status", "DONE")
                .containsEntry("claimed_by", "host-app")
                .hasEntrySatisfying("conn_id", connId -> assertThat(connId).isNotNull()));
        assertThat(sandbox().dials()).singleElement()
                .satisfies(call -> assertThat(call.query()).containsEntry("agent_id", "1001"));
        assertThat(sandbox().overlaps()).isZero();
    }

    @Test
    void aRequestThatEndsForGoodIsADeadLetterInTheHostsDatabase() {
        host.createProducerTemplate().sendBody("direct:queue-order",
                Map.of("agent", "1003", "phone", "not a phone", "id", "order-3", "name", "Eva"));

        List<?> rows = await().atMost(Duration.ofSeconds(20)).until(() -> host.createProducerTemplate().requestBody(
                "sql:SELECT operation, source, input, failure FROM wolkvox_dead_letter?dataSource=#hostDeadLetters",
                (Object) null, List.class), list -> !list.isEmpty());
        @SuppressWarnings("unchecked")
        Map<String, Object> dead = (Map<String, Object>) rows.get(0);
        assertThat(dead).containsEntry("operation", "dial").containsEntry("failure", "WolkvoxValidationException");
        assertThat((String) dead.get("source")).startsWith("wolkvox_dial_request ");
        assertThat((String) dead.get("input")).contains("\"customer_id\":\"order-3\"").doesNotContain("status");
        assertThat(host.createProducerTemplate().requestBody("sql:SELECT status FROM wolkvox_dial_request"
                + "?dataSource=#wolkvoxDataSource&outputType=SelectOne", (Object) null, String.class)) // one column: its value
                .isEqualTo("REJECTED");
        assertThat(sandbox().dials()).isEmpty();
    }

    @Test
    void twoInboxesFromOneTemplateKeepTheirOwnParameters() throws Exception {
        Map<String, TokenLane> lanes = host.getComponent("wolkvox", WolkvoxComponent.class).getLanes();
        long defaultCallsBefore = lanes.get("default").calls(); // lanes are JVM-wide: other tests count too
        Path sales = Files.createDirectories(dir.resolve("sales"));
        Path support = Files.createDirectories(dir.resolve("support"));
        Files.writeString(sales.resolve("codes.csv"), String.join("\r\n",
                "type_code;cod_act;description_cod_act;hit",
                "VENTAS;HOST-1;Sale closed;yes",
                "VENTAS;;No code;no",
                ""));
        Files.writeString(support.resolve("codes.csv"), String.join("\n",
                "type_code,cod_act,description_cod_act,hit",
                "SOPORTE,HOST-2,Ticket solved,yes",
                ""));

        Path salesResult = sales.resolve("done").resolve("codes.csv.result.csv");
        Path supportResult = support.resolve("processed").resolve("codes.csv.result.csv");
        // the result file is written before the file consumer moves the file itself: wait for both
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(salesResult) && Files.exists(supportResult)
                && Files.exists(sales.resolve("done").resolve("codes.csv"))
                && Files.exists(support.resolve("processed").resolve("codes.csv")));
        assertThat(Files.readAllLines(salesResult)).anySatisfy(l -> assertThat(l).startsWith("2;VENTAS;HOST-1;created"))
                .anySatisfy(l -> assertThat(l).startsWith("3;VENTAS;;rejected")); // in the file's dialect
        assertThat(Files.readAllLines(supportResult)).anySatisfy(l -> assertThat(l).startsWith("2,SOPORTE,HOST-2,created"));
        assertThat(sales.resolve("done").resolve("codes.csv")).exists();
        assertThat(support.resolve("processed").resolve("codes.csv")).exists();
        assertThat(support.resolve("done")).doesNotExist();
        assertThat(sandbox().activityCodes()).containsOnlyKeys("VENTAS|HOST-1", "SOPORTE|HOST-2"); // keyed type_code|cod_act
        // each inbox called Wolkvox with its own account's token
        lanes = host.getComponent("wolkvox", WolkvoxComponent.class).getLanes();
        assertThat(lanes.get("support").calls()).isEqualTo(1);
        assertThat(lanes.get("default").calls()).isEqualTo(defaultCallsBefore + 1);
        assertThat(sandbox().overlaps()).isZero();
    }

    @Test
    void hostRouteDialsThroughTheTemplatedRoute() {
        Object result = host.createProducerTemplate().requestBody("direct:call-order",
                Map.of("agent", "1002", "phone", "+57 300 555 0102", "id", "order-2", "name", "Luis"));

        assertThat(result).isInstanceOfSatisfying(DialResult.class, r -> assertThat(r.connId()).isNotBlank());
        assertThat(sandbox().dials()).singleElement()
                .satisfies(call -> assertThat(call.query()).containsEntry("agent_id", "1002"));
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
        // the first call and the host's wolkvox.retry.max-redeliveries=2 retries
        assertThat(sandbox().requests() - before).isEqualTo(3);
    }
}
