package io.github.camelwolkvox.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.camelwolkvox.component.WolkvoxApiException;
import io.github.camelwolkvox.component.model.Connector;
import io.github.camelwolkvox.component.model.RoutingPoint;
import io.github.camelwolkvox.sandbox.SandboxFault;

/** direct:wolkvox-routing-points-latest / direct:wolkvox-connectors-latest, the contract the REST API uses. */
class OnDemandSnapshotIT {

    private static final String SNAPSHOT_TIME = "CamelWolkvoxSnapshotTime";

    @TempDir
    Path dir;

    @Test
    void aFreshSnapshotIsServedWithoutCallingWolkvox() throws Exception {
        try (ReportsHarness h = new ReportsHarness(dir).start()) {
            ProducerTemplate template = h.context.createProducerTemplate();
            long before = h.sandbox().requests();

            Exchange first = template.request("direct:wolkvox-routing-points-latest", e -> { });
            assertThat(first.getException()).isNull();
            assertThat(h.sandbox().requests()).isEqualTo(before + 1);
            List<?> body = first.getMessage().getBody(List.class);
            assertThat(body).hasSize(3).allSatisfy(r -> assertThat(r).isInstanceOf(RoutingPoint.class));
            String time = first.getMessage().getHeader(SNAPSHOT_TIME, String.class);
            assertThat(Instant.parse(time)).isBetween(Instant.now().minusSeconds(60), Instant.now());

            Exchange second = template.request("direct:wolkvox-routing-points-latest", e -> { });
            assertThat(h.sandbox().requests()).as("served from the snapshot").isEqualTo(before + 1);
            assertThat(second.getMessage().getHeader(SNAPSHOT_TIME, String.class)).isEqualTo(time);
            assertThat(second.getMessage().getBody(List.class)).isEqualTo(body);

            // The on-demand pull is recorded like a scheduled one.
            assertThat(dir.resolve("routing-points-latest.csv")).exists();
            assertThat(h.count("SELECT count(*) FROM wolkvox_report_snapshot WHERE report = 'routing-points'")).isEqualTo(1);

            Exchange connectors = template.request("direct:wolkvox-connectors-latest", e -> { });
            assertThat(connectors.getMessage().getBody(List.class)).hasSize(4)
                    .allSatisfy(c -> assertThat(c).isInstanceOf(Connector.class));
            assertThat(h.sandbox().requests()).isEqualTo(before + 2);
        }
    }

    @Test
    void aStaleSnapshotIsPulledAnew() throws Exception {
        try (ReportsHarness h = new ReportsHarness(dir).set("wolkvox.reports.allow-faster", "true")
                .set("wolkvox.reports.max-age", "0").start()) {
            ProducerTemplate template = h.context.createProducerTemplate();
            long before = h.sandbox().requests();
            template.requestBody("direct:wolkvox-connectors-latest", null, List.class);
            h.sandbox().connectors().remove(0);
            List<?> second = template.requestBody("direct:wolkvox-connectors-latest", null, List.class);
            assertThat(second).hasSize(3);
            assertThat(h.sandbox().requests()).isEqualTo(before + 2);
        }
    }

    @Test
    void concurrentCallersShareOnePull() throws Exception {
        int callers = 8;
        try (ReportsHarness h = new ReportsHarness(dir).start()) {
            h.sandbox().setLatencyMillis(400);
            ProducerTemplate template = h.context.createProducerTemplate();
            long before = h.sandbox().requests();
            ExecutorService pool = Executors.newFixedThreadPool(callers);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<String>> times = new ArrayList<>();
                for (int i = 0; i < callers; i++) {
                    times.add(pool.submit(() -> {
                        go.await();
                        Exchange e = template.request("direct:wolkvox-routing-points-latest", x -> { });
                        assertThat(e.getException()).isNull();
                        assertThat(e.getMessage().getBody(List.class)).hasSize(3);
                        return e.getMessage().getHeader(SNAPSHOT_TIME, String.class);
                    }));
                }
                go.countDown();
                Set<String> distinct = new java.util.HashSet<>();
                for (Future<String> t : times) {
                    distinct.add(t.get(30, TimeUnit.SECONDS));
                }
                assertThat(distinct).as("one snapshot served every caller").hasSize(1);
            } finally {
                pool.shutdownNow();
            }
            assertThat(h.sandbox().requests()).as("one upstream call for %d callers", callers).isEqualTo(before + 1);
            assertThat(h.sandbox().overlaps()).isZero();
        }
    }

    @Test
    void aFailedPullReachesTheCallerAsTheWolkvoxError() throws Exception {
        try (ReportsHarness h = new ReportsHarness(dir).start()) {
            h.sandbox().setFaults(1.0, Set.of(SandboxFault.SERVER_ERROR), 1);
            ProducerTemplate template = h.context.createProducerTemplate();
            assertThatThrownBy(() -> template.requestBody("direct:wolkvox-routing-points-latest", null, List.class))
                    .isInstanceOf(CamelExecutionException.class)
                    .cause().isInstanceOf(WolkvoxApiException.class).hasMessageContaining("SERVER_ERROR");
            assertThat(dir.resolve("routing-points-latest.csv")).doesNotExist();
            assertThat(h.count("SELECT count(*) FROM wolkvox_report_snapshot")).isZero();
        }
    }
}
