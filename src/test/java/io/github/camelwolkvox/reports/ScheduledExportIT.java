package io.github.camelwolkvox.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quartz schedule exports both reports as CSV, JSON, latest files and history rows. */
class ScheduledExportIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void everyTickExportsBothReportsAsFilesAndHistory() throws Exception {
        Path expired = Files.writeString(dir.resolve("connectors-20200101T000000.000Z.csv"), "old");
        Path userFile = Files.writeString(dir.resolve("notes.csv"), "keep me");
        try (ReportsHarness h = new ReportsHarness(dir).set("wolkvox.reports.cron", "0/1 * * * * ?")
                .set("wolkvox.reports.allow-faster", "true").start()) {
            await().atMost(Duration.ofSeconds(15)).until(() -> h.count(
                    "SELECT count(*) FROM wolkvox_report_snapshot WHERE report = 'connectors'") >= 2);

            List<CSVRecord> rps = csv(dir.resolve("routing-points-latest.csv"));
            assertThat(rps).extracting(r -> r.get("rp_id")).containsExactly("101", "102", "103");
            assertThat(rps.get(1).toMap()).containsEntry("rp_name", "Customer care").containsEntry("ivr_active", "yes")
                    .containsEntry("chat_active", "no").containsEntry("last_use", "2026-11-20 15:41:02");
            List<CSVRecord> connectors = csv(dir.resolve("connectors-latest.csv"));
            assertThat(connectors).extracting(r -> r.get("channel")).containsExactly("chat-web", "whatsapp", "email", "sms_bidirect");

            JsonNode json = JSON.readTree(dir.resolve("routing-points-latest.json").toFile());
            assertThat(json.path("report").asText()).isEqualTo("routing-points");
            assertThat(json.path("count").asInt()).isEqualTo(3);
            assertThat(json.path("records").get(0).path("rp_name").asText()).isEqualTo("Sales inbound");
            String time = json.path("snapshot_time").asText();
            // The latest file is a copy of the newest snapshot file, named by report and UTC time.
            Path stamped = dir.resolve("routing-points-" + ReportExporter.STAMP.format(java.time.Instant.parse(time)) + ".json");
            assertThat(stamped).hasSameBinaryContentAs(dir.resolve("routing-points-latest.json"));

            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.matches("connectors-\\d{8}T.*Z\\.csv")))
                        .hasSizeGreaterThanOrEqualTo(2);
            }
            assertThat(expired).doesNotExist();
            assertThat(userFile).exists();

            long snapshots = h.count("SELECT count(*) FROM wolkvox_report_snapshot WHERE report = 'routing-points'");
            assertThat(h.count("SELECT count(*) FROM wolkvox_routing_point_history h JOIN wolkvox_report_snapshot s"
                    + " ON s.snapshot_id = h.snapshot_id WHERE s.report = 'routing-points'")).isEqualTo(3 * snapshots);
            assertThat(h.count("SELECT count(*) FROM wolkvox_report_change")).isZero();
            assertThat(h.sandbox().overlaps()).isZero();
        }
    }

    /** An export's rows: UTF-8 after its byte-order mark (so Excel shows the accents), comma-separated. */
    static List<CSVRecord> csv(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text).as("byte-order mark of " + file).startsWith("\uFEFF");
        try (Reader in = new StringReader(text.substring(1))) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in).getRecords();
        }
    }
}
