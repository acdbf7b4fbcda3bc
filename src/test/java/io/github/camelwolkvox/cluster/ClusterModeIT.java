package io.github.camelwolkvox.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.camelwolkvox.TestApplication;
import io.github.camelwolkvox.component.TurnGate;
import io.github.camelwolkvox.queue.RequestQueue;

/**
 * The switch: off by default; on, it needs PostgreSQL (with H2 the start fails naming the setting),
 * gives the process a unique name, a heartbeat row, the cluster-wide token guard and Quartz's
 * clustered store; and a live instance resolves the rows a dead one left IN_FLIGHT.
 */
class ClusterModeIT {

    @TempDir
    Path data;
    private Main app;
    private ClusterDatabase db;

    @AfterEach
    void stop() throws Exception {
        if (app != null) {
            app.stop();
        }
        if (db != null) {
            db.close();
        }
    }

    static Map<String, String> settings(Path data) {
        Map<String, String> s = TestApplication.isolatedSettings(data);
        s.put("camel.main.routes-include-pattern", "classpath:camel-wolkvox/templates/request-queue.camel.yaml,classpath:camel-wolkvox/templates/dead-letter.camel.yaml,classpath:camel-wolkvox/templates/retries.camel.yaml,"
                + "classpath:camel-wolkvox/templates/reports.camel.yaml,classpath:camel-wolkvox/templates/activity-codes-inbox.camel.yaml,"
                + "file:routes/dial-queue.camel.yaml,file:routes/activity-codes.camel.yaml,"
                + "file:routes/reports.camel.yaml,file:routes/dead-letter.camel.yaml");
        s.put("camel.main.routes-builder-classes", "io.github.camelwolkvox.sandbox.SandboxTourRoutes");
        s.put("camel.server.enabled", "false");
        s.put("camel.main.jmx-enabled", "false");
        s.put("wolkvox.sandbox.tour", "false");
        s.put("wolkvox.cluster.enabled", "true");
        s.put("wolkvox.cluster.heartbeat-interval", "200");
        s.put("wolkvox.cluster.lease", "1000");
        return s;
    }

    @Test
    void onH2TheStartFailsNamingTheSetting() {
        Map<String, String> s = settings(data);
        assertThatThrownBy(() -> app = TestApplication.start(s))
                .hasStackTraceContaining("wolkvox.cluster.enabled=true (WOLKVOX_CLUSTER_ENABLED) needs PostgreSQL, but"
                        + " wolkvox.db.url (WOLKVOX_DB_URL) is H2");
    }

    @Test
    void instancesStartingTogetherOnAnEmptyPostgresAllGetTheirTables() throws Exception {
        db = new ClusterDatabase();
        int instances = 4;
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(instances);
        List<java.util.concurrent.CompletableFuture<Void>> starts = new java.util.ArrayList<>();
        for (int i = 0; i < instances; i++) {
            String name = "start-" + i;
            starts.add(java.util.concurrent.CompletableFuture.runAsync(() -> {
                try (var ds = db.dataSource(name)) {
                    ds.setSchemaScripts("classpath:db/queue-schema.sql,classpath:db/reports-schema.sql,classpath:db/operations-schema.sql");
                    together.await();
                    ds.getConnection().close();
                    ClusterSchema.create(ds);
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }));
        }
        for (var start : starts) {
            start.get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertThat(db.count("SELECT COUNT(*) FROM qrtz_locks")).isZero();
        assertThat(db.count("SELECT COUNT(*) FROM wolkvox_cluster_instance")).isZero();
    }

    @Test
    void aLeaseShorterThanTwoHeartbeatsFailsTheStartNamingTheSetting() {
        Map<String, String> s = settings(data);
        s.put("wolkvox.cluster.lease", "300");
        assertThatThrownBy(() -> app = TestApplication.start(s))
                .hasStackTraceContaining("wolkvox.cluster.lease (WOLKVOX_CLUSTER_LEASE) must be at least twice"
                        + " wolkvox.cluster.heartbeat-interval: 300 < 2 x 200");
    }

    @Test
    void offByDefaultNothingOfItIsThere() throws Exception {
        Map<String, String> s = settings(data);
        s.remove("wolkvox.cluster.enabled");
        app = TestApplication.start(s);
        assertThat(app.getCamelContext().getRegistry().findByType(TurnGate.class)).isEmpty();
        assertThat(app.getCamelContext().getComponent("quartz", QuartzComponent.class).isClustered()).isFalse();
    }

    @Test
    void onPostgresAnInstanceHasAUniqueNameAHeartbeatTheGuardAndResolvesTheRowsOfTheDead() throws Exception {
        db = new ClusterDatabase();
        try (var ds = db.dataSource("setup")) {
            ds.getConnection().close(); // the queue tables
        }
        db.update(ClusterSchema.resource("db/cluster-schema.sql"));
        // "ghost" died 10 minutes ago mid-dial; "alive" is still beating
        db.update("INSERT INTO wolkvox_cluster_instance (instance_name, heartbeat_at) VALUES ('ghost', ?), ('alive', CURRENT_TIMESTAMP + INTERVAL '1 hour')",
                new Timestamp(System.currentTimeMillis() - 600_000));
        db.update("INSERT INTO wolkvox_dial_request (agent_id, customer_phone, status, claimed_by) VALUES"
                + " ('1', '+573000000001', 'IN_FLIGHT', 'ghost'), ('1', '+573000000002', 'IN_FLIGHT', 'ghost'),"
                + " ('1', '+573000000003', 'IN_FLIGHT', 'alive')");
        db.update("INSERT INTO wolkvox_interaction_request (\"from\", \"to\", subject, body, rp_id, status, claimed_by)"
                + " VALUES ('a', 'b', 's', 'b', '1', 'IN_FLIGHT', 'ghost')");
        Map<String, String> s = settings(data);
        s.putAll(db.settings());
        app = TestApplication.start(s);

        String name = app.getCamelContext().getRegistry().lookupByNameAndType("wolkvoxCluster", ClusterMembership.class).getInstanceName();
        assertThat(name).endsWith("-" + ProcessHandle.current().pid());
        assertThat(app.getCamelContext().getRegistry().lookupByNameAndType("wolkvoxQueue", RequestQueue.class).getInstanceName())
                .as("rows are claimed under the cluster name").isEqualTo(name);
        assertThat(app.getCamelContext().getRegistry().findByType(TurnGate.class)).hasSize(1);
        assertThat(app.getCamelContext().getComponent("quartz", QuartzComponent.class).isClustered()).isTrue();

        await().atMost(Duration.ofSeconds(20)).until(() -> db.count("SELECT COUNT(*) FROM wolkvox_dial_request WHERE status = 'UNKNOWN'"
                + " AND claimed_by = 'ghost' AND last_error LIKE '%instance ghost died during the call%'") == 2
                && db.count("SELECT COUNT(*) FROM wolkvox_interaction_request WHERE status = 'UNKNOWN'") == 1);
        assertThat(db.count("SELECT COUNT(*) FROM wolkvox_dial_request WHERE status = 'IN_FLIGHT' AND claimed_by = 'alive'"))
                .as("a live instance's call is left alone").isEqualTo(1);
        MeterRegistry meters = app.getCamelContext().getRegistry().findSingleByType(MeterRegistry.class);
        assertThat(meters.get("wolkvox.cluster.stranded.rows").tag("table", "wolkvox_dial_request").counter().count()).isEqualTo(2);

        Timestamp first = heartbeat(name);
        await().atMost(Duration.ofSeconds(10)).until(() -> heartbeat(name).after(first));
        app.stop();
        app = null;
        assertThat(db.count("SELECT COUNT(*) FROM wolkvox_cluster_instance WHERE instance_name = ? AND stopped_at IS NOT NULL", name))
                .as("a stopped instance says so at once").isEqualTo(1);
    }

    private Timestamp heartbeat(String name) throws Exception {
        try (var c = db.connect(); var st = c.prepareStatement("SELECT heartbeat_at FROM wolkvox_cluster_instance WHERE instance_name = ?")) {
            st.setString(1, name);
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getTimestamp(1);
            }
        }
    }
}
