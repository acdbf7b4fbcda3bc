package io.github.camelwolkvox.reports;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import org.apache.camel.FailedToCreateRouteException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.camelwolkvox.sandbox.SandboxCall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Any information/reports_manager API on the schedule: files, history, rolling windows, export now, start-up checks. */
class ApiReportsIT {

    @TempDir
    Path dir;

    @Test
    void anyReportIsPulledOnTheScheduleWithItsRollingWindowAndExported() throws Exception {
        try (ReportsHarness h = new ReportsHarness(dir).set("wolkvox.reports.allow-faster", "true")
                .set("wolkvox.reports.cron", "0/1 * * * * ?")
                .set("wolkvox.reports.apis", "routing_points,cdr_1,agents")
                .set("wolkvox.reports.api.cdr_1.window", "yesterday")
                .set("wolkvox.reports.api.agents.key", "agent_id").start()) {
            await().until(() -> dir.resolve("cdr_1-latest.csv").toFile().exists() && dir.resolve("agents-latest.csv").toFile().exists()
                    && dir.resolve("routing-points-latest.csv").toFile().exists());
            String yesterday = LocalDate.now().minusDays(1).format(DateTimeFormatter.BASIC_ISO_DATE);
            SandboxCall cdr = h.sandbox().catalogue().calls("reports_manager", "cdr_1").get(0);
            assertThat(cdr.query()).containsEntry("date_ini", yesterday + "000000").containsEntry("date_end", yesterday + "235959");
            List<org.apache.commons.csv.CSVRecord> rows = ScheduledExportIT.csv(dir.resolve("cdr_1-latest.csv"));
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0).get("date")).isEqualTo(LocalDate.now().minusDays(1).toString());
            assertThat(ScheduledExportIT.csv(dir.resolve("agents-latest.csv"))).extracting(r -> r.get("agent_name"))
                    .containsExactly("Agent 1", "Agent 2", "Agent 3");
            // the history is written after the files: wait for it rather than race it
            await().untilAsserted(() -> assertThat(h.count("SELECT count(*) FROM wolkvox_report_snapshot WHERE report = 'agents'")).isPositive());
            assertThat(h.rows("SELECT record_key FROM wolkvox_report_record r JOIN wolkvox_report_snapshot s"
                    + " ON r.snapshot_id = s.snapshot_id WHERE s.report = 'agents' ORDER BY s.snapshot_id, r.position").subList(0, 3))
                    .containsExactly("1001", "1002", "1003");
        }
    }

    @Test
    void exportNowServesTheLatestSnapshotWithinFiveMinutes() throws Exception {
        try (ReportsHarness h = new ReportsHarness(dir).set("wolkvox.reports.apis", "connectors,campaigns").start()) {
            ReportSnapshots reports = h.context.getRegistry().lookupByNameAndType("wolkvoxReports", ReportSnapshots.class);
            long before = h.sandbox().requests();
            Map<String, Object> first = reports.exportNow("campaigns");
            Map<String, Object> second = reports.exportNow("campaigns");
            assertThat(h.sandbox().requests()).isEqualTo(before + 1);
            assertThat(second.get("snapshot_time")).isEqualTo(first.get("snapshot_time"));
            assertThat((Long) second.get("age_ms")).isGreaterThanOrEqualTo((Long) first.get("age_ms"));
            assertThat(first).containsEntry("count", 3).containsEntry("csv", "campaigns-latest.csv");
            assertThat(dir.resolve("campaigns-latest.json")).exists();
        }
    }

    @Test
    void anUnknownReportApiFailsTheStartNamingTheNearest() {
        ReportsHarness h = new ReportsHarness(dir).set("wolkvox.reports.apis", "routing_points,cdr_01");
        assertThatThrownBy(h::start).isInstanceOf(FailedToCreateRouteException.class)
                .hasStackTraceContaining("wolkvox.reports.apis (template parameter apis): Unknown Wolkvox api 'cdr_01'")
                .hasStackTraceContaining("'cdr_1'");
        ReportsHarness write = new ReportsHarness(dir).set("wolkvox.reports.apis", "add_record").set("wolkvox.reports.api.add_record.file", "campaign");
        assertThatThrownBy(write::start).hasStackTraceContaining("is no report");
        ReportsHarness window = new ReportsHarness(dir).set("wolkvox.reports.apis", "cdr_1").set("wolkvox.reports.api.cdr_1.window", "last-week");
        assertThatThrownBy(window::start).hasStackTraceContaining("wolkvox.reports.api.cdr_1.window 'last-week' is not a report window");
    }
}
