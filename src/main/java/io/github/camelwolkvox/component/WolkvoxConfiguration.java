package io.github.camelwolkvox.component;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/**
 * Settings of one Wolkvox account. The component holds the defaults (filled from the
 * {@code wolkvox.*} properties); an endpoint copies them and applies its own URI options.
 */
@UriParams
public class WolkvoxConfiguration implements Cloneable {

    @UriParam(description = "Named account whose server and token to use (wolkvox.accounts.<name>.*);"
            + " empty means the default account (wolkvox.server / wolkvox.token)")
    private String account;
    @UriParam(description = "The operation's server code given by Wolkvox support, e.g. 0012 for wv0012")
    private String server;
    @UriParam(label = "security", secret = true,
              description = "The operation's API token, sent as the wolkvox-token header. Prefer a property"
                      + " or an environment variable to a value in the URI")
    @Metadata(secret = true)
    private String token;
    @UriParam(description = "Full base URL overriding https://wv{server}.wolkvox.com (a proxy or a test double);"
            + " the component appends /api/v2/<file>.php?api=...")
    private String baseUrl;
    @UriParam(defaultValue = "10000", description = "Connect timeout in milliseconds")
    private long connectTimeout = 10_000;
    @UriParam(defaultValue = "60000", description = "Read timeout in milliseconds (Wolkvox allows up to 60 s a call)")
    private long readTimeout = 60_000;
    @UriParam(defaultValue = "60000", description = "Overall deadline of a call in milliseconds, from sending the request"
            + " to the last byte of the answer (the read timeout is per read: a trickling answer never reaches it)")
    private long callTimeout = 60_000;
    @UriParam(defaultValue = "60000", description = "How long Wolkvox may still work on a call the client gave up on"
            + " (the vendor's ceiling is 60 s): the token's turn is held until this long after the request was sent")
    private long serverCallLimit = 60_000;
    @UriParam(defaultValue = "1", description = "Calls in flight at once with one token, across the JVM")
    private int maxConcurrentPerToken = 1;
    @UriParam(defaultValue = "300000", description = "Longest wait in milliseconds for a turn on the token")
    private long tokenWaitTimeout = 300_000;
    @UriParam(defaultValue = "batch", enums = "interactive,batch",
              description = "Interactive callers are served before batch callers waiting for the same token")
    private CallPriority priority = CallPriority.batch;

    public WolkvoxConfiguration copy() {
        try {
            return (WolkvoxConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    /** The account's name, "default" for the default account. */
    public String label() {
        return account == null || account.isBlank() ? "default" : account;
    }

    /** The server code as Wolkvox support writes it ("wv0012") or bare ("0012"): the bare code. */
    static String serverCode(String server) {
        return server == null ? null : server.strip().replaceFirst("(?i)^wv", "");
    }

    /** The base URL to call: the override, or the host derived from the server code. */
    public String resolvedBaseUrl() {
        String url = baseUrl != null && !baseUrl.isBlank() ? baseUrl.strip() : "https://wv" + server.strip() + ".wolkvox.com";
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public String getAccount() {
        return account;
    }

    public void setAccount(String account) {
        this.account = account;
    }

    public String getServer() {
        return server;
    }

    public void setServer(String server) {
        this.server = serverCode(server);
    }

    public String getToken() {
        return token;
    }

    public void setToken(String token) {
        this.token = token;
    }

    public String getBaseUrl() {
        return baseUrl;
    }

    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public long getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(long connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public long getReadTimeout() {
        return readTimeout;
    }

    public void setReadTimeout(long readTimeout) {
        this.readTimeout = readTimeout;
    }

    public long getCallTimeout() {
        return callTimeout;
    }

    public void setCallTimeout(long callTimeout) {
        this.callTimeout = callTimeout;
    }

    public long getServerCallLimit() {
        return serverCallLimit;
    }

    public void setServerCallLimit(long serverCallLimit) {
        this.serverCallLimit = serverCallLimit;
    }

    public int getMaxConcurrentPerToken() {
        return maxConcurrentPerToken;
    }

    public void setMaxConcurrentPerToken(int maxConcurrentPerToken) {
        this.maxConcurrentPerToken = maxConcurrentPerToken;
    }

    public long getTokenWaitTimeout() {
        return tokenWaitTimeout;
    }

    public void setTokenWaitTimeout(long tokenWaitTimeout) {
        this.tokenWaitTimeout = tokenWaitTimeout;
    }

    public CallPriority getPriority() {
        return priority;
    }

    public void setPriority(CallPriority priority) {
        this.priority = priority;
    }

    @Override
    public String toString() {
        return "WolkvoxConfiguration[account=" + (account == null ? "" : account) + ", server=" + server
                + ", baseUrl=" + baseUrl + ", token=" + (token == null || token.isBlank() ? "<none>" : "****") + "]";
    }
}
