package io.github.camelwolkvox.component;

import java.time.Duration;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import java.util.Map;

import org.apache.camel.spi.EndpointServiceLocation;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.service.ServiceHelper;

/**
 * {@code wolkvox:operation[?options]}: calls one Wolkvox API v2 operation through the token's lane.
 */
@UriEndpoint(firstVersion = "0.1.0", scheme = "wolkvox", title = "Wolkvox", syntax = "wolkvox:operation",
             producerOnly = true, category = { Category.API }, headersClass = WolkvoxConstants.class)
public class WolkvoxEndpoint extends DefaultEndpoint implements EndpointServiceLocation {

    @UriPath(description = "The operation to call")
    @Metadata(required = true, enums = "routingPoints,connectors,createActivityCode,addInteraction,dial,editActivityCode,"
            + "removeActivityCode,activityCodes,agents,skills,campaigns,tokenInfo,addCampaignRecords,call")
    private final WolkvoxOperation operation;
    @UriParam
    private final WolkvoxConfiguration configuration;
    @UriParam
    private final WolkvoxCallConfiguration callConfiguration;
    /** File, api, method and idempotence of what this endpoint calls (from the catalogue for wolkvox:call). */
    private final WolkvoxApi api;

    private TokenLane lane;
    /** The finished target (the sandbox's in sandbox mode), set when the endpoint initialises. */
    private String baseUrl;
    private Endpoint httpEndpoint;
    private Producer probe;

    WolkvoxEndpoint(String uri, WolkvoxComponent component, WolkvoxOperation operation, WolkvoxConfiguration configuration,
                    WolkvoxCallConfiguration callConfiguration, WolkvoxApi api) {
        super(uri, component);
        this.operation = operation;
        this.configuration = configuration;
        this.callConfiguration = callConfiguration;
        this.api = api;
    }

    @Override
    public WolkvoxComponent getComponent() {
        return (WolkvoxComponent) super.getComponent();
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        getComponent().finish(configuration);
        lane = TokenGuard.laneFor(configuration.getToken(), configuration.label(), configuration.getMaxConcurrentPerToken());
        getComponent().laneInUse(lane);
        baseUrl = configuration.resolvedBaseUrl();
    }

    /**
     * The camel-http endpoint of this operation, made at the first call: camel-http's connection
     * pool and its TLS set-up (the JDK's trust store) are then no start-up work.
     */
    synchronized Endpoint httpEndpoint() throws Exception {
        if (httpEndpoint == null) {
            long read = configuration.getReadTimeout();
            httpEndpoint = getComponent().httpComponent().createEndpoint(
                    baseUrl + "/api/v2/" + api.file()
                            // the vendor's DELETE APIs (remove_cod_act, remove_record, ...) take a JSON body
                            + "?throwExceptionOnFailure=false&deleteWithBody=true&connectTimeout=" + configuration.getConnectTimeout()
                            + "&responseTimeout=" + read + "&soTimeout=" + read);
        }
        return httpEndpoint;
    }

    @Override
    protected void doStop() throws Exception {
        synchronized (this) {
            ServiceHelper.stopService(probe);
            probe = null;
        }
        super.doStop();
    }

    /**
     * A probe of a paused account: one routingPoints call with this endpoint's account (its host and
     * token), through the token's lane but past the paused circuit; its outcome feeds the circuit.
     */
    synchronized void probe() throws Exception {
        if (probe == null) {
            // a probe must reach Wolkvox: never served a recent answer by the 5-minute rule
            WolkvoxCallConfiguration direct = new WolkvoxCallConfiguration();
            direct.setMinPullInterval(0);
            WolkvoxEndpoint reports = new WolkvoxEndpoint("wolkvox:routingPoints?probe=" + lane.label(), getComponent(),
                    WolkvoxOperation.routingPoints, configuration.copy(), direct, WolkvoxApi.of(WolkvoxOperation.routingPoints));
            reports.setCamelContext(getCamelContext());
            reports.init();
            probe = reports.createProducer();
            ServiceHelper.startService(probe);
        }
        Exchange exchange = createExchange();
        exchange.setProperty(WolkvoxProducer.PROBE, true);
        exchange.getIn().setHeader(WolkvoxConstants.PRIORITY, CallPriority.interactive);
        probe.process(exchange);
        if (exchange.getException() != null) {
            throw exchange.getException();
        }
    }

    @Override
    public Producer createProducer() throws Exception {
        return new WolkvoxProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("wolkvox endpoints only send; trigger them from a timer, file, sql or rest route");
    }

    @Override
    public boolean isLenientProperties() {
        return false;
    }

    /** The Wolkvox host this endpoint calls (tracing, {@code camel get service}); never the token. */
    @Override
    public String getServiceUrl() {
        return baseUrl;
    }

    @Override
    public String getServiceProtocol() {
        return "http";
    }

    @Override
    public Map<String, String> getServiceMetadata() {
        String account = configuration.getAccount();
        return Map.of("account", account == null || account.isBlank() ? "default" : account);
    }

    public WolkvoxOperation getOperation() {
        return operation;
    }

    public WolkvoxConfiguration getConfiguration() {
        return configuration;
    }

    public WolkvoxCallConfiguration getCallConfiguration() {
        return callConfiguration;
    }

    public WolkvoxApi getApi() {
        return api;
    }

    TokenLane lane() {
        return lane;
    }
}
