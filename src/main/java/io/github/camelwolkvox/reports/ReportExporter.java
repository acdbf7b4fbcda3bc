package io.github.camelwolkvox.reports;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.camelwolkvox.spreadsheet.SpreadsheetCsv;

/**
 * Writes a snapshot as CSV and JSON files named by report and UTC time, and replaces the report's
 * {@code latest} files. Every file is written under a hidden temporary name, flushed to disk, then
 * renamed atomically over its final name: a reader sees the old file or the new one, never half of
 * one. (Camel's file producer deletes an existing target before renaming its temp file, which
 * would leave a moment without a {@code latest} file.)
 */
public class ReportExporter {

    private static final Logger LOG = LoggerFactory.getLogger(ReportExporter.class);
    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern SNAPSHOT_FILE = Pattern.compile("([a-z0-9_-]+)-(\\d{8}T\\d{6}\\.\\d{3}Z)\\.(csv|json)");
    /** Temporary files of ours; one this old was left by a crash (a write takes milliseconds). */
    private static final Pattern TEMP_FILE = Pattern.compile("\\.[a-z0-9_-]+-.*\\.tmp");
    private static final Duration ABANDONED_TEMP = Duration.ofHours(1);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private String dir = "data/exports";
    private int retentionDays = 30;
    private char csvSeparator = ',';

    /** Writes the snapshot's files, then removes the snapshot files older than the retention. */
    public void export(Snapshot snapshot) throws IOException {
        Path folder = Path.of(dir);
        Files.createDirectories(folder);
        String base = snapshot.report().id();
        String stamped = base + "-" + STAMP.format(snapshot.takenAt());
        List<Map<String, String>> rows = snapshot.rows();
        byte[] csv = csv(snapshot.report(), rows);
        byte[] json = json(snapshot, rows);
        write(folder, stamped + ".csv", csv);
        write(folder, stamped + ".json", json);
        write(folder, base + "-latest.csv", csv);
        write(folder, base + "-latest.json", json);
        LOG.debug("Exported {} {} records to {}/{}.csv|json", snapshot.size(), base, folder, stamped);
        removeLeftovers(folder, snapshot.takenAt());
    }

    /** For spreadsheets (see {@link SpreadsheetCsv}): the separator set, UTF-8 with BOM, formulas neutralised. */
    byte[] csv(Report report, List<Map<String, String>> rows) {
        List<String> columns = report.columns(rows);
        return SpreadsheetCsv.bytes(csvSeparator, columns,
                rows.stream().map(row -> columns.stream().map(row::get).toList()).toList());
    }

    static byte[] json(Snapshot snapshot, List<Map<String, String>> rows) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("report", snapshot.report().id());
        root.put("snapshot_time", snapshot.time());
        root.put("count", snapshot.size());
        root.set("records", JSON.valueToTree(rows));
        return JSON.writeValueAsBytes(root);
    }

    private static void write(Path folder, String name, byte[] content) throws IOException {
        Path temp = SpreadsheetCsv.createTempFile(folder, "." + name + ".");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                // On disk before the rename, so a crash cannot leave a renamed but empty file.
                channel.force(true);
            }
            Files.move(temp, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Removes snapshot files older than the retention, and temporary files abandoned by a crash. */
    private void removeLeftovers(Path folder, Instant now) throws IOException {
        Instant cutoff = now.minus(Duration.ofDays(retentionDays));
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                Matcher m = SNAPSHOT_FILE.matcher(name);
                if (retentionDays > 0 && m.matches() && taken(m.group(2)).isBefore(cutoff)) {
                    Files.deleteIfExists(file);
                    LOG.info("Removed report export {} (older than wolkvox.reports.retention-days={})", file, retentionDays);
                } else if (TEMP_FILE.matcher(name).matches()
                        && Files.getLastModifiedTime(file).toInstant().isBefore(now.minus(ABANDONED_TEMP))) {
                    Files.deleteIfExists(file);
                    LOG.info("Removed temporary file {} left by an interrupted export", file);
                }
            }
        }
    }

    private static Instant taken(String stamp) {
        try {
            return STAMP.parse(stamp, Instant::from);
        } catch (DateTimeParseException e) {
            return Instant.MAX;
        }
    }

    public String getDir() {
        return dir;
    }

    /** Folder of the export files (created when missing). */
    public void setDir(String dir) {
        this.dir = dir;
    }

    public int getRetentionDays() {
        return retentionDays;
    }

    /** The CSV files' separator: {@code ,} or {@code ;} (what Excel in Spain and Latin America expects). */
    public void setCsvSeparator(String separator) {
        if (!",".equals(separator) && !";".equals(separator)) {
            throw new IllegalArgumentException("The report exports' CSV separator (wolkvox.reports.csv-separator,"
                    + " WOLKVOX_REPORTS_CSV_SEPARATOR) must be , or ; but is '" + separator + "'");
        }
        this.csvSeparator = separator.charAt(0);
    }

    /** Snapshot files older than this many days are removed; 0 keeps them all. */
    public void setRetentionDays(int retentionDays) {
        this.retentionDays = retentionDays;
    }
}
