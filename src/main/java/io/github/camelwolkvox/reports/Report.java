package io.github.camelwolkvox.reports;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.camelwolkvox.component.model.Connector;
import io.github.camelwolkvox.component.model.RoutingPoint;

/**
 * The two Wolkvox information reports. Columns are the API field names of the report's record, in
 * the API's order; they name the CSV header, the JSON keys and the history table's columns.
 */
public enum Report {

    ROUTING_POINTS("routing-points", "routing point", RoutingPoint.class, "wolkvox_routing_point_history",
            Set.of("last_use")),
    CONNECTORS("connectors", "connector", Connector.class, "wolkvox_connector_history", Set.of());

    private final String id;
    private final String label;
    private final Class<? extends Record> type;
    private final String historyTable;
    private final Set<String> untrackedColumns;
    private final List<String> columns;

    /**
     * @param untrackedColumns columns that change with use rather than configuration (last_use), left
     *                         out of the change log so that it lists what somebody changed
     */
    Report(String id, String label, Class<? extends Record> type, String historyTable, Set<String> untrackedColumns) {
        this.id = id;
        this.label = label;
        this.type = type;
        this.historyTable = historyTable;
        this.untrackedColumns = untrackedColumns;
        this.columns = Arrays.stream(type.getRecordComponents())
                .map(c -> c.getAccessor().getAnnotation(JsonProperty.class).value()).toList();
    }

    /** The report named as in file names and routes: routing-points or connectors. */
    public static Report of(String id) {
        for (Report r : values()) {
            if (r.id.equalsIgnoreCase(id.strip()) || r.name().equalsIgnoreCase(id.strip())) {
                return r;
            }
        }
        throw new IllegalArgumentException("Unknown report '" + id + "': expected routing-points or connectors");
    }

    /** One record as column -> value, in column order. */
    public Map<String, String> row(Object record) {
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

    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    public List<String> columns() {
        return columns;
    }

    /** The column that identifies a record (rp_id, connector_id). */
    public String keyColumn() {
        return columns.get(0);
    }

    public boolean tracked(String column) {
        return !column.equals(keyColumn()) && !untrackedColumns.contains(column);
    }

    public String historyTable() {
        return historyTable;
    }

    @Override
    public String toString() {
        return id;
    }
}
