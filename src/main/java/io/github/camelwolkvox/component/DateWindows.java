package io.github.camelwolkvox.component;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.camelwolkvox.component.WolkvoxValidationException.FieldError;

/**
 * Splits a report query whose date_ini..date_end spans more than the vendor's limit (31 days) into
 * consecutive windows of at most that many days that together cover the range exactly: each window
 * ends one second before the next begins (the vendor's dates are to the second, both ends included).
 */
final class DateWindows {

    static final String FROM = "date_ini";
    static final String TO = "date_end";
    static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");

    private DateWindows() {
    }

    /** The query once per window, in date order; the query itself when it has no range or a short one. */
    static List<Map<String, List<String>>> split(Map<String, List<String>> query, int maxDays) {
        List<String> from = query.get(FROM);
        List<String> to = query.get(TO);
        if (from == null || to == null || from.size() != 1 || to.size() != 1 || maxDays <= 0) {
            return List.of(query);
        }
        LocalDateTime start = parse(FROM, from.get(0));
        LocalDateTime end = parse(TO, to.get(0));
        if (end.isBefore(start)) {
            throw new WolkvoxValidationException(List.of(new FieldError(TO, "is before date_ini (" + from.get(0) + ")")));
        }
        Duration longest = Duration.ofDays(maxDays).minusSeconds(1);
        List<Map<String, List<String>>> windows = new ArrayList<>();
        for (LocalDateTime s = start; !s.isAfter(end); ) {
            LocalDateTime e = s.plus(longest).isBefore(end) ? s.plus(longest) : end;
            Map<String, List<String>> window = new LinkedHashMap<>(query);
            window.put(FROM, List.of(FORMAT.format(s)));
            window.put(TO, List.of(FORMAT.format(e)));
            windows.add(window);
            s = e.plusSeconds(1);
        }
        return windows;
    }

    private static LocalDateTime parse(String field, String value) {
        try {
            return LocalDateTime.parse(value.strip(), FORMAT);
        } catch (DateTimeParseException e) {
            throw new WolkvoxValidationException(List.of(new FieldError(field,
                    "must be a date-time as YYYYMMDDhhmmss (e.g. 20260131235959), got '" + value + "'")));
        }
    }
}
