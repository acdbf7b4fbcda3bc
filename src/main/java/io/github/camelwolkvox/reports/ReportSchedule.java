package io.github.camelwolkvox.reports;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
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
     * once in that year. Not a walk over every fire time (a 5-minute cron fires 105,000 times a
     * year, seconds of start-up): every day that fires at all fires at each time of day the
     * seconds, minutes and hours fields give, so within a day the gaps are those between these
     * times; only the gap from each fire day's last time to the next fire is looked up, and the
     * days the zone's offset changes (DST) are walked fire by fire, in real time.
     */
    static Optional<Duration> shortestInterval(String cron, TimeZone zone, Instant from) {
        FireTimes expression = FireTimes.parse(cron, zone, from);
        Date previous = expression.next(Date.from(from));
        if (previous == null) {
            throw new IllegalArgumentException(CRON + " '" + cron + "' never fires after " + from);
        }
        long end = previous.getTime() + HORIZON.toMillis();
        Duration shortest = expression.shortestGapWithinADay();
        if (shortest != null && shortest.compareTo(VENDOR_MINIMUM) < 0) {
            return Optional.of(shortest);
        }
        for (previous = expression.lastOfItsDay(previous); ; previous = expression.lastOfItsDay(previous)) {
            Date next = expression.next(previous);
            if (next == null || next.getTime() > end) {
                return Optional.ofNullable(shortest);
            }
            Duration interval = Duration.ofMillis(next.getTime() - previous.getTime());
            if (shortest == null || interval.compareTo(shortest) < 0) {
                shortest = interval;
                if (shortest.compareTo(VENDOR_MINIMUM) < 0) {
                    return Optional.of(shortest);
                }
            }
            previous = next;
        }
    }

    /** A Quartz cron expression and the times of day it fires at. */
    private static final class FireTimes {

        private final CronExpression expression;
        private final ZoneId zone;
        /** The shortest wall-clock gap between two of its times of day; null when it fires once a day. */
        private Duration shortestWithinADay;
        /** Its last time of the day (seconds since midnight). */
        private int lastOfDay;

        private FireTimes(String cron, TimeZone zone, Instant from) throws ParseException {
            expression = new CronExpression(cron);
            expression.setTimeZone(zone);
            this.zone = zone.toZoneId();
            // The times of day, read off one whole fire day in UTC (no DST there): the seconds,
            // minutes and hours fields apply alike to every day that fires. Read until the first
            // gap below the cadence, enough to refuse an every-second cron.
            CronExpression utc = new CronExpression(cron);
            utc.setTimeZone(TimeZone.getTimeZone("UTC"));
            Date first = utc.getNextValidTimeAfter(Date.from(from));
            if (first == null) {
                return;
            }
            Instant dayStart = first.toInstant().truncatedTo(ChronoUnit.DAYS);
            Instant dayEnd = dayStart.plus(Duration.ofDays(1));
            Date previous = utc.getNextValidTimeAfter(Date.from(dayStart.minusSeconds(1)));
            for (Date next = utc.getNextValidTimeAfter(previous); next != null && next.toInstant().isBefore(dayEnd);
                 next = utc.getNextValidTimeAfter(next)) {
                Duration gap = Duration.ofMillis(next.getTime() - previous.getTime());
                if (shortestWithinADay == null || gap.compareTo(shortestWithinADay) < 0) {
                    shortestWithinADay = gap;
                    if (gap.compareTo(VENDOR_MINIMUM) < 0) {
                        break;
                    }
                }
                previous = next;
            }
            lastOfDay = (int) Duration.between(dayStart, previous.toInstant()).toSeconds();
        }

        static FireTimes parse(String cron, TimeZone zone, Instant from) {
            try {
                return new FireTimes(cron, zone, from);
            } catch (ParseException e) {
                throw new IllegalArgumentException(CRON + " '" + cron + "' is not a Quartz cron expression: "
                        + e.getMessage() + " (e.g. '0 0/5 * * * ?' for every 5 minutes)", e);
            }
        }

        Date next(Date after) {
            return expression.getNextValidTimeAfter(after);
        }

        Duration shortestGapWithinADay() {
            return shortestWithinADay;
        }

        /**
         * Its last fire time on the day of {@code fire} (a fire time), the gaps up to it being those
         * within a day; {@code fire} itself on a day the zone's offset changes, to be walked instead.
         */
        Date lastOfItsDay(Date fire) {
            LocalDate day = fire.toInstant().atZone(zone).toLocalDate();
            ZoneOffsetTransition change = zone.getRules().nextTransition(day.atStartOfDay(zone).toInstant());
            if (change != null && change.getInstant().isBefore(day.plusDays(1).atStartOfDay(zone).toInstant())) {
                return fire;
            }
            Instant last = day.atTime(LocalTime.ofSecondOfDay(lastOfDay)).atZone(zone).toInstant();
            return last.isAfter(fire.toInstant()) ? Date.from(last) : fire;
        }
    }

    private static String describe(Duration d) {
        return d.toMillis() % 60_000 == 0 ? d.toMinutes() + " min" : d.toMillis() / 1000.0 + " s";
    }
}
