package io.github.camelwolkvox.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.camelwolkvox.sandbox.SandboxFault;

/** A pull that fails (after the shared retries) leaves the last good export and history alone; the next tick tries again. */
class FailedPullIT {

    @TempDir
    Path dir;

    @Test
    void failedPullsKeepTheLastGoodExportAndTheNextTickRecovers() throws Exception {
        try (ReportsHarness h = new ReportsHarness(dir).set("wolkvox.reports.cron", "0/1 * * * * ?")
                .set("wolkvox.reports.allow-faster", "true").start()) {
            await().atMost(Duration.ofSeconds(15)).until(() -> Files.exists(dir.resolve("connectors-latest.json")));
            // Wolkvox starts failing: every answer an HTML 500 page, or a 200 whose envelope says 500, or garbage.
            Map<String, AtomicInteger> failed = new ConcurrentHashMap<>();
            AtomicBoolean failing = new AtomicBoolean();
            h.sandbox().setLatency(call -> {
                if (failing.get()) {
                    failed.computeIfAbsent(call.api(), a -> new AtomicInteger()).incrementAndGet();
                }
                return 0;
            });
            h.sandbox().setFaults(1.0, Set.of(SandboxFault.SERVER_ERROR, SandboxFault.ERROR_IN_200, SandboxFault.GARBAGE), 7);
            failing.set(true);
            // One pull per report at a time: once a report's call has failed, its last good pull is fully recorded.
            await().atMost(Duration.ofSeconds(15)).until(() -> failures(failed, "routing_points") >= 1 && failures(failed, "connectors") >= 1);
            Map<String, byte[]> good = files();
            long snapshots = h.count("SELECT count(*) FROM wolkvox_report_snapshot");

            // Several more ticks, each trying both reports (with a retry each): all fail.
            await().atMost(Duration.ofSeconds(20)).until(() -> failures(failed, "routing_points") >= 6 && failures(failed, "connectors") >= 6);
            assertThat(files()).as("no file added, removed, emptied or rewritten").containsOnlyKeys(good.keySet())
                    .allSatisfy((name, content) -> assertThat(content).isEqualTo(good.get(name)));
            assertThat(h.count("SELECT count(*) FROM wolkvox_report_snapshot")).isEqualTo(snapshots);
            assertThat(h.count("SELECT count(*) FROM wolkvox_report_change")).isZero();

            h.sandbox().setFaults(0.0, Set.of(), 7);
            await().atMost(Duration.ofSeconds(15)).until(() -> h.count("SELECT count(*) FROM wolkvox_report_snapshot") >= snapshots + 2);
            assertThat(dir.resolve("routing-points-latest.csv")).content().contains("Sales inbound");
        }
    }

    private static int failures(Map<String, AtomicInteger> failed, String api) {
        AtomicInteger n = failed.get(api);
        return n == null ? 0 : n.get();
    }

    /** Every visible file of the export folder and its bytes. */
    private Map<String, byte[]> files() throws Exception {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
                files.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }
}
