package io.github.camelwolkvox.queue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.ServiceStatus;
import org.apache.camel.spi.OnCamelContextStarting;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.camelwolkvox.component.TokenWaitTimeoutException;
import io.github.camelwolkvox.component.WolkvoxApiException;
import io.github.camelwolkvox.component.WolkvoxConstants;
import io.github.camelwolkvox.component.WolkvoxValidationException;
import io.github.camelwolkvox.component.WolkvoxValidationException.FieldError;
import io.github.camelwolkvox.component.model.DialRequest;
import io.github.camelwolkvox.component.model.DialResult;
import io.github.camelwolkvox.component.model.Interaction;
import io.github.camelwolkvox.component.model.WolkvoxResponse;
import io.github.camelwolkvox.db.Jdbc;

/**
 * The Java side of the request tables read by the routes of the template
 * {@code wolkvox-request-queue} ({@code camel-wolkvox/templates/request-queue.camel.yaml}): which
 * operation each table's rows are, the start-up recovery of rows a crash left {@code IN_FLIGHT}, the
 * check of the account a row names, and the one decision of what a request whose call failed becomes.
 *
 * <p>Bound in the registry (as {@code wolkvoxQueue}), it recovers while the CamelContext is starting,
 * before any route consumer, so before any poller, has started: Camel calls every
 * {@link OnCamelContextStarting} bean of the registry at that point.
 */
public class RequestQueue implements OnCamelContextStarting, CamelContextAware {

    public static final List<String> TABLES = List.of("wolkvox_dial_request", "wolkvox_interaction_request");

    /** Route variables: the request table and the row's id (set by the queue route from the polled row). */
    public static final String TABLE = "table";
    public static final String REQUEST_ID = "requestId";
    /** Route variables the outcome of each call sets, written back by {@link #writeOutcome}. */
    public static final String STATUS = "status";
    public static final String RESULT = "result";
    public static final String ERROR = "error";
    public static final String RETRY_DELAY = "retryDelay";
    /** Route variable: the row's source; {@value #SOURCE_REST} rows are recorded by the REST API. */
    public static final String SOURCE = "source";
    public static final String SOURCE_REST = "rest";
    public static final String SOURCE_REST_ASYNC = "rest-async";
    /** Route variable: the REST caller's Idempotency-Key, recorded with its row. */
    public static final String IDEMPOTENCY_KEY = "idempotencyKey";
    /** Route variable: whether this exchange won the claim of its row. */
    public static final String CLAIMED = "claimed";
    /** Route variable: the row's attempts before this claim (the claim adds one). */
    public static final String PREVIOUS_ATTEMPTS = "previousAttempts";
    /** Route variable: the account the call goes to, empty for the default account. */
    public static final String ACCOUNT = "account";
    /** Route variable: the Wolkvox operation of the row's table. */
    public static final String OPERATION = "operation";

    private static final Logger LOG = LoggerFactory.getLogger(RequestQueue.class);
    private static final Pattern ACCOUNT_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** The result column of each table and its width (queue-schema.sql): a longer value is cut to fit. */
    private static final Map<String, String> RESULT_COLUMN = Map.of(TABLES.get(0), "conn_id", TABLES.get(1), "result_msg");
    private static final Map<String, Integer> RESULT_WIDTH = Map.of(TABLES.get(0), 200, TABLES.get(1), 1000);
    /** The Wolkvox operation each table's rows ask for. */
    private static final Map<String, String> OPERATION_OF = Map.of(TABLES.get(0), "dial", TABLES.get(1), "addInteraction");
    private static final int MAX_ERROR_LENGTH = 2000;
    /**
     * SET clause: a row that ends (params: its new status, the global callback URL) with a callback
     * URL of its own or a global one gets its outcome callback due now (OutcomeCallbacks sends it).
     */
    private static final String CALLBACK_DUE = "callback_status = CASE WHEN CAST(? AS VARCHAR(16)) IN ('DONE', 'FAILED', 'REJECTED', 'UNKNOWN')"
            + " AND COALESCE(NULLIF(callback_url, ''), CAST(? AS VARCHAR(2000))) <> '' THEN 'PENDING' ELSE callback_status END,"
            + " callback_next_at = CURRENT_TIMESTAMP";

    private CamelContext camelContext;
    private DataSource dataSource;
    private boolean dialsEnabled = true;
    private boolean interactionsEnabled = true;
    private String instanceName;
    private String callbackUrl = "";
    private int maxAttempts = 10;
    private long initialDelay = 5_000;
    private double multiplier = 2;
    private long maxDelay = 300_000;

    @Override
    public void onContextStarting(CamelContext context) {
        recover();
    }

    /**
     * Rows this instance claimed and never finished (it crashed, or was killed, during their call)
     * become UNKNOWN: the call may have been made, so they are not retried. Only in the tables whose
     * poller is enabled: a table switched off is left as it is.
     */
    public int recover() {
        int total = 0;
        for (String table : TABLES) {
            if (!isEnabled(table)) {
                continue;
            }
            String sql = "UPDATE " + table + " SET status = 'UNKNOWN', last_error = ?, updated_at = CURRENT_TIMESTAMP, "
                    + CALLBACK_DUE + " WHERE status = 'IN_FLIGHT' AND claimed_by = ?";
            try {
                int n = update(sql, "outcome unknown, not retried: " + getInstanceName()
                        + " stopped during the call; check in Wolkvox before setting the row back to PENDING",
                        "UNKNOWN", getCallbackUrl(), getInstanceName());
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
     * Sets the route variables {@value #OPERATION}, from the table, and {@value #ACCOUNT}, from the
     * row's account column: empty for the default account, else the name of an account configured
     * under {@code wolkvox.accounts.<name>}. A row naming any other account is invalid: it must never
     * reach the default account or the sandbox.
     */
    public void prepare(Exchange exchange) {
        exchange.setVariable(OPERATION, OPERATION_OF.get(table(exchange)));
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

    /**
     * The claim of the row named by the route variables {@value #TABLE} and {@value #REQUEST_ID}, for
     * the component to make once the call has its turn on the token ({@link WolkvoxConstants#ON_TURN}):
     * PENDING to IN_FLIGHT, which only one poller of any instance can win. It is committed in its own
     * transaction, whatever the pool's auto-commit, before the call starts; so a crash during the
     * call leaves the row IN_FLIGHT, and a row still waiting for the token (or a shutdown during that
     * wait) leaves it PENDING. A lost claim makes no call.
     */
    public Predicate claimOnTurn() {
        return exchange -> {
            if (stopping(exchange)) {
                return false; // the turn came as the service shut down (a forced shutdown gives up on this exchange): no call
            }
            try {
                boolean won = update("UPDATE " + table(exchange) + " SET status = 'IN_FLIGHT', attempts = attempts + 1,"
                        + " claimed_by = ?, updated_at = CURRENT_TIMESTAMP WHERE id = ? AND status = 'PENDING'",
                        getInstanceName(), requestId(exchange)) == 1;
                exchange.setVariable(CLAIMED, won);
                return won;
            } catch (SQLException e) {
                throw new RuntimeCamelException("Cannot claim request " + requestId(exchange) + ": " + e.getMessage(), e);
            }
        };
    }

    /**
     * The record of a REST dial or interaction, for the component to make once the call has its turn
     * on the token: the request row is inserted already claimed (IN_FLIGHT, source rest, the
     * caller's Idempotency-Key), committed before the call, and the outcome is then written by
     * {@link #writeOutcome} like any queued row's. One audit trail, whatever the trigger.
     */
    public Predicate recordOnTurn() {
        return exchange -> {
            if (stopping(exchange)) {
                // The caller is waiting for an answer: "not made" must be an error, not a skipped call.
                throw new RejectedExecutionException("the service is shutting down: the call was not made, send it again later");
            }
            Object body = exchange.getMessage().getBody();
            try {
                exchange.setVariable(REQUEST_ID, insert(body, SOURCE_REST, exchange.getVariable(IDEMPOTENCY_KEY, String.class), true));
            } catch (SQLException e) {
                throw new RuntimeCamelException("Cannot record the request: " + e.getMessage(), e);
            }
            exchange.setVariable(TABLE, tableOf(body));
            exchange.setVariable(SOURCE, SOURCE_REST);
            exchange.setVariable(CLAIMED, true);
            return true;
        };
    }

    /**
     * A validated dial or interaction queued as a PENDING row, for the pollers to send like any
     * other row (an asynchronous REST request, source rest-async).
     *
     * @return the new row's id
     */
    public long enqueue(Object request, String source, String idempotencyKey) throws SQLException {
        return insert(request, source, idempotencyKey, false);
    }

    /** The request table of a dial or interaction record. */
    public static String tableOf(Object request) {
        if (request instanceof DialRequest) {
            return TABLES.get(0);
        }
        if (request instanceof Interaction) {
            return TABLES.get(1);
        }
        throw new IllegalArgumentException("not a dial or an interaction: " + (request == null ? null : request.getClass().getSimpleName()));
    }

    private long insert(Object request, String source, String key, boolean claimed) throws SQLException {
        tableOf(request); // a dial or an interaction, nothing else
        String state = claimed ? "'IN_FLIGHT', 1, ?" : "'PENDING', 0, ?";
        String owner = claimed ? getInstanceName() : null;
        if (request instanceof DialRequest d) {
            return Jdbc.insert(dataSource, "INSERT INTO wolkvox_dial_request (source, idempotency_key, agent_id, customer_phone,"
                    + " customer_id, customer_name, status, attempts, claimed_by) VALUES (?, ?, ?, ?, ?, ?, " + state + ")",
                    source, key, d.agentId(), d.customerPhone(), d.customerId(), d.customerName(), owner);
        }
        Interaction i = (Interaction) request;
        return Jdbc.insert(dataSource, "INSERT INTO wolkvox_interaction_request (source, idempotency_key, \"from\", \"to\","
                + " subject, body, rp_id, status, attempts, claimed_by) VALUES (?, ?, ?, ?, ?, ?, ?, " + state + ")",
                source, key, i.from(), i.to(), i.subject(), i.body(), i.rpId(), owner);
    }

    /** A row of a request table as it stands (lower-case column names), if there is one. */
    public Optional<Map<String, Object>> find(String table, long id) throws SQLException {
        if (!TABLES.contains(table)) {
            throw new IllegalArgumentException("not a request table: " + table);
        }
        return Jdbc.queryOne(dataSource, "SELECT * FROM " + table + " WHERE id = ?", id);
    }

    /**
     * Sets the outcome variables of a call Wolkvox carried out (the result is its conn_id or msg); of
     * none when the claim was lost to another poller.
     */
    public void succeeded(Exchange exchange) {
        if (exchange.getMessage().getHeader(WolkvoxConstants.CALL_SKIPPED, false, Boolean.class)) {
            exchange.setVariable(STATUS, null);
            return;
        }
        Object body = exchange.getMessage().getBody();
        String result = body instanceof DialResult dial ? dial.connId() : body instanceof WolkvoxResponse r ? r.msg() : null;
        setOutcome(exchange, new Outcome(RequestStatus.DONE, null, 0), result);
    }

    /** Sets the outcome variables of a request whose call (or its preparation) failed. */
    public void failed(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        int attempt = exchange.getVariable(PREVIOUS_ATTEMPTS, 0, Integer.class) + 1;
        Outcome outcome = outcomeOf(caught, attempt);
        if (outcome.status() == RequestStatus.PENDING && SOURCE_REST.equals(exchange.getVariable(SOURCE, String.class))) {
            // The REST caller has been answered and decides whether to send it again: no retry here.
            outcome = new Outcome(RequestStatus.FAILED, "not carried out, the REST caller was answered: " + outcome.error(), 0);
        }
        setOutcome(exchange, outcome, null);
        LOG.warn("{} request {}: {} after attempt {}: {}", exchange.getFromRouteId(),
                exchange.getVariable("requestId"), outcome.status(), attempt, outcome.error());
    }

    /**
     * Writes the outcome variables into the row, in a transaction of its own: into the IN_FLIGHT row
     * this exchange claimed, or (nothing was sent: invalid, no turn on the token) into the row while
     * it is still PENDING. The result and the message are cut to fit their columns (a note says so),
     * so a long answer of a call that was carried out can never make the write fail.
     *
     * @return whether the row was written (false: the claim was lost, or someone else changed the row)
     */
    public boolean writeOutcome(Exchange exchange) throws SQLException {
        String table = table(exchange);
        String status = exchange.getVariable(STATUS, String.class);
        if (status == null) {
            return false;
        }
        String result = exchange.getVariable(RESULT, String.class);
        String error = exchange.getVariable(ERROR, String.class);
        int width = RESULT_WIDTH.get(table);
        if (result != null && result.length() > width) {
            error = (error == null ? "" : error + "; ") + RESULT_COLUMN.get(table) + " of " + result.length()
                    + " characters cut to the column's " + width;
            result = result.substring(0, width);
        }
        boolean claimed = exchange.getVariable(CLAIMED, false, Boolean.class);
        long delay = exchange.getVariable(RETRY_DELAY, 0L, Long.class);
        return update("UPDATE " + table + " SET status = ?, " + RESULT_COLUMN.get(table) + " = ?, last_error = ?,"
                + " next_attempt_at = CURRENT_TIMESTAMP + CAST(? AS BIGINT) * INTERVAL '0.001' SECOND,"
                + " updated_at = CURRENT_TIMESTAMP, " + CALLBACK_DUE + " WHERE id = ? AND status = ?",
                status, result, fit(error), delay, status, getCallbackUrl(), requestId(exchange), claimed ? "IN_FLIGHT" : "PENDING") == 1;
    }

    private void setOutcome(Exchange exchange, Outcome outcome, String result) {
        exchange.setVariable(STATUS, outcome.status().name());
        exchange.setVariable(RESULT, result);
        exchange.setVariable(ERROR, outcome.error());
        exchange.setVariable(RETRY_DELAY, outcome.retryDelayMillis());
    }

    /** What a request becomes after its {@code attempt}-th call failed with {@code failure}. */
    Outcome outcomeOf(Throwable failure, int attempt) {
        WolkvoxValidationException invalid = ObjectHelper.getException(WolkvoxValidationException.class, failure);
        if (invalid != null) {
            return new Outcome(RequestStatus.REJECTED, "invalid request, not sent: " + invalid.getMessage(), 0);
        }
        WolkvoxApiException api = ObjectHelper.getException(WolkvoxApiException.class, failure);
        TokenWaitTimeoutException tokenWait = ObjectHelper.getException(TokenWaitTimeoutException.class, failure);
        if (tokenWait != null) {
            // No turn on the token, so no claim and no call: no attempt; wait, then try again.
            long delay = retryDelayMillis(1);
            return new Outcome(RequestStatus.PENDING, "not sent, next try in " + delay + " ms: " + tokenWait.getMessage(), delay);
        }
        if (api == null && ObjectHelper.getException(InterruptedException.class, failure) != null) {
            // The producer throws a bare InterruptedException only from the wait for the token (a
            // call under way fails as a WolkvoxApiException): nothing was claimed or sent.
            return new Outcome(RequestStatus.PENDING, "not sent: the wait for the token was interrupted", 0);
        }
        if (api != null && api.isSafeToRetry()) {
            // The request cannot have reached Wolkvox: sending it again cannot do it twice.
            if (attempt >= maxAttempts) {
                return new Outcome(RequestStatus.FAILED, "gave up after " + attempt + " attempts, none reached Wolkvox: "
                        + api.getMessage(), 0);
            }
            long delay = retryDelayMillis(attempt);
            return new Outcome(RequestStatus.PENDING, "attempt " + attempt + " did not reach Wolkvox, next in " + delay + " ms: "
                    + api.getMessage(), delay);
        }
        if (api != null && !api.getFailure().mayHaveActed()) {
            return new Outcome(RequestStatus.FAILED, api.getMessage(), 0);
        }
        String reason = api != null ? api.getMessage() : String.valueOf(failure);
        return new Outcome(RequestStatus.UNKNOWN, "outcome unknown, not retried (check in Wolkvox before setting the row"
                + " back to PENDING): " + reason, 0);
    }

    private int update(String sql, Object... params) throws SQLException {
        return Jdbc.update(dataSource, sql, params);
    }

    /** Stopping or stopped; a context still starting (pollers begin before it is Started) is not. */
    private static boolean stopping(Exchange exchange) {
        ServiceStatus status = exchange.getContext().getStatus();
        return status.isStopping() || status.isStopped();
    }

    private static String table(Exchange exchange) {
        String table = exchange.getVariable(TABLE, String.class);
        if (!TABLES.contains(table)) {
            throw new IllegalArgumentException("not a request table: " + table);
        }
        return table;
    }

    private static long requestId(Exchange exchange) {
        return exchange.getVariable(REQUEST_ID, Long.class);
    }

    private static String fit(String error) {
        return error != null && error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH - 3) + "..." : error;
    }

    /** Exponential back-off: initialDelay, then times multiplier per attempt, at most maxDelay. */
    long retryDelayMillis(int attempt) {
        double delay = initialDelay * Math.pow(multiplier, Math.max(0, attempt - 1));
        return (long) Math.min(delay, maxDelay);
    }

    record Outcome(RequestStatus status, String error, long retryDelayMillis) {
        Outcome {
            error = fit(error);
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

    /** Whether the poller of this request table runs (its start-up recovery with it). */
    public boolean isEnabled(String table) {
        return TABLES.get(0).equals(table) ? dialsEnabled : interactionsEnabled;
    }

    /** Both tables' switches at once (a host that runs both pollers or neither). */
    public void setEnabled(boolean enabled) {
        this.dialsEnabled = enabled;
        this.interactionsEnabled = enabled;
    }

    public boolean isDialsEnabled() {
        return dialsEnabled;
    }

    /** Whether the poller of wolkvox_dial_request runs; when not, that table's start-up recovery is skipped too. */
    public void setDialsEnabled(boolean dialsEnabled) {
        this.dialsEnabled = dialsEnabled;
    }

    public boolean isInteractionsEnabled() {
        return interactionsEnabled;
    }

    /** Whether the poller of wolkvox_interaction_request runs; when not, that table's start-up recovery is skipped too. */
    public void setInteractionsEnabled(boolean interactionsEnabled) {
        this.interactionsEnabled = interactionsEnabled;
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

    public String getCallbackUrl() {
        return callbackUrl;
    }

    /** Where the outcome of a row without a callback_url of its own is POSTed (empty: nowhere). */
    public void setCallbackUrl(String callbackUrl) {
        this.callbackUrl = callbackUrl == null ? "" : callbackUrl.strip();
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
