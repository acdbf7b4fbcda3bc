package io.github.camelwolkvox.component;

/**
 * A Wolkvox call that did not succeed. Carries what an operator or a retry policy needs; never the
 * token (messages from the server are scrubbed by the producer before they get here).
 */
public class WolkvoxApiException extends RuntimeException {

    private final WolkvoxApi api;
    private final WolkvoxFailure failure;
    private final int httpStatus;
    private final String code;
    private final String error;
    private final String msg;

    public WolkvoxApiException(WolkvoxOperation operation, WolkvoxFailure failure, int httpStatus, String code,
                               String error, String msg, Throwable cause) {
        this(WolkvoxApi.of(operation), failure, httpStatus, code, error, msg, cause);
    }

    /** A failed call of {@code api} (which also says whether repeating it is harmless). */
    public WolkvoxApiException(WolkvoxApi api, WolkvoxFailure failure, int httpStatus, String code,
                               String error, String msg, Throwable cause) {
        super(describe(api, failure, httpStatus, code, error, msg), cause);
        this.api = api;
        this.failure = failure;
        this.httpStatus = httpStatus;
        this.code = code;
        this.error = error;
        this.msg = msg;
    }

    private static String describe(WolkvoxApi operation, WolkvoxFailure failure, int httpStatus, String code,
                                   String error, String msg) {
        StringBuilder sb = new StringBuilder("Wolkvox ").append(operation).append(" failed (").append(failure);
        if (httpStatus > 0) {
            sb.append(", HTTP ").append(httpStatus);
        }
        if (code != null) {
            sb.append(", code ").append(code);
        }
        sb.append(failure.retryable() ? ", retryable" : ", not retryable").append(')');
        if (error != null && !error.isBlank()) {
            sb.append(": ").append(error);
        }
        if (msg != null && !msg.isBlank()) {
            sb.append(error != null && !error.isBlank() ? " - " : ": ").append(msg);
        }
        return sb.toString();
    }

    public WolkvoxOperation getOperation() {
        return api.operation();
    }

    /** What was called: file, api, method and whether it may be repeated. */
    public WolkvoxApi getApi() {
        return api;
    }

    public WolkvoxFailure getFailure() {
        return failure;
    }

    public int getHttpStatus() {
        return httpStatus;
    }

    /** The envelope's code as the server sent it (number or string), or null when there was no envelope. */
    public String getCode() {
        return code;
    }

    public String getError() {
        return error;
    }

    public String getMsg() {
        return msg;
    }

    public boolean isRetryable() {
        return failure.retryable();
    }

    /** Whether repeating this very call is safe: retryable, and harmless to repeat for this operation. */
    public boolean isSafeToRetry() {
        return failure.retryable() && (api.idempotent() || !failure.mayHaveActed());
    }
}
