package io.github.camelwolkvox.component;

/**
 * The one classification of a failed Wolkvox call, shared by every trigger.
 * {@code retryable}: trying again may succeed. {@code mayHaveActed}: the server may have carried out
 * the request, so a non-idempotent operation (a dial rings a person) must not be repeated.
 */
public enum WolkvoxFailure {
    /** The connection could not be made: the request never left this machine. */
    CONNECT_FAILED(true, false),
    /** Wolkvox refused the call because the token was in use: nothing was done. */
    TOKEN_BUSY(true, false),
    /** The server answered 5xx or an internal-error code. */
    SERVER_ERROR(true, true),
    /** The answer was not a Wolkvox envelope (HTML, truncated JSON, empty body). */
    MALFORMED_RESPONSE(true, true),
    /** No answer within the read timeout, or the connection broke after the request was sent. */
    OUTCOME_UNKNOWN(true, true),
    /** The request was refused for its content or its credentials: 4xx, invalid token, limits. */
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
