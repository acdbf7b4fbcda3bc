package io.github.camelwolkvox.component;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/**
 * Options of the operations beyond the first five: which catalogue API {@code wolkvox:call} calls,
 * its query parameters, and how the vendor's limits are handled for the route (date windows, upload
 * chunks, answer to a file, and, for every operation, the 5-minute cadence of report pulls).
 */
@UriParams
public class WolkvoxCallConfiguration {

    /** The vendor's longest date range of one report call (date_ini..date_end). */
    public static final int VENDOR_MAX_DAYS = 31;
    /** The vendor's most records in one upload (campaign add_record, add_dnc). */
    public static final int VENDOR_MAX_RECORDS = 10_000;

    @UriParam(label = "call", description = "wolkvox:call only: the vendor's file, with or without .php (information, reports_manager, campaign, ...)")
    private String file;
    @UriParam(label = "call", description = "wolkvox:call only: the api= name in that file (agents, cdr_1, add_record, ...)")
    private String api;
    @UriParam(label = "call", enums = "GET,POST,PUT,DELETE",
              description = "wolkvox:call only: the HTTP method; by default the catalogue's. Needed only with allowUnknownApi for an API the catalogue does not list (then GET)")
    private String method;
    @UriParam(label = "call", description = "wolkvox:call only: whether repeating the call is harmless, so that a failure after the"
            + " request may have reached Wolkvox is retried. Default: true for GET, false for POST, PUT and DELETE")
    private Boolean idempotent;
    @UriParam(label = "call", defaultValue = "false",
              description = "wolkvox:call only: let an api, file or query parameter through that the shipped catalogue does not list (a new vendor API)")
    private boolean allowUnknownApi;
    @UriParam(label = "call", prefix = "query.", multiValue = true,
              description = "Query parameters of the call, as query.<name>=value (e.g. query.date_ini=20260101000000);"
                      + " header CamelWolkvoxQuery (a Map) adds or overrides them per message")
    private Map<String, Object> query = new LinkedHashMap<>();
    @UriParam(label = "advanced", description = "Write the answer's data (a JSON array) to this file instead of the body, streamed,"
            + " for answers too large for memory; the body becomes the File. Header CamelWolkvoxOutputFile overrides it")
    private String outputFile;
    @UriParam(label = "advanced", defaultValue = "" + VENDOR_MAX_DAYS,
              description = "A GET with date_ini and date_end further apart than this many days is split into windows of at most"
                      + " this many days, called one after another; the data is concatenated in order")
    private int maxDaysPerCall = VENDOR_MAX_DAYS;
    @UriParam(label = "advanced", defaultValue = "" + VENDOR_MAX_RECORDS,
              description = "A bulk upload (a body that is a list: campaign add_record, add_dnc) is sent in chunks of at most this many records")
    private int maxRecordsPerCall = VENDOR_MAX_RECORDS;

    @UriParam(label = "advanced", defaultValue = "300000",
              description = "At most one pull of a report (a GET of information.php or reports_manager.php) per token, API and query"
                      + " in this many milliseconds: a pull asked for sooner is served the latest answer, with its age."
                      + " The vendor asks for 5 minutes; 0 lifts the rule (only if Wolkvox agreed)")
    private long minPullInterval = 300_000;

    public String getFile() {
        return file;
    }

    public void setFile(String file) {
        this.file = file;
    }

    public String getApi() {
        return api;
    }

    public void setApi(String api) {
        this.api = api;
    }

    public String getMethod() {
        return method;
    }

    public void setMethod(String method) {
        this.method = method;
    }

    public Boolean getIdempotent() {
        return idempotent;
    }

    public void setIdempotent(Boolean idempotent) {
        this.idempotent = idempotent;
    }

    public boolean isAllowUnknownApi() {
        return allowUnknownApi;
    }

    public void setAllowUnknownApi(boolean allowUnknownApi) {
        this.allowUnknownApi = allowUnknownApi;
    }

    public Map<String, Object> getQuery() {
        return query;
    }

    public void setQuery(Map<String, Object> query) {
        this.query = new LinkedHashMap<>(query);
    }

    public String getOutputFile() {
        return outputFile;
    }

    public void setOutputFile(String outputFile) {
        this.outputFile = outputFile;
    }

    public int getMaxDaysPerCall() {
        return maxDaysPerCall;
    }

    public void setMaxDaysPerCall(int maxDaysPerCall) {
        this.maxDaysPerCall = maxDaysPerCall;
    }

    public long getMinPullInterval() {
        return minPullInterval;
    }

    public void setMinPullInterval(long minPullInterval) {
        this.minPullInterval = minPullInterval;
    }

    public int getMaxRecordsPerCall() {
        return maxRecordsPerCall;
    }

    public void setMaxRecordsPerCall(int maxRecordsPerCall) {
        this.maxRecordsPerCall = maxRecordsPerCall;
    }
}
