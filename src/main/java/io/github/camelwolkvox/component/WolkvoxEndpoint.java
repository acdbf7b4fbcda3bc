package io.github.camelwolkvox.component;

import java.time.Duration;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import java.util.Map;

import org.apache.camel.spi.EndpointServiceLocation;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

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
    private TokenTurnGate gate;
    private String tokenFingerprint;
    private Endpoint httpEndpoint;

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
        String label = configuration.getAccount() == null || configuration.getAccount().isBlank()
                ? "default" : configuration.getAccount();
        lane = TokenGuard.laneFor(configuration.getToken(), label, configuration.getMaxConcurrentPerToken());
        getComponent().laneInUse(lane);
        // a cluster-wide guard behind the lane, when the host bound one (cluster mode)
        gate = getCamelContext().getRegistry().findSingleByType(TokenTurnGate.class);
        tokenFingerprint = TokenGuard.fingerprint(configuration.getToken());
        long read = configuration.getReadTimeout();
        httpEndpoint = getComponent().httpComponent().createEndpoint(
                configuration.resolvedBaseUrl() + "/api/v2/" + api.file()
                        // the vendor's DELETE APIs (remove_cod_act, remove_record, ...) take a JSON body
                        + "?throwExceptionOnFailure=false&deleteWithBody=true&connectTimeout=" + configuration.getConnectTimeout()
                        + "&responseTimeout=" + read + "&soTimeout=" + read);
    }

    @Override
    public Producer createProducer() throws Exception {
        return new WolkvoxProducer(this, httpEndpoint.createProducer());
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
        return httpEndpoint == null ? null : configuration.resolvedBaseUrl();
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

    /**
     * A turn on the token's lane, then, when a {@link TokenTurnGate} is bound (cluster mode), a turn
     * there within the same bounded wait; both are given back when the permit is closed.
     */
    TokenLane.Permit takeTurn(CallPriority priority) throws InterruptedException {
        long start = System.nanoTime();
        Duration maxWait = Duration.ofMillis(configuration.getTokenWaitTimeout());
        TokenLane.Permit permit = lane.acquire(priority, maxWait);
        if (gate == null) {
            return permit;
        }
        TokenTurnGate.Turn turn = null;
        try {
            turn = gate.acquire(tokenFingerprint, lane.maxConcurrent(), start + maxWait.toNanos());
        } finally {
            if (turn == null) {
                permit.close();
            }
        }
        if (turn == null) {
            throw new TokenWaitTimeoutException(lane.label(), Duration.ofNanos(System.nanoTime() - start), lane.queueDepth());
        }
        permit.holdWith(turn, Duration.ofNanos(System.nanoTime() - start));
        return permit;
    }
}
