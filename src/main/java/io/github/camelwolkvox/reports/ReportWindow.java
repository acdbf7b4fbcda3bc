package io.github.camelwolkvox.reports;

import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rolling date range of a report pulled on a schedule, as date_ini/date_end (YYYYMMDDhhmmss, the
 * JVM's time zone): {@code yesterday}, {@code today} (midnight until now), {@code last-N-days} or
 * {@code last-N-hours} (until now). Ranges over 31 days are split by the component.
 */
final class ReportWindow {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");
    private static final Pattern LAST = Pattern.compile("last-(\\d{1,4})-(days|hours)");

    private ReportWindow() {
    }

    /** Fails with a message naming {@code setting} when the window is none of the known forms. */
    static void check(String window, String setting) {
        range(window, setting, Clock.systemDefaultZone());
    }

    static Map<String, String> range(String window, String setting, Clock clock) {
        LocalDateTime now = LocalDateTime.now(clock).withNano(0);
        LocalDate today = now.toLocalDate();
        String w = window.strip().toLowerCase(java.util.Locale.ROOT);
        Matcher last = LAST.matcher(w);
        LocalDateTime from;
        LocalDateTime to = now;
        if ("yesterday".equals(w)) {
            from = today.minusDays(1).atStartOfDay();
            to = today.atStartOfDay().minusSeconds(1);
        } else if ("today".equals(w)) {
            from = today.atStartOfDay();
        } else if (last.matches()) {
            long n = Long.parseLong(last.group(1));
            from = "days".equals(last.group(2)) ? now.minusDays(n) : now.minusHours(n);
        } else {
            throw new IllegalArgumentException(setting + " '" + window + "' is not a report window: use yesterday, today,"
                    + " last-N-days or last-N-hours (e.g. last-7-days)");
        }
        return Map.of("date_ini", FORMAT.format(from), "date_end", FORMAT.format(to));
    }
}
