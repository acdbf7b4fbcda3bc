package io.github.camelwolkvox.reports;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import io.github.camelwolkvox.component.WolkvoxConstants;

/**
 * The Java steps of the report routes in {@code camel-wolkvox/templates/reports.camel.yaml}
 * ({@code bean:} steps, so the routes hold no method chains): before and after the pull of one
 * report, and the on-demand answer. Stateless: the route's {@link ReportSnapshots} travels with the
 * pull in exchange property {@value ReportSnapshots#INSTANCE_PROPERTY}; on-demand callers are served
 * by the one bound as {@value #ON_DEMAND}.
 */
public class ReportPulls {

    /** The registry name of the snapshots the on-demand routes serve (template parameter onDemandBean). */
    public static final String ON_DEMAND = "wolkvoxReports";
    /** Route variable: the endpoint the report is pulled from. */
    public static final String PULL_URI = "reportUri";
    /** Header: the change-log entries of the snapshot just recorded ({@code List<ReportChange>}). */
    public static final String CHANGES = "CamelWolkvoxReportChanges";
    /** Header of the on-demand answer: when its snapshot was taken (ISO-8601 UTC). */
    public static final String SNAPSHOT_TIME = "CamelWolkvoxSnapshotTime";

    /** Before the call: the endpoint (variable {@value #PULL_URI}) and, for an API report, its query now. */
    public void prepare(Exchange exchange) {
        ReportSnapshots reports = instance(exchange);
        String report = report(exchange);
        exchange.setVariable(PULL_URI, reports.pullUri(report));
        reports.pullQuery(report).ifPresent(q -> exchange.getMessage().setHeader(WolkvoxConstants.QUERY, q));
    }

    /**
     * After the call: the answer as a snapshot stamped with the time Wolkvox was asked (a pull within
     * 5 minutes of another is served that one's answer), exported and recorded as history; the body
     * becomes the snapshot, header {@value #CHANGES} the change log's new entries, and variables
     * report, records and snapshotTime say what was recorded.
     */
    public void record(Exchange exchange) throws Exception {
        ReportSnapshots reports = instance(exchange);
        Message in = exchange.getMessage();
        in.removeHeader(WolkvoxConstants.QUERY);
        Snapshot snapshot = reports.snapshot(report(exchange), in.getBody(List.class),
                in.getHeader(WolkvoxConstants.ANSWERED_AT, String.class));
        reports.getExporter().export(snapshot);
        in.setHeader(CHANGES, reports.getHistory().record(snapshot));
        in.setBody(snapshot);
        exchange.setVariable("report", snapshot.report().id());
        exchange.setVariable("records", snapshot.size());
        exchange.setVariable("snapshotTime", snapshot.time());
    }

    /**
     * On demand: the latest snapshot of the report named in header {@value ReportSnapshots#REPORT_HEADER}
     * while younger than its route's maxAge, else a new pull; body its records, header
     * {@value #SNAPSHOT_TIME} its time.
     */
    public void latest(Exchange exchange) {
        ReportSnapshots reports = exchange.getContext().getRegistry().lookupByNameAndType(ON_DEMAND, ReportSnapshots.class);
        if (reports == null) {
            throw new IllegalStateException("No reports route serves on-demand requests: make one from the template"
                    + " wolkvox-reports with the parameter onDemandBean=" + ON_DEMAND + " (the job's routes/reports.camel.yaml does)");
        }
        Snapshot snapshot = reports.latest(report(exchange));
        exchange.getMessage().setHeader(SNAPSHOT_TIME, snapshot.time());
        exchange.getMessage().setBody(snapshot.records());
    }

    private static ReportSnapshots instance(Exchange exchange) {
        ReportSnapshots reports = exchange.getProperty(ReportSnapshots.INSTANCE_PROPERTY, ReportSnapshots.class);
        if (reports == null) {
            throw new IllegalStateException(ReportSnapshots.PULL_ROUTE + " is sent to by a route's ReportSnapshots only"
                    + " (exchange property " + ReportSnapshots.INSTANCE_PROPERTY + ")");
        }
        return reports;
    }

    private static String report(Exchange exchange) {
        return exchange.getMessage().getHeader(ReportSnapshots.REPORT_HEADER, String.class);
    }
}
