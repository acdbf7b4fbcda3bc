package io.github.camelwolkvox.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.TriggerKey;

import io.github.camelwolkvox.component.model.Connector;
import io.github.camelwolkvox.component.model.RoutingPoint;
import io.github.camelwolkvox.db.WolkvoxDataSource;
import io.github.camelwolkvox.sandbox.WolkvoxSandbox;

/**
 * A host's own CamelContext (no Camel Main, not the job's routes/reports.camel.yaml) running the
 * reports of two Wolkvox accounts from the template wolkvox-reports: each account is a sandbox of
 * its own over real HTTP that accepts only that account's token, so an export proves which account
 * it came from.
 */
class ReportsTemplateInHostIT {

    @TempDir
    Path dir;

    private final WolkvoxSandbox east = new WolkvoxSandbox(0);
    private final WolkvoxSandbox west = new WolkvoxSandbox(0);
    private WolkvoxDataSource db;
    /** Rows of this run only: a PostgreSQL database outlives the test. */
    private final OffsetDateTime started = OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1);
    private CamelContext host;

    @BeforeEach
    void startAccounts() {
        db = openDatabase();
        east.start();
        east.acceptTokens("token-east");
        west.start();
        west.acceptTokens("token-west");
        // West's operation has its routing point 101 renamed and no SMS connector.
        west.routingPoints().set(0, new RoutingPoint("101", "Ventas Occidente", "yes", "yes", "no", "yes", "2026-11-20 14:03:11"));
        west.connectors().removeIf(c -> c.channel().equals("sms_bidirect"));
    }

    @AfterEach
    void stop() {
        if (host != null) {
            host.stop();
        }
        east.stop();
        west.stop();
        if (db != null) {
            db.close();
        }
    }

    @Test
    void twoRoutesFromTheTemplateExportTheirOwnAccountsIntoTheirOwnFolders() throws Exception {
        host = hostContext(accounts());
        add("reports-east", "east", "0/1 * * * * ?", true);
        add("reports-west", "west", "0/2 * * * * ?", true);
        host.start();

        await().atMost(Duration.ofSeconds(15)).until(() -> snapshots("east", "connectors") >= 2 && snapshots("west", "connectors") >= 2);

        assertThat(ScheduledExportIT.csv(dir.resolve("east/routing-points-latest.csv"))).extracting(r -> r.get("rp_name"))
                .containsExactly("Sales inbound", "Customer care", "Collections");
        assertThat(ScheduledExportIT.csv(dir.resolve("west/routing-points-latest.csv"))).extracting(r -> r.get("rp_name"))
                .containsExactly("Ventas Occidente", "Customer care", "Collections");
        assertThat(ScheduledExportIT.csv(dir.resolve("east/connectors-latest.csv"))).extracting(r -> r.get("channel"))
                .containsExactly("chat-web", "whatsapp", "email", "sms_bidirect");
        assertThat(ScheduledExportIT.csv(dir.resolve("west/connectors-latest.csv"))).extracting(r -> r.get("channel"))
                .containsExactly("chat-web", "whatsapp", "email");

        // One database for both: each account's snapshots are compared only with its own, so nothing
        // "changed" although the two accounts differ (comparing across accounts would log changes).
        assertThat(snapshots("east", "routing-points")).isPositive();
        assertThat(snapshots("west", "routing-points")).isPositive();
        assertThat(count("SELECT count(*) FROM wolkvox_report_snapshot WHERE account = 'default' AND snapshot_time >= ?")).isZero();
        assertThat(count("SELECT count(*) FROM wolkvox_report_change WHERE snapshot_time >= ?")).isZero();
        // Only the account's own token is accepted by its sandbox (a wrong one would have exported nothing)
        assertThat(east.requests()).isPositive();
        assertThat(west.requests()).isPositive();
        assertThat(east.overlaps() + west.overlaps()).isZero();
        // Each route on its own trigger and cron
        assertThat(trigger("reports-east")).extracting(QuartzEndpoint::getTriggerKey, QuartzEndpoint::getCron)
                .containsExactly(new TriggerKey("east", "wolkvox-reports"), "0/1 * * * * ?");
        assertThat(trigger("reports-west")).extracting(QuartzEndpoint::getTriggerKey, QuartzEndpoint::getCron)
                .containsExactly(new TriggerKey("west", "wolkvox-reports"), "0/2 * * * * ?");
    }

    /**
     * The on-demand routes the REST API calls come with the template file, not the job's
     * routes/reports.camel.yaml: a host's route with onDemandBean=wolkvoxReports serves them; without
     * one a call says what is missing.
     */
    @Test
    void theOnDemandRoutesServeTheHostsRouteThatIsBoundForThem() throws Exception {
        host = hostContext(accounts());
        add("reports-east", "east", "0 0 3 * * ?", false, "wolkvoxReports"); // pulled on demand only
        host.start();

        Exchange answer = host.createProducerTemplate().request("direct:wolkvox-connectors-latest", e -> { });
        assertThat(answer.getException()).isNull();
        assertThat(answer.getMessage().getBody(List.class)).extracting(c -> ((Connector) c).channel())
                .containsExactly("chat-web", "whatsapp", "email", "sms_bidirect");
        assertThat(answer.getMessage().getHeader("CamelWolkvoxSnapshotTime", String.class)).isNotBlank();
        assertThat(dir.resolve("east/connectors-latest.csv")).exists();
    }

    @Test
    void withoutARouteBoundForThemTheOnDemandRoutesSaySo() throws Exception {
        host = hostContext(accounts());
        add("reports-east", "east", "0 0 3 * * ?", false);
        host.start();

        assertThatThrownBy(() -> host.createProducerTemplate().requestBody("direct:wolkvox-routing-points-latest", (Object) null))
                .hasStackTraceContaining("No reports route serves on-demand requests")
                .hasStackTraceContaining("onDemandBean=wolkvoxReports");
        assertThat(east.requests()).isZero();
    }

    @Test
    void aTooFastCronWithoutAllowFasterFailsTheStartNamingTheParameter() throws Exception {
        host = hostContext(accounts());
        add("reports-fast", "east", "0/1 * * * * ?", false);

        assertThatThrownBy(host::start)
                .hasStackTraceContaining("reports-fast")
                .hasStackTraceContaining("template parameter cron) '0/1 * * * * ?' pulls each report as often as every 1.0 s")
                .hasStackTraceContaining("template parameter allowFaster=true");
        assertThat(east.requests()).isZero();
    }

    @Test
    void anAccountWithoutATokenFailsTheStartNotTheFirstPull() throws Exception {
        Properties settings = accounts();
        settings.setProperty("wolkvox.sandbox.enabled", "false");
        host = hostContext(settings);
        add("reports-north", "north", "0 0/5 * * * ?", false);

        assertThatThrownBy(host::start).hasStackTraceContaining("reports-north")
                .hasStackTraceContaining("No Wolkvox token for account 'north': set wolkvox.accounts.north.token");
    }

    /** The two accounts, each on its own sandbox, with quick retries. */
    private Properties accounts() {
        Properties settings = new Properties();
        settings.setProperty("wolkvox.accounts.east.token", "token-east");
        settings.setProperty("wolkvox.accounts.east.base-url", east.baseUrl());
        settings.setProperty("wolkvox.accounts.west.token", "token-west");
        settings.setProperty("wolkvox.accounts.west.base-url", west.baseUrl());
        settings.setProperty("wolkvox.retry.initial-delay", "10");
        return settings;
    }

    private CamelContext hostContext(Properties settings) throws Exception {
        CamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setLocation("classpath:camel-wolkvox/application.properties");
        context.getPropertiesComponent().setOverrideProperties(settings);
        context.getRegistry().bind("reportsDb", db);
        PluginHelper.getRoutesLoader(context).loadRoutes(
                ResourceHelper.resolveResource(context, "classpath:camel-wolkvox/templates/retries.camel.yaml"),
                ResourceHelper.resolveResource(context, "classpath:camel-wolkvox/templates/reports.camel.yaml"));
        return context;
    }

    private void add(String routeId, String account, String cron, boolean allowFaster) throws Exception {
        add(routeId, account, cron, allowFaster, "");
    }

    private void add(String routeId, String account, String cron, boolean allowFaster, String onDemandBean) throws Exception {
        TemplatedRouteBuilder.builder(host, "wolkvox-reports").routeId(routeId)
                .parameter("onDemandBean", onDemandBean)
                .parameter("triggerName", "wolkvox-reports/" + account)
                .parameter("cron", cron)
                .parameter("allowFaster", String.valueOf(allowFaster))
                .parameter("dir", dir.resolve(account).toString())
                .parameter("account", account)
                .parameter("dataSource", "reportsDb")
                .add();
    }

    private QuartzEndpoint trigger(String routeId) {
        return (QuartzEndpoint) host.getRoute(routeId).getEndpoint();
    }

    /** The database both routes record into: H2 here, PostgreSQL in the subclass. */
    WolkvoxDataSource openDatabase() {
        WolkvoxDataSource ds = new WolkvoxDataSource();
        ds.setJdbcUrl("jdbc:h2:mem:reports-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
        ds.setUsername("sa");
        ds.setSchemaScripts("classpath:db/reports-schema.sql");
        return ds;
    }

    private long snapshots(String account, String report) throws SQLException {
        return count("SELECT count(*) FROM wolkvox_report_snapshot WHERE account = '" + account + "' AND report = '" + report
                + "' AND snapshot_time >= ?");
    }

    /** A count over this run's rows: the one parameter is when the test started. */
    private long count(String sql) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setObject(1, started);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
