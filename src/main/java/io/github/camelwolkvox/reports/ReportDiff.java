package io.github.camelwolkvox.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The changes between two snapshots of one report, records matched by their key column. */
final class ReportDiff {

    private ReportDiff() {
    }

    static List<ReportChange> between(Report report, List<Map<String, String>> previous, List<Map<String, String>> current) {
        String key = report.keyColumn(current.isEmpty() ? previous : current);
        List<String> columns = new ArrayList<>(report.columns(previous));
        report.columns(current).stream().filter(c -> !columns.contains(c)).forEach(columns::add);
        Map<String, Map<String, String>> before = byKey(key, previous);
        Map<String, Map<String, String>> after = byKey(key, current);
        List<ReportChange> changes = new ArrayList<>();
        after.forEach((id, now) -> {
            Map<String, String> then = before.get(id);
            if (then == null) {
                changes.add(ReportChange.appeared(report, id));
                return;
            }
            for (String column : columns) {
                if (!column.equals(key) && report.tracked(column) && !Objects.equals(then.get(column), now.get(column))) {
                    changes.add(ReportChange.changed(report, id, column, then.get(column), now.get(column)));
                }
            }
        });
        before.keySet().stream().filter(id -> !after.containsKey(id))
                .forEach(id -> changes.add(ReportChange.disappeared(report, id)));
        return changes;
    }

    private static Map<String, Map<String, String>> byKey(String key, List<Map<String, String>> rows) {
        Map<String, Map<String, String>> byKey = new LinkedHashMap<>();
        rows.forEach(row -> byKey.put(row.get(key), row));
        return byKey;
    }
}
