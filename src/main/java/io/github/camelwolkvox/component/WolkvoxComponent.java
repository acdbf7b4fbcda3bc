package io.github.camelwolkvox.component;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.apache.camel.Endpoint;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.util.PropertiesHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.camelwolkvox.sandbox.WolkvoxSandbox;

/**
 * The {@code wolkvox:} component. Defaults come from the {@code wolkvox.*} properties (so every
 * setting can be given in application.properties, as {@code -Dwolkvox.x=...}, or as the environment
 * variable {@code WOLKVOX_X}); named accounts from {@code wolkvox.accounts.<name>.*}. With no token
 * configured it starts the built-in sandbox and sends every call there.
 */
@Component("wolkvox")
public class WolkvoxComponent extends DefaultComponent {

    private static final Logger LOG = LoggerFactory.getLogger(WolkvoxComponent.class);
    private static final String PREFIX = "wolkvox.";

    @Metadata(description = "Default settings for every endpoint (the default account)")
    private WolkvoxConfiguration configuration = new WolkvoxConfiguration();
    @Metadata(defaultValue = "auto", enums = "auto,true,false",
              description = "Built-in Wolkvox simulator: auto starts it when no token is configured")
    private String sandbox = "auto";
    @Metadata(defaultValue = "0", description = "Port of the built-in sandbox on 127.0.0.1; 0 picks a free one")
    private int sandboxPort;
    @Metadata(label = "advanced", description = "Called with the sandbox before it serves its first call (tests, fault injection)")
    private Consumer<WolkvoxSandbox> sandboxCustomizer;

    private HttpComponent http;
    private WolkvoxSandbox sandboxServer;
    private WolkvoxMetrics metrics;
    private final Set<TokenLane> lanesInUse = ConcurrentHashMap.newKeySet();

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        prop("server").ifPresent(configuration::setServer);
        prop("token").ifPresent(configuration::setToken);
        prop("base-url").ifPresent(configuration::setBaseUrl);
        prop("connect-timeout").map(Long::parseLong).ifPresent(configuration::setConnectTimeout);
        prop("read-timeout").map(Long::parseLong).ifPresent(configuration::setReadTimeout);
        prop("max-concurrent-per-token").map(Integer::parseInt).ifPresent(configuration::setMaxConcurrentPerToken);
        prop("token-wait-timeout").map(Long::parseLong).ifPresent(configuration::setTokenWaitTimeout);
        prop("sandbox.enabled").ifPresent(this::setSandbox);
        prop("sandbox.port").map(Integer::parseInt).ifPresent(this::setSandboxPort);

        metrics = new WolkvoxMetrics(getCamelContext());
        if (getCamelContext().getRegistry().lookupByName(RetryCounter.BEAN_NAME) == null) {
            getCamelContext().getRegistry().bind(RetryCounter.BEAN_NAME, new RetryCounter());
        }
        HealthCheckRegistry health = HealthCheckRegistry.get(getCamelContext());
        if (health != null) {
            health.register(new WolkvoxHealthCheck(this));
        }

        // A private HTTP client: no automatic retries (a retried dial rings a customer twice), no
        // redirects, no cookies; the user's own http component settings are left alone.
        http = new HttpComponent();
        http.setCamelContext(getCamelContext());
        http.setAutomaticRetriesDisabled(true);
        http.setRedirectHandlingDisabled(true);
        http.setCookieManagementDisabled(true);
        ServiceHelper.initService(http);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        ServiceHelper.startService(http);
    }

    @Override
    protected void doStop() throws Exception {
        ServiceHelper.stopService(http);
        synchronized (this) {
            if (sandboxServer != null) {
                sandboxServer.stop();
                sandboxServer = null;
            }
        }
        super.doStop();
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        WolkvoxOperation operation = WolkvoxOperation.of(remaining);
        WolkvoxConfiguration config = configuration.copy();
        Object account = parameters.get("account");
        if (account != null && !account.toString().isBlank()) {
            applyAccount(config, account.toString().strip());
        }
        // The options of the operations beyond the first five (query.<name>, file, api, limits)
        WolkvoxCallConfiguration call = new WolkvoxCallConfiguration();
        prop("min-pull-interval").map(Long::parseLong).ifPresent(call::setMinPullInterval);
        call.setQuery(PropertiesHelper.extractProperties(parameters, "query."));
        setProperties(call, parameters);
        setProperties(config, parameters);
        return new WolkvoxEndpoint(uri, this, operation, config, call, ApiTargets.resolve(operation, call));
    }

    private void applyAccount(WolkvoxConfiguration config, String name) {
        String p = "accounts." + name + ".";
        config.setAccount(name);
        config.setServer(prop(p + "server").orElse(null));
        config.setToken(prop(p + "token").orElse(null));
        config.setBaseUrl(prop(p + "base-url").orElse(null));
        prop(p + "max-concurrent-per-token").map(Integer::parseInt).ifPresent(config::setMaxConcurrentPerToken);
        prop(p + "connect-timeout").map(Long::parseLong).ifPresent(config::setConnectTimeout);
        prop(p + "read-timeout").map(Long::parseLong).ifPresent(config::setReadTimeout);
    }

    /**
     * Completes an endpoint's settings when it starts. An account without a token goes to the sandbox
     * only when the whole deployment is in sandbox mode (no default token, or sandbox forced on): with
     * a real default token, a misspelt account name must fail, not quietly "succeed" in the simulator.
     */
    void finish(WolkvoxConfiguration config) {
        String name = config.getAccount() == null || config.getAccount().isBlank() ? "default" : config.getAccount();
        boolean hasToken = config.getToken() != null && !config.getToken().isBlank();
        if ("true".equalsIgnoreCase(sandbox) || (!hasToken && isSandboxActive())) {
            config.setBaseUrl(sandboxServer().baseUrl());
            if (!hasToken) {
                config.setToken("sandbox-" + name);
            }
            return;
        }
        boolean isDefault = "default".equals(name);
        if (!hasToken) {
            String env = isDefault ? "WOLKVOX_TOKEN" : "WOLKVOX_ACCOUNTS_" + name.toUpperCase() + "_TOKEN";
            throw new IllegalArgumentException("No Wolkvox token for account '" + name + "': set "
                    + (isDefault ? "wolkvox.token" : "wolkvox.accounts." + name + ".token")
                    + " (or the environment variable " + env + ")"
                    + (isDefault ? ", or allow the sandbox" : "; is the account name spelt right?"));
        }
        boolean hasTarget = (config.getServer() != null && !config.getServer().isBlank())
                || (config.getBaseUrl() != null && !config.getBaseUrl().isBlank());
        if (!hasTarget) {
            throw new IllegalArgumentException("No Wolkvox server for account '" + name + "': set "
                    + (isDefault ? "wolkvox.server" : "wolkvox.accounts." + name + ".server")
                    + " (the code from Wolkvox support, e.g. 0012) or a base-url");
        }
    }

    /** The sandbox, started when the first endpoint needs it, shared by all accounts sent there. */
    synchronized WolkvoxSandbox sandboxServer() {
        if (sandboxServer == null) {
            WolkvoxSandbox s = new WolkvoxSandbox(sandboxPort);
            if (sandboxCustomizer != null) {
                sandboxCustomizer.accept(s);
            }
            s.start();
            sandboxServer = s;
            String why = "true".equalsIgnoreCase(sandbox) ? "wolkvox.sandbox.enabled=true" : "no Wolkvox token is configured (wolkvox.token / WOLKVOX_TOKEN)";
            LOG.warn("""

                    ************************************************************************
                    *  SANDBOX MODE - {}.
                    *  Every Wolkvox call goes to the built-in simulator at {}
                    *  and nothing reaches Wolkvox. Set wolkvox.token and wolkvox.server
                    *  (and leave wolkvox.sandbox.enabled=auto) to work against a real
                    *  Wolkvox operation.
                    ************************************************************************""", why, s.baseUrl());
        }
        return sandboxServer;
    }

    /** Whether calls of the default account go to the sandbox. */
    public boolean isSandboxActive() {
        if ("true".equalsIgnoreCase(sandbox)) {
            return true;
        }
        return !"false".equalsIgnoreCase(sandbox) && (configuration.getToken() == null || configuration.getToken().isBlank());
    }

    /** The running sandbox, if this component started one. */
    public synchronized Optional<WolkvoxSandbox> getRunningSandbox() {
        return Optional.ofNullable(sandboxServer);
    }

    void laneInUse(TokenLane lane) {
        lanesInUse.add(lane);
    }

    /** The token lanes this component's endpoints use, by account (for health and status pages). */
    public Map<String, TokenLane> getLanes() {
        return TokenGuard.byLabel(lanesInUse);
    }

    public WolkvoxMetrics getMetrics() {
        return metrics;
    }

    HttpComponent httpComponent() {
        return http;
    }

    private Optional<String> prop(String key) {
        return getCamelContext().getPropertiesComponent().resolveProperty(PREFIX + key)
                .map(String::strip).filter(s -> !s.isEmpty());
    }

    public WolkvoxConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(WolkvoxConfiguration configuration) {
        this.configuration = configuration;
    }

    public String getSandbox() {
        return sandbox;
    }

    public void setSandbox(String sandbox) {
        this.sandbox = sandbox;
    }

    public int getSandboxPort() {
        return sandboxPort;
    }

    public void setSandboxPort(int sandboxPort) {
        this.sandboxPort = sandboxPort;
    }

    public Consumer<WolkvoxSandbox> getSandboxCustomizer() {
        return sandboxCustomizer;
    }

    public void setSandboxCustomizer(Consumer<WolkvoxSandbox> sandboxCustomizer) {
        this.sandboxCustomizer = sandboxCustomizer;
    }
}
