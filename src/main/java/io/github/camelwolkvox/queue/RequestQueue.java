package io.github.camelwolkvox.queue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.OnCamelContextStarting;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.camelwolkvox.component.TokenWaitTimeoutException;
import io.github.camelwolkvox.component.WolkvoxApiException;
import io.github.camelwolkvox.component.WolkvoxValidationException;
import io.github.camelwolkvox.component.WolkvoxValidationException.FieldError;

/**
 * The Java side of the request tables read by {@code routes/dial-queue.camel.yaml} and
 * {@code routes/interaction-queue.camel.yaml}: the start-up recovery of rows a crash left
 * {@code IN_FLIGHT}, the check of the account a row names, and the one decision of what a request
 * whose call failed becomes.
 *
 * <p>Bound in the registry (as {@code wolkvoxQueue}), it recovers while the CamelContext is starting,
 * before any route consumer, so before any poller, has started: Camel calls every
 * {@link OnCamelContextStarting} bean of the registry at that point.
 */
public class RequestQueue implements OnCamelContextStarting, CamelContextAware {

    public static final List<String> TABLES = List.of("wolkvox_dial_request", "wolkvox_interaction_request");

    /** Route variables the outcome UPDATE of each queue route writes. */
    public static final String STATUS = "status";
    public static final String ERROR = "error";
    public static final String RETRY_DELAY = "retryDelay";
    /** Route variable: the row's attempts before this claim (the claim adds one). */
    public static final String PREVIOUS_ATTEMPTS = "previousAttempts";
    /** Route variable: the account the call goes to, empty for the default account. */
    public static final String ACCOUNT = "account";

    private static final Logger LOG = LoggerFactory.getLogger(RequestQueue.class);
    private static final Pattern ACCOUNT_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final int MAX_ERROR_LENGTH = 2000;

    private CamelContext camelContext;
    private DataSource dataSource;
    private boolean enabled = true;
    private String instanceName;
    private int maxAttempts = 10;
    private long initialDelay = 5_000;
    private double multiplier = 2;
    private long maxDelay = 300_000;

    @Override
    public void onContextStarting(CamelContext context) {
        if (enabled) {
            recover();
        }
    }

    /**
     * Rows this instance claimed and never finished (it crashed, or was killed, during their call)
     * become UNKNOWN: the call may have been made, so they are not retried.
     */
    public int recover() {
        int total = 0;
        for (String table : TABLES) {
            String sql = "UPDATE " + table + " SET status = 'UNKNOWN', last_error = ?, updated_at = CURRENT_TIMESTAMP"
                    + " WHERE status = 'IN_FLIGHT' AND claimed_by = ?";
            try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
                st.setString(1, "outcome unknown, not retried: " + getInstanceName()
                        + " stopped during the call; check in Wolkvox before setting the row back to PENDING");
                st.setString(2, getInstanceName());
                int n = st.executeUpdate();
                if (n > 0) {
                    LOG.warn("{} row(s) of {} were IN_FLIGHT when {} last stopped: now UNKNOWN, not retried"
                            + " (check them in Wolkvox)", n, table, getInstanceName());
                }
                total += n;
            } catch (SQLException e) {
                throw new RuntimeCamelException("Cannot recover the IN_FLIGHT rows of " + table
                        + " (is the database reachable? wolkvox.db.url): " + e.getMessage(), e);
            }
        }
        return total;
    }

    /**
     * Sets the route variable {@value #ACCOUNT} from the row's account column: empty for the default
     * account, else the name of an account configured under {@code wolkvox.accounts.<name>}. A row
     * naming any other account is invalid: it must never reach the default account or the sandbox.
     */
    public void resolveAccount(Exchange exchange) {
        Object value = exchange.getMessage().getBody(Map.class).get("account");
        String account = value == null ? "" : value.toString().strip();
        if (!account.isEmpty()) {
            String prefix = "wolkvox.accounts." + account + ".";
            boolean configured = ACCOUNT_NAME.matcher(account).matches()
                    && List.of("token", "server", "base-url").stream().anyMatch(key ->
                    camelContext.getPropertiesComponent().resolveProperty(prefix + key).filter(v -> !v.isBlank()).isPresent());
            if (!configured) {
                throw new WolkvoxValidationException(List.of(new FieldError("account",
                        "no Wolkvox account named '" + account + "' is configured (wolkvox.accounts." + account
                                + ".token / .server); leave it empty for the default account")));
            }
        }
        exchange.setVariable(ACCOUNT, account);
    }

    /** Sets the variables the outcome UPDATE writes for a request whose call (or its preparation) failed. */
    public void failed(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        int attempt = exchange.getVariable(PREVIOUS_ATTEMPTS, 0, Integer.class) + 1;
        Outcome outcome = outcomeOf(caught, attempt);
        exchange.setVariable(STATUS, outcome.status().name());
        exchange.setVariable(ERROR, outcome.error());
        exchange.setVariable(RETRY_DELAY, outcome.retryDelayMillis());
        LOG.warn("{} request {}: {} after attempt {}: {}", exchange.getFromRouteId(),
                exchange.getVariable("requestId"), outcome.status(), attempt, outcome.error());
    }

    /** What a request becomes after its {@code attempt}-th call failed with {@code failure}. */
    Outcome outcomeOf(Throwable failure, int attempt) {
        WolkvoxValidationException invalid = ObjectHelper.getException(WolkvoxValidationException.class, failure);
        if (invalid != null) {
            return new Outcome(RequestStatus.REJECTED, "invalid request, not sent: " + invalid.getMessage(), 0);
        }
        WolkvoxApiException api = ObjectHelper.getException(WolkvoxApiException.class, failure);
        TokenWaitTimeoutException tokenWait = ObjectHelper.getException(TokenWaitTimeoutException.class, failure);
        if (tokenWait != null || (api != null && api.isSafeToRetry())) {
            // The request cannot have reached Wolkvox: sending it again cannot do it twice.
            String reason = tokenWait != null ? tokenWait.getMessage() : api.getMessage();
            if (attempt >= maxAttempts) {
                return new Outcome(RequestStatus.FAILED, "gave up after " + attempt + " attempts, none reached Wolkvox: " + reason, 0);
            }
            long delay = retryDelayMillis(attempt);
            return new Outcome(RequestStatus.PENDING, "attempt " + attempt + " did not reach Wolkvox, next in " + delay + " ms: " + reason, delay);
        }
        if (api != null && !api.getFailure().mayHaveActed()) {
            return new Outcome(RequestStatus.FAILED, api.getMessage(), 0);
        }
        String reason = api != null ? api.getMessage() : String.valueOf(failure);
        return new Outcome(RequestStatus.UNKNOWN, "outcome unknown, not retried (check in Wolkvox before setting the row"
                + " back to PENDING): " + reason, 0);
    }

    /** Exponential back-off: initialDelay, then times multiplier per attempt, at most maxDelay. */
    long retryDelayMillis(int attempt) {
        double delay = initialDelay * Math.pow(multiplier, Math.max(0, attempt - 1));
        return (long) Math.min(delay, maxDelay);
    }

    record Outcome(RequestStatus status, String error, long retryDelayMillis) {
        Outcome {
            error = error != null && error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH - 3) + "..." : error;
        }
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    public DataSource getDataSource() {
        return dataSource;
    }

    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public boolean isEnabled() {
        return enabled;
    }

    /** Whether the queue routes run; when not, start-up recovery is skipped too. */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** The name this instance writes into claimed_by; the host name unless set. */
    public synchronized String getInstanceName() {
        if (instanceName == null || instanceName.isBlank()) {
            try {
                instanceName = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                instanceName = "localhost";
            }
        }
        return instanceName;
    }

    public synchronized void setInstanceName(String instanceName) {
        this.instanceName = instanceName == null ? null : instanceName.strip();
    }

    public int getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public long getInitialDelay() {
        return initialDelay;
    }

    public void setInitialDelay(long initialDelay) {
        this.initialDelay = initialDelay;
    }

    public double getMultiplier() {
        return multiplier;
    }

    public void setMultiplier(double multiplier) {
        this.multiplier = multiplier;
    }

    public long getMaxDelay() {
        return maxDelay;
    }

    public void setMaxDelay(long maxDelay) {
        this.maxDelay = maxDelay;
    }
}
