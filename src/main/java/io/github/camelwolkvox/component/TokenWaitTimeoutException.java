package io.github.camelwolkvox.component;

import java.time.Duration;

/** The token stayed busy for longer than the configured bound; the call was not made. */
public class TokenWaitTimeoutException extends RuntimeException {

    private final String lane;
    private final Duration waited;

    public TokenWaitTimeoutException(String lane, Duration waited, int queueDepth) {
        super("Waited " + waited.toMillis() + " ms for the Wolkvox token of account '" + lane
                + "' without getting it (" + queueDepth + " other calls waiting); the call was not made");
        this.lane = lane;
        this.waited = waited;
    }

    public String getLane() {
        return lane;
    }

    public Duration getWaited() {
        return waited;
    }
}
