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
 * The latest snapshot of each report of one route of the template {@code wolkvox-reports}, and the
 * one way a new snapshot is taken: a pull through the route {@value #PULL_ROUTE}, shared by every
 * route of the template, which calls this object's account and records the snapshot with this
 * object's exporter and history (it travels with the pull in exchange property
 * {@value #INSTANCE_PROPERTY}). At most one pull per report is under way at a time: whoever asks
 * while one is running gets its result rather than a second call upstream.
 */
public class ReportSnapshots implements CamelContextAware {

    /** The route that pulls a report (header {@value #REPORT_HEADER}) and records the snapshot. */
    public static final String PULL_ROUTE = "direct:wolkvox-reports-pull";
    /** The report a pull is for: routing-points or connectors. */
    public static final String REPORT_HEADER = "CamelWolkvoxReport";
    /** The exchange property that carries the asking object along its pull. */
    public static final String INSTANCE_PROPERTY = "reportsInstance";

    private CamelContext camelContext;
    private ProducerTemplate template;
    private String cron = "0 0/5 * * * ?";
    private boolean allowFaster;
    private long maxAge = ReportSchedule.VENDOR_MINIMUM.toMillis();
    private String account = "";
    private ReportExporter exporter;
    private ReportHistory history;
    private String onDemandBean = "";

    private final Map<Report, Snapshot> latest = new ConcurrentHashMap<>();
    private final Map<Report, CompletableFuture<Snapshot>> pulls = new ConcurrentHashMap<>();

    /**
     * Refuses, when its route is created, a schedule or freshness that would pull faster than
     * Wolkvox allows, or an account without a token; then binds this object for on-demand callers
     * if asked to.
     */
    public void start() {
        ReportSchedule.check(cron, TimeZone.getDefault(), Duration.ofMillis(maxAge), allowFaster);
        // The pull route makes its endpoint per call (toD); this one checks the account's settings now.
        camelContext.getEndpoint("wolkvox:routingPoints?account=" + account);
        if (!onDemandBean.isBlank()) {
            camelContext.getRegistry().bind(onDemandBean, this);
        }
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

    /**
     * A snapshot of records Wolkvox answered at {@code answeredAt} (ISO-8601; the component's header
     * CamelWolkvoxAnsweredAt), to the millisecond as in its file names; now when not given.
     */
    public Snapshot snapshot(String report, List<?> records, String answeredAt) {
        if (answeredAt == null || answeredAt.isBlank()) {
            return snapshot(report, records);
        }
        return new Snapshot(Report.of(report), Instant.parse(answeredAt).truncatedTo(ChronoUnit.MILLIS), records);
    }

    /**
     * The component's minPullInterval for this route's pulls: the vendor's 5 minutes, lifted (0) with
     * allowFaster.
     */
    public long getMinPullInterval() {
        return allowFaster ? 0 : ReportSchedule.VENDOR_MINIMUM.toMillis();
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
            e.setProperty(INSTANCE_PROPERTY, this);
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

    /** Releases the producer template and the on-demand name when Camel shuts down. */
    public synchronized void close() throws Exception {
        if (!onDemandBean.isBlank()) {
            camelContext.getRegistry().unbind(onDemandBean);
        }
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

    public String getAccount() {
        return account;
    }

    /** The named account pulled (wolkvox.accounts.<name>.*); empty for the default account. */
    public void setAccount(String account) {
        this.account = account == null ? "" : account.strip();
    }

    public ReportExporter getExporter() {
        return exporter;
    }

    /** Writes this object's snapshots as files. */
    public void setExporter(ReportExporter exporter) {
        this.exporter = exporter;
    }

    public ReportHistory getHistory() {
        return history;
    }

    /** Keeps this object's snapshots and their changes in the database. */
    public void setHistory(ReportHistory history) {
        this.history = history;
    }

    public String getOnDemandBean() {
        return onDemandBean;
    }

    /** Registry name this object is bound under for on-demand callers; empty binds nothing. */
    public void setOnDemandBean(String onDemandBean) {
        this.onDemandBean = onDemandBean == null ? "" : onDemandBean.strip();
    }
}
