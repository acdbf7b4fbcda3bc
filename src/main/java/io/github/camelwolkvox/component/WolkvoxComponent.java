package io.github.camelwolkvox.component;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.Endpoint;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.util.PropertiesHelper;

/**
 * The {@code wolkvox:} component. Configured like any Camel component ({@code camel.component.wolkvox.*},
 * endpoint options); the friendly {@code wolkvox.*} properties fill what that left unset, so a plain
 * CamelContext works too, and a value given both ways differently fails the start. Named accounts
 * come from {@code wolkvox.accounts.<name>.*}.
 *
 * Sandbox mode (every call to a {@link SandboxProvider} from the registry) is on when {@code sandbox=true},
 * or with {@code auto} when no account has a token, server or base URL. It is never mixed with real
 * accounts, and every misconfiguration fails the start naming the setting, before any call.
 */
@Component("wolkvox")
public class WolkvoxComponent extends DefaultComponent {

    private static final String PREFIX = "wolkvox.";
    private static final String ACCOUNTS = PREFIX + "accounts.";
    private static final Pattern ACCOUNT_KEY = Pattern.compile("wolkvox\\.accounts\\.([^.]+)\\.(token|server|base-url)");
    private static final Pattern ACCOUNT_ENV = Pattern.compile("WOLKVOX_ACCOUNTS_(.+)_(TOKEN|SERVER|BASE_URL)");

    @Metadata(description = "Default settings for every endpoint (the default account)")
    private WolkvoxConfiguration configuration = new WolkvoxConfiguration();
    @Metadata(defaultValue = "auto", enums = "auto,true,false",
              description = "Sandbox mode: auto when no account has a token, server or base URL; true always; false never")
    private String sandbox = "auto";
    @Metadata(defaultValue = "60000", description = "Milliseconds between probe calls of an account whose circuit is open")
    private long circuitProbeInterval = 60_000;
    @Metadata(defaultValue = "900000", description = "Milliseconds between probe calls of a token whose daily quota is spent")
    private long quotaRetryInterval = 900_000;

    @Metadata(defaultValue = "false", description = "Health check details per account (queue depth, last outcome);"
            + " without, only UP/DOWN and the reason")
    private boolean healthDetails;

    private HttpComponent http;
    private ExecutorService callExecutor;
    private WolkvoxMetrics metrics;
    private AccountCircuits circuits;
    private boolean settled;
    private volatile TurnGate turnGate;
    private volatile boolean turnGateResolved;
    private String sandboxBaseUrl;
    private String sandboxReason;
    private SandboxProvider sandboxProvider;
    private final Set<TokenLane> lanesInUse = ConcurrentHashMap.newKeySet();
    private final Set<String> checkedHosts = ConcurrentHashMap.newKeySet();

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        metrics = new WolkvoxMetrics(getCamelContext(), this::isSandboxActive);
        circuits = new AccountCircuits(this);
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

    /**
     * Merges the friendly settings into the options and decides the mode, once: at the first
     * endpoint or at start, whichever comes first. Not in doInit: Camel Main sets
     * camel.component.wolkvox.* only after it created (and initialised) the component.
     */
    private synchronized void settle() {
        if (settled) {
            return;
        }
        friendly("server", "configuration.server", WolkvoxConfiguration::serverCode, configuration::getServer, null, configuration::setServer);
        friendly("token", "configuration.token", s -> s, configuration::getToken, null, configuration::setToken);
        friendly("base-url", "configuration.base-url", s -> s, configuration::getBaseUrl, null, configuration::setBaseUrl);
        WolkvoxConfiguration builtIn = new WolkvoxConfiguration();
        friendly("connect-timeout", "configuration.connect-timeout", Long::valueOf, configuration::getConnectTimeout, builtIn.getConnectTimeout(), configuration::setConnectTimeout);
        friendly("read-timeout", "configuration.read-timeout", Long::valueOf, configuration::getReadTimeout, builtIn.getReadTimeout(), configuration::setReadTimeout);
        friendly("call-timeout", "configuration.call-timeout", Long::valueOf, configuration::getCallTimeout, builtIn.getCallTimeout(), configuration::setCallTimeout);
        friendly("server-call-limit", "configuration.server-call-limit", Long::valueOf, configuration::getServerCallLimit, builtIn.getServerCallLimit(), configuration::setServerCallLimit);
        friendly("max-concurrent-per-token", "configuration.max-concurrent-per-token", Integer::valueOf, configuration::getMaxConcurrentPerToken,
                builtIn.getMaxConcurrentPerToken(), configuration::setMaxConcurrentPerToken);
        friendly("token-wait-timeout", "configuration.token-wait-timeout", Long::valueOf, configuration::getTokenWaitTimeout, builtIn.getTokenWaitTimeout(), configuration::setTokenWaitTimeout);
        friendly("sandbox.enabled", "sandbox", s -> s.toLowerCase(Locale.ROOT), this::getSandbox, "auto", this::setSandbox);
        friendly("circuit.probe-interval", "circuit-probe-interval", Long::valueOf, this::getCircuitProbeInterval, 60_000L, this::setCircuitProbeInterval);
        friendly("management.details", "health-details", Boolean::valueOf, this::isHealthDetails, false, this::setHealthDetails);
        friendly("quota.retry-interval", "quota-retry-interval", Long::valueOf, this::getQuotaRetryInterval, 900_000L, this::setQuotaRetryInterval);
        if (!Set.of("auto", "true", "false").contains(sandbox)) {
            throw new IllegalArgumentException("wolkvox.sandbox.enabled (WOLKVOX_SANDBOX_ENABLED) must be auto, true or false, not '" + sandbox + "'");
        }
        sandboxReason = decideSandboxMode();

        settled = true;
    }

    /**
     * Null for real mode, else why sandbox mode is on. Real mode first checks every configured
     * account: one with a server or base URL but no token is a lost secret, not a wish for the sandbox.
     */
    private String decideSandboxMode() {
        if ("true".equals(sandbox)) {
            return "wolkvox.sandbox.enabled=true";
        }
        Set<String> accounts = configuredAccounts();
        boolean anyReal = hasAny(configuration.getToken(), configuration.getServer(), configuration.getBaseUrl())
                || !accounts.isEmpty();
        if (!anyReal && "auto".equals(sandbox)) {
            return "no Wolkvox account is configured (wolkvox.token / WOLKVOX_TOKEN, wolkvox.server / WOLKVOX_SERVER)";
        }
        if (hasAny(configuration.getToken(), configuration.getServer(), configuration.getBaseUrl())) {
            requireToken("default", configuration); // an unused default account may stay empty
        }
        for (String name : accounts) {
            WolkvoxConfiguration account = configuration.copy();
            applyAccount(account, name);
            requireToken(name, account);
        }
        return null;
    }

    private static void requireToken(String name, WolkvoxConfiguration config) {
        if (!hasAny(config.getToken())) {
            boolean hasTarget = hasAny(config.getServer(), config.getBaseUrl());
            throw new IllegalArgumentException("No Wolkvox token for account '" + name + "'" + (hasTarget ? ", which has a server or base-url" : "")
                    + ": set " + setting(name, "token") + " (or the environment variable " + env(name, "token") + ")"
                    + ("default".equals(name) ? "" : "; is the account name spelt right?"));
        }
        if (!hasAny(config.getServer(), config.getBaseUrl())) {
            throw new IllegalArgumentException("No Wolkvox server for account '" + name + "': set " + setting(name, "server")
                    + " (or the environment variable " + env(name, "server") + "), the code from Wolkvox support, e.g. 0012, or a base-url");
        }
    }

    /** Named accounts that have a token, server or base URL in the properties or the environment. */
    Set<String> configuredAccounts() {
        Set<String> names = new TreeSet<>();
        for (String k : PropertyKeys.of(getCamelContext(), ACCOUNTS)) {
            Matcher m = ACCOUNT_KEY.matcher(k);
            if (m.matches() && prop(k.substring(PREFIX.length())).isPresent()) {
                names.add(m.group(1));
            }
        }
        System.getenv().forEach((k, v) -> {
            Matcher m = ACCOUNT_ENV.matcher(k);
            if (m.matches() && !v.isBlank()) {
                names.add(m.group(1).toLowerCase(Locale.ROOT));
            }
        });
        return names;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        settle();
        callExecutor = getCamelContext().getExecutorServiceManager().newCachedThreadPool(this, "wolkvox-call");
        ServiceHelper.startService(http, circuits);
    }

    @Override
    protected void doStop() throws Exception {
        ServiceHelper.stopService(circuits, http);
        if (callExecutor != null) {
            getCamelContext().getExecutorServiceManager().shutdownNow(callExecutor);
            callExecutor = null;
        }
        synchronized (this) {
            if (sandboxProvider != null) {
                sandboxProvider.stop();
                sandboxProvider = null;
            }
        }
        super.doStop();
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        settle(); // the endpoint copies the settled defaults
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

    /** An account's own settings over the defaults; an account without any keeps the defaults' target blank. */
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
     * Completes an endpoint's settings when it starts: the sandbox's target in sandbox mode; in real
     * mode the account must exist and have a token and a server, and its host must answer. With no
     * account configured, an endpoint with its own server or baseUrl (a Kamelet's options) turns the
     * component to real mode, unless the sandbox is in use already.
     */
    synchronized void finish(WolkvoxConfiguration config) {
        settle();
        String name = config.label();
        boolean ownTarget = hasAny(config.getServer(), config.getBaseUrl())
                && (sandboxBaseUrl == null || !sandboxBaseUrl.equals(config.getBaseUrl())); // a probe copies a finished config
        if (isSandboxActive() && !"true".equals(sandbox) && ownTarget) {
            // Only an endpoint's own options can point here (no account is configured): a real target.
            if (sandboxProvider != null) {
                throw new IllegalArgumentException("The endpoint of account '" + name + "' has its own server or baseUrl while"
                        + " other endpoints use the sandbox: never a mix. Configure the accounts (wolkvox.token / WOLKVOX_TOKEN,"
                        + " wolkvox.server / WOLKVOX_SERVER) or set wolkvox.sandbox.enabled=true");
            }
            sandboxReason = null;
        }
        if (isSandboxActive()) {
            sandboxBaseUrl = sandboxProvider().start(sandboxReason);
            config.setBaseUrl(sandboxBaseUrl);
            if (!hasAny(config.getToken())) {
                config.setToken(sandboxProvider().tokenFor(name));
            }
            return;
        }
        requireToken(name, config);
        checkHost(name, config);
    }

    /**
     * DNS and TCP connect of an account's host, once per host: a wrong server code fails the start
     * here instead of once per row at run time, and costs no billed call.
     */
    private void checkHost(String name, WolkvoxConfiguration config) {
        URI url = URI.create(config.resolvedBaseUrl());
        int port = url.getPort() > 0 ? url.getPort() : "http".equalsIgnoreCase(url.getScheme()) ? 80 : 443;
        String hostPort = url.getHost() + ":" + port;
        if (checkedHosts.contains(hostPort)) {
            return;
        }
        String fix = hasAny(config.getBaseUrl()) ? "check " + setting(name, "base-url") + " (" + env(name, "base-url") + ")"
                : "check " + setting(name, "server") + " (" + env(name, "server") + "), the code from Wolkvox support, e.g. 0012";
        try (Socket socket = new Socket()) {
            InetAddress address = InetAddress.getByName(url.getHost());
            socket.connect(new InetSocketAddress(address, port), (int) Math.min(Integer.MAX_VALUE, config.getConnectTimeout()));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Wolkvox host " + url.getHost() + " of account '" + name + "' does not exist (DNS): " + fix);
        } catch (IOException e) {
            throw new IllegalArgumentException("Wolkvox host " + hostPort + " of account '" + name + "' cannot be reached ("
                    + e.getClass().getSimpleName() + "): " + fix);
        }
        checkedHosts.add(hostPort);
    }

    private synchronized SandboxProvider sandboxProvider() {
        if (sandboxProvider == null) {
            SandboxProvider found = getCamelContext().getRegistry().findSingleByType(SandboxProvider.class);
            if (found == null) {
                throw new IllegalStateException("Sandbox mode (" + sandboxReason + "), but no Wolkvox sandbox is installed:"
                        + " set wolkvox.token (WOLKVOX_TOKEN) and wolkvox.server (WOLKVOX_SERVER) of a real operation");
            }
            sandboxProvider = found;
        }
        return sandboxProvider;
    }

    /**
     * A friendly {@code wolkvox.<key>} fills a setting Camel's own path left unset (blank, or the
     * built-in default). Set both ways to different values, it fails: neither silently wins.
     */
    private <T> void friendly(String key, String option, Function<String, T> parse, Supplier<T> current, T builtIn, Consumer<T> set) {
        Optional<String> value = prop(key);
        if (value.isEmpty()) {
            return;
        }
        T given;
        try {
            given = parse.apply(value.get());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PREFIX + key + " (" + env("default", key) + ") is not a valid value");
        }
        if (Objects.equals(given, builtIn)) {
            return; // application.properties documents the default: that is no choice of the user's
        }
        T now = current.get();
        boolean unset = now == null || now.toString().isBlank() || Objects.equals(now, builtIn);
        if (unset) {
            set.accept(given);
        } else if (!now.toString().strip().equals(given.toString().strip())) {
            throw new IllegalArgumentException(PREFIX + key + " (" + env("default", key) + ") and camel.component.wolkvox."
                    + option + " are both set, to different values: set only one");
        }
    }

    static String setting(String account, String key) {
        return "default".equals(account) ? PREFIX + key : ACCOUNTS + account + "." + key;
    }

    static String env(String account, String key) {
        return setting(account, key).toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static boolean hasAny(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return true;
            }
        }
        return false;
    }

    /** Whether every call goes to the sandbox (never some of them: sandbox mode is all or nothing). */
    public boolean isSandboxActive() {
        settle();
        return sandboxReason != null;
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

    /** The second gate behind the lanes (cluster mode), or null. */
    /**
     * The registry's TurnGate (cluster mode), looked up at the first call: a host or the cluster
     * support may bind it after the component started.
     */
    TurnGate turnGate() {
        if (!turnGateResolved) {
            turnGate = getCamelContext().getRegistry().findSingleByType(TurnGate.class);
            turnGateResolved = true;
        }
        return turnGate;
    }

    /** The circuit breaker and quota state of one of this component's lanes. */
    public AccountCircuit getCircuit(TokenLane lane) {
        return circuits.of(lane);
    }

    AccountCircuits circuits() {
        return circuits;
    }

    HttpComponent httpComponent() {
        return http;
    }

    ExecutorService callExecutor() {
        return callExecutor;
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
        this.sandbox = sandbox == null ? "auto" : sandbox.strip().toLowerCase(Locale.ROOT);
    }

    public long getCircuitProbeInterval() {
        return circuitProbeInterval;
    }

    public void setCircuitProbeInterval(long circuitProbeInterval) {
        this.circuitProbeInterval = circuitProbeInterval;
    }

    public boolean isHealthDetails() {
        return healthDetails;
    }

    public void setHealthDetails(boolean healthDetails) {
        this.healthDetails = healthDetails;
    }

    public long getQuotaRetryInterval() {
        return quotaRetryInterval;
    }

    public void setQuotaRetryInterval(long quotaRetryInterval) {
        this.quotaRetryInterval = quotaRetryInterval;
    }
}
