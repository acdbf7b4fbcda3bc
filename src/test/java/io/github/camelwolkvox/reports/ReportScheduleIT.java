package io.github.camelwolkvox.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;

import org.junit.jupiter.api.Test;
import org.quartz.CronExpression;
import org.junit.jupiter.api.io.TempDir;

/** The vendor's cadence (one pull per report per 5 minutes) is enforced when the routes start. */
class ReportScheduleIT {

    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");
    private static final Instant FROM = Instant.parse("2026-11-21T10:02:30Z");

    @TempDir
    Path dir;

    @Test
    void theShortestIntervalIsFoundAnywhereInTheSchedule() {
        assertThat(ReportSchedule.shortestInterval("0 0/5 * * * ?", UTC, FROM)).contains(Duration.ofMinutes(5));
        assertThat(ReportSchedule.shortestInterval("0 0 * * * ?", UTC, FROM)).contains(Duration.ofHours(1));
        // Irregular: 0 and 3 past the hour -> 3 min, then 57 min.
        assertThat(ReportSchedule.shortestInterval("0 0,3 * * * ?", UTC, FROM)).contains(Duration.ofMinutes(3));
        // Every 10 minutes, except a burst on Sunday mornings only.
        assertThat(ReportSchedule.shortestInterval("0 0/10,1 * * * ?", UTC, FROM)).contains(Duration.ofMinutes(1));
        assertThat(ReportSchedule.shortestInterval("0 0/10 * * * ?", UTC, FROM)).contains(Duration.ofMinutes(10));
        assertThat(ReportSchedule.shortestInterval("0 0 0 1 1 ? 2099", UTC, FROM)).isEmpty();
    }

    @Test
    void theGapFromOneDayToTheNextCounts() {
        // 23:58 then 00:00: 2 min across midnight, 58 min or more within a day.
        assertThat(ReportSchedule.shortestInterval("0 0,58 0,23 * * ?", UTC, FROM)).contains(Duration.ofMinutes(2));
        // Weekdays only, every 6 hours: 6 h within a day, Friday 18:00 to Monday 00:00 is longer.
        assertThat(ReportSchedule.shortestInterval("0 0 0/6 ? * MON-FRI", UTC, FROM)).contains(Duration.ofHours(6));
    }

    @Test
    void aDaylightSavingSwitchThatShortensAGapIsFound() {
        // 01:00 and 03:00 are 2 h apart on the clock, but 1 h on the day New York springs forward.
        TimeZone newYork = TimeZone.getTimeZone("America/New_York");
        assertThat(ReportSchedule.shortestInterval("0 0 1,3 * * ?", newYork, FROM)).contains(Duration.ofHours(1));
        assertThat(ReportSchedule.shortestInterval("0 0 1,3 * * ?", UTC, FROM)).contains(Duration.ofHours(2));
    }

    @Test
    void theAnswerIsTheOneAWalkOverEveryFireTimeOfTheYearGives() {
        for (String zone : List.of("UTC", "America/New_York", "Europe/Berlin", "America/Bogota", "Australia/Lord_Howe")) {
            for (String cron : List.of("0 0/5 * * * ?", "0 0 * * * ?", "0 30 2 * * ?", "0 0/20 1-3 * * ?", "0 0 12 ? * MON,WED",
                    "0 15 10 L * ?", "0 0 0/7 * * ?", "0 0 9 1 1,7 ?", "0 0,59 23 * * ?", "0 0 0 15W * ?")) {
                TimeZone tz = TimeZone.getTimeZone(zone);
                assertThat(ReportSchedule.shortestInterval(cron, tz, FROM)).as(cron + " in " + zone).isEqualTo(walkedShortest(cron, tz));
            }
        }
    }

    /** Every fire time of the coming year, one after another: what the check gives without walking. */
    private static Optional<Duration> walkedShortest(String cron, TimeZone zone) {
        try {
            CronExpression expression = new CronExpression(cron);
            expression.setTimeZone(zone);
            Date previous = expression.getNextValidTimeAfter(Date.from(FROM));
            long end = previous.getTime() + Duration.ofDays(366).toMillis();
            Duration shortest = null;
            for (Date next = expression.getNextValidTimeAfter(previous); next != null && next.getTime() <= end;
                 next = expression.getNextValidTimeAfter(next)) {
                Duration interval = Duration.ofMillis(next.getTime() - previous.getTime());
                shortest = shortest == null || interval.compareTo(shortest) < 0 ? interval : shortest;
                previous = next;
            }
            return Optional.ofNullable(shortest);
        } catch (ParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void aScheduleFasterThanTheVendorCadenceFailsTheStart() {
        ReportsHarness h = new ReportsHarness(dir).set("wolkvox.reports.cron", "0 0,3 * * * ?");
        assertThatThrownBy(() -> {
            try (h) {
                h.start();
            }
        }).hasStackTraceContaining("wolkvox.reports.cron (template parameter cron) '0 0,3 * * * ?' pulls each report as often as every 3 min")
                .hasStackTraceContaining("wolkvox.reports.allow-faster=true");
        assertThat(h.context.isStarted()).isFalse();
    }

    @Test
    void anOnDemandMaxAgeBelowTheCadenceFailsTheStart() {
        assertThatThrownBy(() -> ReportSchedule.check("0 0/5 * * * ?", UTC, Duration.ofSeconds(30), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wolkvox.reports.max-age (template parameter maxAge) 30000 ms").hasMessageContaining("wolkvox.reports.allow-faster=true");
    }

    @Test
    void allowFasterLetsAFastScheduleThroughButNotAnInvalidOne() {
        ReportSchedule.check("0/10 * * * * ?", UTC, Duration.ZERO, true);
        ReportSchedule.check("0 0/5 * * * ?", UTC, Duration.ofMinutes(5), false);
        assertThatThrownBy(() -> ReportSchedule.check("every 5 minutes", UTC, Duration.ofMinutes(5), true))
                .hasMessageContaining("wolkvox.reports.cron (template parameter cron) 'every 5 minutes' is not a Quartz cron expression");
    }
}
