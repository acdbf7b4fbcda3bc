package io.github.camelwolkvox.reports;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.github.camelwolkvox.component.model.Connector;
import io.github.camelwolkvox.component.model.RoutingPoint;

/**
 * A report on the schedule. The two typed information reports have fixed columns (the API field names
 * of their record, in the API's order) and history tables of their own; any other information or
 * reports_manager API is an API report: its columns are the fields its records carry, its history
 * rows are kept as JSON in one shared table, and its key column (for the change log) is a setting.
 */
public final class Report {

    public static final Report ROUTING_POINTS = new Report("routing-points", "routing_points", "information.php", "routing point",
            RoutingPoint.class, "wolkvox_routing_point_history", Set.of("last_use"), null);
    public static final Report CONNECTORS = new Report("connectors", "connectors", "information.php", "connector",
            Connector.class, "wolkvox_connector_history", Set.of(), null);
    /** History rows of the API reports: one JSON object per record. */
    static final String API_HISTORY_TABLE = "wolkvox_report_record";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String id;
    private final String api;
    private final String file;
    private final String label;
    private final Class<? extends Record> type;
    private final String historyTable;
    private final Set<String> untrackedColumns;
    private final List<String> columns;
    private final String key;

    private Report(String id, String api, String file, String label, Class<? extends Record> type, String historyTable,
                   Set<String> untrackedColumns, String key) {
        this.id = id;
        this.api = api;
        this.file = file;
        this.label = label;
        this.type = type;
        this.historyTable = historyTable;
        this.untrackedColumns = untrackedColumns;
        this.columns = type == null ? List.of() : Arrays.stream(type.getRecordComponents())
                .map(c -> c.getAccessor().getAnnotation(JsonProperty.class).value()).toList();
        this.key = key;
    }

    /**
     * An API report: the api of {@code file} (information.php, reports_manager.php); {@code key} the
     * field that identifies a record (empty: the first field of the records).
     *
     * @param untracked fields left out of the change log (they change with use, not configuration)
     */
    public static Report api(String api, String file, String key, Set<String> untracked) {
        return new Report(api, api, file, api + " record", null, API_HISTORY_TABLE, Set.copyOf(untracked),
                key == null || key.isBlank() ? null : key.strip());
    }

    /** The typed report named as in file names and routes (routing-points) or by its api (routing_points). */
    public static Report of(String id) {
        for (Report r : List.of(ROUTING_POINTS, CONNECTORS)) {
            String s = id.strip();
            if (r.id.equalsIgnoreCase(s) || r.api.equalsIgnoreCase(s) || r.id.replace('-', '_').equalsIgnoreCase(s)) {
                return r;
            }
        }
        throw new IllegalArgumentException("Unknown report '" + id + "': expected routing-points or connectors");
    }

    /** Whether this is an API report (columns from its records, history as JSON). */
    public boolean isApiReport() {
        return type == null;
    }

    /** One record as column -> value, in column order (nested values as JSON text). */
    public Map<String, String> row(Object record) {
        if (isApiReport()) {
            if (!(record instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException("A " + id + " report holds records as maps, not "
                        + (record == null ? "null" : record.getClass().getName()));
            }
            Map<String, String> row = new LinkedHashMap<>();
            map.forEach((k, v) -> row.put(String.valueOf(k), text(v)));
            return row;
        }
        if (!type.isInstance(record)) {
            throw new IllegalArgumentException("A " + id + " report holds " + type.getSimpleName() + " records, not "
                    + (record == null ? "null" : record.getClass().getName()));
        }
        Map<String, String> row = new LinkedHashMap<>();
        RecordComponent[] components = type.getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            try {
                Object value = components[i].getAccessor().invoke(record);
                row.put(columns.get(i), value == null ? null : value.toString());
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("Cannot read " + columns.get(i) + " of a " + label, e);
            }
        }
        return row;
    }

    private static String text(Object v) {
        if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) {
            return v == null ? null : v.toString();
        }
        try {
            return JSON.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            return v.toString();
        }
    }

    public String id() {
        return id;
    }

    /** The API pulled: routing_points, connectors, cdr_1, ... */
    public String api() {
        return api;
    }

    /** The file of the API: information.php or reports_manager.php. */
    public String file() {
        return file;
    }

    public String label() {
        return label;
    }

    /** The columns of a typed report. */
    public List<String> columns() {
        return columns;
    }

    /** The columns of these rows: the typed report's, or every field the records carry, first seen first. */
    public List<String> columns(List<Map<String, String>> rows) {
        if (!isApiReport()) {
            return columns;
        }
        Set<String> all = new LinkedHashSet<>();
        rows.forEach(r -> all.addAll(r.keySet()));
        return List.copyOf(all);
    }

    /** The column that identifies a record (rp_id, connector_id, the key setting of an API report). */
    public String keyColumn() {
        return isApiReport() ? key : columns.get(0);
    }

    /** The key column among these rows' columns. */
    String keyColumn(List<Map<String, String>> rows) {
        if (!isApiReport() || key != null) {
            return keyColumn();
        }
        List<String> cols = columns(rows);
        return cols.isEmpty() ? "" : cols.get(0);
    }

    public boolean tracked(String column) {
        return !column.equals(keyColumn()) && !untrackedColumns.contains(column);
    }

    public String historyTable() {
        return historyTable;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Report r && r.id.equals(id) && r.file.equals(file);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, file);
    }

    @Override
    public String toString() {
        return id.toLowerCase(Locale.ROOT);
    }
}
