package io.github.camelwolkvox.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.camelwolkvox.component.model.RoutingPoint;

/** A reader of the export folder never sees half a file, nor a moment without the latest file. */
class ReportExporterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void readersSeeTheOldOrTheNewLatestFileNeverAPartOfOne() throws Exception {
        ReportExporter exporter = new ReportExporter();
        exporter.setDir(dir.toString());
        // Two snapshots of very different sizes (about 80 KB and 1 KB): a torn or truncated read shows.
        Snapshot big = snapshot(1_000, Instant.now());
        Snapshot small = snapshot(10, Instant.now());
        Set<String> complete = Set.of(csv(big), csv(small));
        exporter.export(small);

        AtomicBoolean writing = new AtomicBoolean(true);
        CompletableFuture<List<String>> reader = CompletableFuture.supplyAsync(() -> {
            List<String> problems = new ArrayList<>();
            int reads = 0;
            while (writing.get() || reads < 50) {
                try {
                    String content = Files.readString(dir.resolve("routing-points-latest.csv"));
                    if (!complete.contains(content)) {
                        problems.add("partial latest file of " + content.length() + " chars");
                    }
                    JSON.readTree(dir.resolve("routing-points-latest.json").toFile());
                } catch (NoSuchFileException e) {
                    problems.add("latest file missing for a moment");
                } catch (Exception e) {
                    problems.add(e.toString());
                }
                reads++;
            }
            problems.add("reads=" + reads);
            return problems;
        });
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (int i = 0; i < 10; i++) {
            Snapshot s = i % 2 == 0 ? big : small;
            exporter.export(new Snapshot(s.report(), t.plusMillis(i), s.records()));
        }
        writing.set(false);
        List<String> problems = reader.get(60, TimeUnit.SECONDS);
        assertThat(problems).hasSize(1).first().asString().startsWith("reads=");

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("no temp file left behind").noneMatch(n -> n.endsWith(".tmp"))
                    .filteredOn(n -> n.matches("routing-points-\\d{8}T\\d{6}\\.\\d{3}Z\\.csv")).hasSize(11);
        }
    }

    @Test
    void snapshotsOlderThanTheRetentionAndAbandonedTempFilesAreRemovedOtherFilesAreKept() throws Exception {
        ReportExporter exporter = new ReportExporter();
        exporter.setDir(dir.toString());
        exporter.setRetentionDays(7);
        Instant now = Instant.parse("2026-11-21T12:00:00Z");
        Path old = Files.writeString(dir.resolve("routing-points-20261113T115959.999Z.json"), "{}");
        Path recent = Files.writeString(dir.resolve("routing-points-20261114T120000.001Z.json"), "{}");
        Path other = Files.writeString(dir.resolve("routing-points-20200101T000000.000Z.csv.bak"), "");
        Path abandoned = Files.writeString(dir.resolve(".routing-points-latest.csv.4711.tmp"), "half");
        Files.setLastModifiedTime(abandoned, FileTime.from(now.minus(2, ChronoUnit.HOURS)));
        Path writing = Files.writeString(dir.resolve(".connectors-latest.csv.4712.tmp"), "being written");
        Files.setLastModifiedTime(writing, FileTime.from(now.minusSeconds(1)));
        exporter.export(snapshot(3, now));
        assertThat(old).doesNotExist();
        assertThat(recent).exists();
        assertThat(other).exists();
        assertThat(abandoned).doesNotExist();
        assertThat(writing).exists();
        assertThat(dir.resolve("routing-points-20261121T120000.000Z.csv")).exists();
    }

    /** For Excel in Spain and Latin America: ';', UTF-8 with BOM, formulas neutralised, the JSON as it was; readable by others. */
    @Test
    void csvExportsAreSpreadsheetSafeInTheSeparatorSetAndReadableByOthers() throws Exception {
        ReportExporter exporter = new ReportExporter();
        exporter.setDir(dir.toString());
        exporter.setCsvSeparator(";");
        Snapshot s = new Snapshot(Report.ROUTING_POINTS, Instant.parse("2026-12-02T06:00:00Z"), List.of(
                new RoutingPoint("1001", "=HYPERLINK(\"http://evil.example\")", "yes", "no", "yes", "no", "2026-11-20 14:03:11"),
                new RoutingPoint("-7", "Atención; Bogotá", "yes", "no", "yes", "no", "@now")));

        exporter.export(s);

        Path csv = dir.resolve("routing-points-latest.csv");
        String text = Files.readString(csv, StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFFrp_id;rp_name;");
        assertThat(text).contains("\r\n1001;\"'=HYPERLINK(\"\"http://evil.example\"\")\";yes;")
                .contains("\r\n-7;\"Atención; Bogotá\";yes;no;yes;no;'@now\r\n");
        assertThat(JSON.readTree(dir.resolve("routing-points-latest.json").toFile()).get("records").get(0).get("rp_name").asText())
                .isEqualTo("=HYPERLINK(\"http://evil.example\")");
        Set<PosixFilePermission> umask = Files.getPosixFilePermissions(Files.createFile(dir.resolve("umask-probe")));
        assertThat(Files.getPosixFilePermissions(csv)).isEqualTo(umask).contains(PosixFilePermission.OWNER_READ);
        assertThat(Files.getPosixFilePermissions(dir.resolve("routing-points-latest.json"))).isEqualTo(umask);
    }

    @Test
    void aSeparatorOtherThanCommaOrSemicolonIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new ReportExporter().setCsvSeparator("|"))
                .hasMessage("The report exports' CSV separator (wolkvox.reports.csv-separator, WOLKVOX_REPORTS_CSV_SEPARATOR)"
                        + " must be , or ; but is '|'");
    }

    private static String csv(Snapshot s) throws Exception {
        return new String(new ReportExporter().csv(s.report(), s.rows()), StandardCharsets.UTF_8);
    }

    private static Snapshot snapshot(int size, Instant at) {
        List<RoutingPoint> rps = IntStream.range(0, size).mapToObj(i -> new RoutingPoint(String.valueOf(1000 + i),
                "Punto de atención \"" + i + "\", Bogotá", "yes", "no", "yes", "no", "2026-11-20 14:03:11")).toList();
        return new Snapshot(Report.ROUTING_POINTS, at.truncatedTo(ChronoUnit.MILLIS), rps);
    }
}
