package io.github.camelwolkvox.reports;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One pull of a report: the records as the component returned them, and when they were taken (UTC). */
public record Snapshot(Report report, Instant takenAt, List<?> records) {

    public Snapshot {
        records = List.copyOf(records);
    }

    /** The records as column -> value maps (CSV lines, JSON objects, history rows). */
    public List<Map<String, String>> rows() {
        return records.stream().map(report::row).toList();
    }

    /** The snapshot time as ISO-8601 UTC, e.g. 2026-11-21T13:35:00.123Z. */
    public String time() {
        return takenAt.toString();
    }

    public int size() {
        return records.size();
    }
}
