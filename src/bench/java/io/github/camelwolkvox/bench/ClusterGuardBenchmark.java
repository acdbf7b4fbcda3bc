package io.github.camelwolkvox.bench;

import static io.github.camelwolkvox.bench.Figures.median;
import static io.github.camelwolkvox.bench.Figures.spread;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

import io.github.camelwolkvox.cluster.ClusterMembership;
import io.github.camelwolkvox.component.model.DialRequest;
import io.github.camelwolkvox.component.model.DialResult;
import io.github.camelwolkvox.db.WolkvoxDataSource;
import io.github.camelwolkvox.sandbox.WolkvoxSandbox;

/**
 * Item 6: what the cluster-wide token guard adds to a call. The same dials, the sandbox answering
 * at once, through a CamelContext in cluster mode (a PostgreSQL advisory lock per call, its turn
 * recorded and given back) and through one without it; the difference per call is the guard's
 * cost. Needs PostgreSQL: WOLKVOX_TEST_PG_URL (+ _USER, _PASSWORD), as for the tests; a schema of
 * its own, dropped afterwards.
 */
final class ClusterGuardBenchmark {

    private static final DialRequest DIAL = new DialRequest("1001", "+573001234567", "CC-1", "Ana Bench");

    private ClusterGuardBenchmark() {
    }

    static void run(Figures figures, int runs, int calls) throws Exception {
        String url = System.getenv("WOLKVOX_TEST_PG_URL");
        String label = "6. cluster token guard (local PostgreSQL), instant answers: ";
        if (url == null || url.isBlank()) {
            figures.info(label + "skipped", "no PostgreSQL: set WOLKVOX_TEST_PG_URL (eval \"$(.ci/postgres.sh start)\")");
            return;
        }
        String user = System.getenv().getOrDefault("WOLKVOX_TEST_PG_USER", "wolkvox");
        String password = System.getenv().getOrDefault("WOLKVOX_TEST_PG_PASSWORD", "");
        String schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(url, user, password); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        }
        WolkvoxSandbox sandbox = new WolkvoxSandbox(0);
        sandbox.start();
        WolkvoxDataSource db = new WolkvoxDataSource();
        db.setJdbcUrl(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        db.setUsername(user);
        db.setPassword(password);
        db.setSchemaScripts("classpath:db/queue-schema.sql");
        ClusterMembership cluster = new ClusterMembership();
        cluster.setEnabled(true);
        cluster.setDataSource(db);
        cluster.setInstanceName("bench");
        try (CamelContext alone = context(sandbox, "bench-guard-alone", null);
                CamelContext clustered = context(sandbox, "bench-guard-cluster", cluster)) {
            ProducerTemplate viaLane = alone.createProducerTemplate();
            ProducerTemplate viaGuard = clustered.createProducerTemplate();
            millisPerCall(viaLane, calls);
            millisPerCall(viaGuard, calls);
            List<Double> lane = new ArrayList<>();
            List<Double> guarded = new ArrayList<>();
            List<Double> cost = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                double a = r % 2 == 0 ? millisPerCall(viaLane, calls) : 0;
                double g = millisPerCall(viaGuard, calls);
                if (r % 2 == 1) {
                    a = millisPerCall(viaLane, calls);
                }
                lane.add(a);
                guarded.add(g);
                cost.add(g - a);
            }
            figures.info(label + "a dial, in-JVM lane only", spread(lane, "%.3f") + " ms");
            figures.info(label + "a dial, lane + cluster guard", spread(guarded, "%.3f") + " ms");
            figures.add(label + "guard's cost a call", spread(cost, "%.3f") + " ms", "<= 2 ms", median(cost) <= 2.0);
            figures.add(label + "calls that overlapped (sandbox count)", String.valueOf(sandbox.overlaps()), "0", sandbox.overlaps() == 0);
        } finally {
            sandbox.stop();
            db.close();
            try (Connection c = DriverManager.getConnection(url, user, password); Statement st = c.createStatement()) {
                st.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    private static CamelContext context(WolkvoxSandbox sandbox, String token, ClusterMembership cluster) {
        CamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().addInitialProperty("wolkvox.token", token);
        context.getPropertiesComponent().addInitialProperty("wolkvox.base-url", sandbox.baseUrl());
        if (cluster != null) {
            context.getRegistry().bind("wolkvoxCluster", cluster);
        }
        context.start();
        return context;
    }

    private static double millisPerCall(ProducerTemplate template, int calls) {
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            if (template.requestBody("wolkvox:dial", DIAL, DialResult.class).connId() == null) {
                throw new IllegalStateException("dial without conn_id");
            }
        }
        return (System.nanoTime() - start) / 1e6 / calls;
    }
}
