package io.github.camelwolkvox.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.camelwolkvox.sandbox.SandboxFault;

/** A pull that fails (after the shared retries) leaves the last good export and history alone; the next tick tries again. */
class FailedPullTest {

    @TempDir
    Path dir;

    @Test
    void failedPullsKeepTheLastGoodExportAndTheNextTickRecovers() throws Exception {
        try (ReportsHarness h = new ReportsHarness(dir).set("wolkvox.reports.cron", "0/1 * * * * ?")
                .set("wolkvox.reports.allow-faster", "true").start()) {
            await().atMost(Duration.ofSeconds(15)).until(() -> Files.exists(dir.resolve("connectors-latest.json")));
            // Wolkvox starts failing: every answer an HTML 500 page, or a 200 whose envelope says 500, or garbage.
            h.sandbox().setFaults(1.0, Set.of(SandboxFault.SERVER_ERROR, SandboxFault.ERROR_IN_200, SandboxFault.GARBAGE), 7);
            long requestsAtFailure = h.sandbox().requests();
            // A pull in flight when the faults were switched on may still finish; wait until it has.
            await().atMost(Duration.ofSeconds(15)).until(() -> h.sandbox().requests() >= requestsAtFailure + 2);
            Map<String, byte[]> good = files();
            long snapshots = h.count("SELECT count(*) FROM wolkvox_report_snapshot");

            // Several more ticks, each trying both reports (with a retry each): all fail.
            await().atMost(Duration.ofSeconds(20)).until(() -> h.sandbox().requests() >= requestsAtFailure + 12);
            assertThat(files()).as("no file added, removed, emptied or rewritten").containsOnlyKeys(good.keySet())
                    .allSatisfy((name, content) -> assertThat(content).isEqualTo(good.get(name)));
            assertThat(h.count("SELECT count(*) FROM wolkvox_report_snapshot")).isEqualTo(snapshots);
            assertThat(h.count("SELECT count(*) FROM wolkvox_report_change")).isZero();

            h.sandbox().setFaults(0.0, Set.of(), 7);
            await().atMost(Duration.ofSeconds(15)).until(() -> h.count("SELECT count(*) FROM wolkvox_report_snapshot") >= snapshots + 2);
            assertThat(dir.resolve("routing-points-latest.csv")).content().contains("Sales inbound");
        }
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
