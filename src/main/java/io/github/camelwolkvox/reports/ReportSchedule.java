package io.github.camelwolkvox.reports;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.TimeZone;

import org.quartz.CronExpression;

/**
 * Keeps the report schedule within the vendor's cadence: Wolkvox asks for the information reports
 * to be pulled no more often than once every 5 minutes.
 */
final class ReportSchedule {

    /** The vendor's cadence for the information reports. */
    static final Duration VENDOR_MINIMUM = Duration.ofMinutes(5);
    /**
     * How far ahead the fire times are checked: a year and a day covers every month, weekday and
     * DST switch (a cron that fires faster only on 29 February of a leap year is not caught).
     */
    private static final Duration HORIZON = Duration.ofDays(366);
    // What a message calls each value: the job's setting and the route template's parameter.
    private static final String CRON = "wolkvox.reports.cron (template parameter cron)";
    private static final String MAX_AGE = "wolkvox.reports.max-age (template parameter maxAge)";
    private static final String ALLOW_FASTER = "wolkvox.reports.allow-faster=true (template parameter allowFaster=true)";

    private ReportSchedule() {
    }

    /**
     * Refuses a schedule or on-demand freshness that would pull a report more often than the
     * vendor's cadence, unless {@code allowFaster}; refuses an invalid or never-firing cron always.
     */
    static void check(String cron, TimeZone zone, Duration maxAge, boolean allowFaster) {
        Optional<Duration> shortest = shortestInterval(cron, zone, Instant.now());
        if (allowFaster) {
            return;
        }
        if (shortest.isPresent() && shortest.get().compareTo(VENDOR_MINIMUM) < 0) {
            throw new IllegalArgumentException(CRON + " '" + cron + "' pulls each report as often as every "
                    + describe(shortest.get()) + "; Wolkvox asks for no more than one pull every "
                    + describe(VENDOR_MINIMUM) + ". Use a slower schedule (the default is '0 0/5 * * * ?')"
                    + " or set " + ALLOW_FASTER + " if Wolkvox agreed to it.");
        }
        if (maxAge.compareTo(VENDOR_MINIMUM) < 0) {
            throw new IllegalArgumentException(MAX_AGE + " " + maxAge.toMillis() + " ms would let on-demand"
                    + " requests pull a report as often as every " + describe(maxAge) + "; Wolkvox asks for no more than"
                    + " one pull every " + describe(VENDOR_MINIMUM) + ". Set it to at least " + VENDOR_MINIMUM.toMillis()
                    + " or set " + ALLOW_FASTER + ".");
        }
    }

    /**
     * The shortest time between two consecutive fire times of {@code cron} over the coming year,
     * stopping at the first interval shorter than the vendor's cadence; empty when it fires at most
     * once in that year.
     */
    static Optional<Duration> shortestInterval(String cron, TimeZone zone, Instant from) {
        CronExpression expression;
        try {
            expression = new CronExpression(cron);
        } catch (ParseException e) {
            throw new IllegalArgumentException(CRON + " '" + cron + "' is not a Quartz cron expression: "
                    + e.getMessage() + " (e.g. '0 0/5 * * * ?' for every 5 minutes)", e);
        }
        expression.setTimeZone(zone);
        Date previous = expression.getNextValidTimeAfter(Date.from(from));
        if (previous == null) {
            throw new IllegalArgumentException(CRON + " '" + cron + "' never fires after " + from);
        }
        long end = previous.getTime() + HORIZON.toMillis();
        Duration shortest = null;
        for (Date next = expression.getNextValidTimeAfter(previous); next != null && next.getTime() <= end;
             next = expression.getNextValidTimeAfter(next)) {
            Duration interval = Duration.ofMillis(next.getTime() - previous.getTime());
            if (shortest == null || interval.compareTo(shortest) < 0) {
                shortest = interval;
                if (shortest.compareTo(VENDOR_MINIMUM) < 0) {
                    break;
                }
            }
            previous = next;
        }
        return Optional.ofNullable(shortest);
    }

    private static String describe(Duration d) {
        return d.toMillis() % 60_000 == 0 ? d.toMinutes() + " min" : d.toMillis() / 1000.0 + " s";
    }
}
