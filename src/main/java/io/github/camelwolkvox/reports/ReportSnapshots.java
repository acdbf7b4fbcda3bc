package io.github.camelwolkvox.reports;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.RuntimeCamelException;

import io.github.camelwolkvox.component.CallPriority;
import io.github.camelwolkvox.component.WolkvoxConstants;

/**
 * The latest snapshot of each report, and the one way a new snapshot is taken: a pull through the
 * route {@value #PULL_ROUTE}, which calls Wolkvox and records the snapshot (files, history). At most
 * one pull per report is under way at a time: whoever asks while one is running gets its result
 * rather than a second call upstream.
 */
public class ReportSnapshots implements CamelContextAware {

    /** The route that pulls a report (header {@value #REPORT_HEADER}) and records the snapshot. */
    public static final String PULL_ROUTE = "direct:wolkvox-reports-pull";
    /** The report a pull is for: routing-points or connectors. */
    public static final String REPORT_HEADER = "CamelWolkvoxReport";

    private CamelContext camelContext;
    private ProducerTemplate template;
    private String cron = "0 0/5 * * * ?";
    private boolean allowFaster;
    private long maxAge = ReportSchedule.VENDOR_MINIMUM.toMillis();

    private final Map<Report, Snapshot> latest = new ConcurrentHashMap<>();
    private final Map<Report, CompletableFuture<Snapshot>> pulls = new ConcurrentHashMap<>();

    /** Refuses, at start-up, a schedule or freshness that would pull faster than Wolkvox allows. */
    public void checkCadence() {
        ReportSchedule.check(cron, TimeZone.getDefault(), Duration.ofMillis(maxAge), allowFaster);
    }

    /** A new snapshot of the report, for the schedule (joins a pull already under way). */
    public Snapshot refresh(String report) {
        return pull(Report.of(report), CallPriority.batch, false);
    }

    /** The report's latest snapshot when it is younger than max-age, otherwise a new one (for on-demand callers). */
    public Snapshot latest(String report) {
        Report r = Report.of(report);
        Snapshot known = fresh(r);
        return known != null ? known : pull(r, CallPriority.interactive, true);
    }

    /** A snapshot just pulled: stamped now, to the millisecond (as in its file names). */
    public Snapshot snapshot(String report, List<?> records) {
        return new Snapshot(Report.of(report), Instant.now().truncatedTo(ChronoUnit.MILLIS), records);
    }

    private Snapshot fresh(Report report) {
        Snapshot known = latest.get(report);
        return known != null && known.takenAt().plusMillis(maxAge).isAfter(Instant.now()) ? known : null;
    }

    private Snapshot pull(Report report, CallPriority priority, boolean unlessFresh) {
        CompletableFuture<Snapshot> mine = new CompletableFuture<>();
        CompletableFuture<Snapshot> running = pulls.putIfAbsent(report, mine);
        if (running != null) {
            return await(running);
        }
        try {
            // A pull that finished between the caller's look and now already serves an on-demand caller.
            Snapshot known = unlessFresh ? fresh(report) : null;
            Snapshot snapshot = known != null ? known : callPullRoute(report, priority);
            mine.complete(snapshot);
            return snapshot;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            pulls.remove(report, mine);
        }
    }

    private Snapshot callPullRoute(Report report, CallPriority priority) {
        Exchange done = template().send(PULL_ROUTE, e -> {
            e.getIn().setHeader(REPORT_HEADER, report.id());
            e.getIn().setHeader(WolkvoxConstants.PRIORITY, priority);
        });
        if (done.getException() != null) {
            Exception failure = done.getException();
            throw failure instanceof RuntimeException r ? r : new RuntimeCamelException(failure);
        }
        Snapshot snapshot = done.getMessage().getBody(Snapshot.class);
        if (snapshot == null) {
            throw new IllegalStateException(PULL_ROUTE + " must end with the snapshot as its body, not "
                    + done.getMessage().getBody());
        }
        latest.merge(report, snapshot, (a, b) -> b.takenAt().isAfter(a.takenAt()) ? b : a);
        return snapshot;
    }

    private static Snapshot await(CompletableFuture<Snapshot> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Releases the producer template when Camel shuts down. */
    public synchronized void close() throws Exception {
        if (template != null) {
            template.close();
            template = null;
        }
    }

    private synchronized ProducerTemplate template() {
        if (template == null) {
            template = camelContext.createProducerTemplate();
        }
        return template;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    public String getCron() {
        return cron;
    }

    /** The Quartz cron of the scheduled pulls (checked against the vendor's cadence). */
    public void setCron(String cron) {
        this.cron = cron;
    }

    public boolean isAllowFaster() {
        return allowFaster;
    }

    public void setAllowFaster(boolean allowFaster) {
        this.allowFaster = allowFaster;
    }

    public long getMaxAge() {
        return maxAge;
    }

    /** Milliseconds an on-demand caller is served the latest snapshot instead of a new pull. */
    public void setMaxAge(long maxAge) {
        this.maxAge = maxAge;
    }
}
