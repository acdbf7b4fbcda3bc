package io.github.camelwolkvox.rest;

/**
 * A request the API refuses before any Wolkvox call, with the status and error name of its answer:
 * 409 {@code idempotency_conflict} (the first request with the key is still under way), 422
 * {@code idempotency_mismatch} (the key was used with another body), 413 {@code too_many_items}.
 */
public class RestRefusalException extends RuntimeException {

    private final int status;
    private final String error;

    public RestRefusalException(int status, String error, String message) {
        super(message);
        this.status = status;
        this.error = error;
    }

    public int getStatus() {
        return status;
    }

    public String getError() {
        return error;
    }
}
