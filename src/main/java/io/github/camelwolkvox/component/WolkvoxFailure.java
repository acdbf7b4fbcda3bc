package io.github.camelwolkvox.component;

/**
 * The one classification of a failed Wolkvox call, shared by every trigger.
 * {@code retryable}: trying again may succeed. {@code mayHaveActed}: the server may have carried out
 * the request, so a non-idempotent operation (a dial rings a person) must not be repeated.
 */
public enum WolkvoxFailure {
    /** The connection could not be made: the request never left this machine. */
    CONNECT_FAILED(true, false),
    /** HTTP 403 "EXCEEDS THE LIMIT OF SIMULTANEOUS REQUESTS PER TOKEN": nothing was done. */
    TOKEN_BUSY(true, false),
    /**
     * HTTP 403 "PLEASE VALIDATE TOKEN" or 401 "PLEASE ENTER THE WOLKVOX-TOKEN": the token is wrong or
     * revoked. Nothing was done; the account's circuit opens until an operator fixes the token.
     */
    TOKEN_REFUSED(true, false),
    /** HTTP 403 "TOKEN LIMIT EXCEEDED": the token's daily quota is spent; nothing was done. */
    QUOTA_EXCEEDED(true, false),
    /** Any other HTTP 403 (the vendor's maintenance window): refused, nothing done, try later. */
    UNAVAILABLE(true, false),
    /**
     * Not sent: the account is paused (its circuit is open or its daily quota is spent). See
     * {@link AccountPausedException#getRetryAfter()}.
     */
    ACCOUNT_PAUSED(true, false),
    /** The server answered 5xx or an internal-error code. */
    SERVER_ERROR(true, true),
    /** The answer was not a Wolkvox envelope (HTML, truncated JSON, empty body). */
    MALFORMED_RESPONSE(true, true),
    /** No answer within the call's deadline, or the connection broke after the request was sent. */
    OUTCOME_UNKNOWN(true, true),
    /** The request was refused for its content: 400 and other 4xx (but 401/403), bad input. */
    REJECTED(false, false);

    private final boolean retryable;
    private final boolean mayHaveActed;

    WolkvoxFailure(boolean retryable, boolean mayHaveActed) {
        this.retryable = retryable;
        this.mayHaveActed = mayHaveActed;
    }

    public boolean retryable() {
        return retryable;
    }

    public boolean mayHaveActed() {
        return mayHaveActed;
    }
}
