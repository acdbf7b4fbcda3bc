package io.github.camelwolkvox.reports;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
import io.github.camelwolkvox.component.WolkvoxCatalogue;
import io.github.camelwolkvox.component.WolkvoxConstants;
import io.github.camelwolkvox.component.WolkvoxValidationException;

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
    /** Settings of an API report: wolkvox.reports.api.<api>.file|key|untracked|window|query.<name>. */
    public static final String SETTINGS = "wolkvox.reports.api.";

    private CamelContext camelContext;
    private ProducerTemplate template;
    private String cron = "0 0/5 * * * ?";
    private boolean allowFaster;
    private long maxAge = ReportSchedule.VENDOR_MINIMUM.toMillis();
    private String account = "";
    private ReportExporter exporter;
    private ReportHistory history;
    private String onDemandBean = "";
    private String apis = "routing_points,connectors";

    /** The reports of {@link #apis} by id (typed: routing-points, connectors; API reports: their api). */
    private final Map<String, Report> reports = new LinkedHashMap<>();

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
        for (String api : apis.split(",")) {
            if (!api.isBlank()) {
                Report r = resolve(api.strip());
                reports.put(r.id(), r);
            }
        }
        if (reports.isEmpty()) {
            throw new IllegalArgumentException("wolkvox.reports.apis (template parameter apis) names no report");
        }
        if (!onDemandBean.isBlank()) {
            camelContext.getRegistry().bind(onDemandBean, this);
        }
    }

    /**
     * A report of wolkvox.reports.apis: routing_points and connectors are the typed reports; any other
     * GET api of information.php or reports_manager.php (setting wolkvox.reports.api.<api>.file picks
     * the file when both have it) is an API report, checked now so that a misspelt name fails the start.
     */
    private Report resolve(String api) {
        try {
            return Report.of(api);
        } catch (IllegalArgumentException notTyped) {
            // an API report
        }
        String p = SETTINGS + api + ".";
        WolkvoxCatalogue catalogue = WolkvoxCatalogue.shipped();
        String file = setting(p + "file").map(WolkvoxCatalogue::normaliseFile)
                .orElse(catalogue.find("information", api).isPresent() ? "information.php" : "reports_manager.php");
        WolkvoxCatalogue.Entry entry;
        try {
            entry = catalogue.require(file, api);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("wolkvox.reports.apis (template parameter apis): " + e.getMessage(), e);
        }
        if (!"GET".equals(entry.method()) || !Set.of("information.php", "reports_manager.php").contains(entry.file())) {
            throw new IllegalArgumentException("wolkvox.reports.apis (template parameter apis): " + file + "?api=" + api
                    + " is no report (only GET APIs of information.php and reports_manager.php are)");
        }
        Report report = Report.api(api, entry.file(), setting(p + "key").orElse(null),
                Set.of(setting(p + "untracked").orElse("").split("\\s*,\\s*")));
        setting(p + "window").ifPresent(w -> ReportWindow.check(w, p + "window"));
        camelContext.getEndpoint(callUri(report) + queryOptions(report));
        return report;
    }

    private Optional<String> setting(String key) {
        return camelContext.getPropertiesComponent().resolveProperty(key).map(String::strip).filter(v -> !v.isEmpty());
    }

    /** The report's fixed query options (wolkvox.reports.api.<api>.query.<name>) as endpoint options, to check them at start. */
    private String queryOptions(Report report) {
        StringBuilder sb = new StringBuilder();
        query(report).keySet().forEach(k -> sb.append("&query.").append(k).append("=x"));
        return sb.toString();
    }

    /** The endpoint a report is pulled from: its typed operation, or wolkvox:call for an API report. */
    public String pullUri(String report) {
        Report r = report(report);
        if (r.isApiReport()) {
            return callUri(r);
        }
        return "wolkvox:" + (r == Report.ROUTING_POINTS ? "routingPoints" : "connectors") + "?account=" + account
                + "&minPullInterval=" + getMinPullInterval();
    }

    /** The query of an API report's pull, computed now (see {@link #query(String)}); none for a typed report. */
    public Optional<Map<String, String>> pullQuery(String report) {
        Report r = report(report);
        return r.isApiReport() ? Optional.of(query(r)) : Optional.empty();
    }

    private String callUri(Report report) {
        return "wolkvox:call?file=" + report.file() + "&api=" + report.api() + "&account=" + account
                + "&minPullInterval=" + getMinPullInterval();
    }

    /**
     * The query of an API report's pull (header CamelWolkvoxQuery): its fixed parameters and, with a
     * window setting, date_ini/date_end of that window now.
     */
    public Map<String, String> query(String report) {
        return query(report(report));
    }

    private Map<String, String> query(Report r) {
        String p = SETTINGS + r.api() + ".";
        Map<String, String> query = new LinkedHashMap<>();
        String prefix = p + "query.";
        camelContext.getPropertiesComponent().loadPropertiesAsMap().forEach((k, v) -> {
            String key = String.valueOf(k);
            if (key.startsWith(prefix)) {
                query.put(key.substring(prefix.length()), camelContext.resolvePropertyPlaceholders(String.valueOf(v)));
            }
        });
        setting(p + "window").ifPresent(w -> query.putAll(ReportWindow.range(w, p + "window", Clock.systemDefaultZone())));
        return query;
    }

    /** One of this route's reports by id or api; names the configured ones otherwise. */
    Report report(String id) {
        Report r = reports.get(id.strip());
        if (r == null) {
            try {
                r = reports.get(Report.of(id).id());
            } catch (IllegalArgumentException e) {
                r = null;
            }
        }
        if (r == null) {
            throw new WolkvoxValidationException(List.of(new WolkvoxValidationException.FieldError("report",
                    "'" + id + "' is not one of wolkvox.reports.apis: " + String.join(", ", reports.keySet()))));
        }
        return r;
    }

    /**
     * Export now (REST): the report's latest snapshot when it is younger than max-age, otherwise a new
     * pull, exported and recorded; answers what was exported and how old it is.
     */
    public Map<String, Object> exportNow(String report) {
        Snapshot s = latest(report);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("report", s.report().id());
        out.put("snapshot_time", s.time());
        out.put("age_ms", Duration.between(s.takenAt(), Instant.now()).toMillis());
        out.put("count", s.size());
        out.put("csv", s.report().id() + "-latest.csv");
        out.put("json", s.report().id() + "-latest.json");
        return out;
    }

    /** A new snapshot of the report, for the schedule (joins a pull already under way). */
    public Snapshot refresh(String report) {
        return pull(report(report), CallPriority.batch, false);
    }

    /** The report's latest snapshot when it is younger than max-age, otherwise a new one (for on-demand callers). */
    public Snapshot latest(String report) {
        Report r = report(report);
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
        return new Snapshot(report(report), Instant.parse(answeredAt).truncatedTo(ChronoUnit.MILLIS), records);
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
        return new Snapshot(report(report), Instant.now().truncatedTo(ChronoUnit.MILLIS), records);
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

    public String getApis() {
        return apis;
    }

    /** The reports pulled each tick, comma-separated APIs: routing_points, connectors, cdr_1, agents, ... */
    public void setApis(String apis) {
        this.apis = apis == null ? "" : apis;
    }

    /** The reports of this route, by id, in order (the schedule's split). */
    public List<String> getReportIds() {
        return List.copyOf(reports.keySet());
    }

    public String getOnDemandBean() {
        return onDemandBean;
    }

    /** Registry name this object is bound under for on-demand callers; empty binds nothing. */
    public void setOnDemandBean(String onDemandBean) {
        this.onDemandBean = onDemandBean == null ? "" : onDemandBean.strip();
    }
}
