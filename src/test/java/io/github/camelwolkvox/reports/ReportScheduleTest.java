package io.github.camelwolkvox.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.TimeZone;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vendor's cadence (one pull per report per 5 minutes) is enforced when the routes start. */
class ReportScheduleTest {

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
